// The demo's bank and electronic-guarantee issuer for `npm start` (@ggzy/api/demo-partners): configured for the api
// only where no real ones are (GGZY_BANK_CALLBACK_KEYS, GGZY_GUARANTEE_ISSUERS, or their …_FILE forms).
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

/** The settings the api gets for the demo partners, and the running issuer (null when real ones are configured). */
export async function demoPartnersEnv(dataDir, env) {
  const demo = require('@ggzy/api/demo-partners');
  const partners = demo.ensureDemoPartners(dataDir);
  const out = { env: {}, issuer: null, bankId: partners.bank.id, dir: partners.dir };
  if (!env.GGZY_BANK_CALLBACK_KEYS && !env.GGZY_BANK_CALLBACK_KEYS_FILE) out.env.GGZY_BANK_CALLBACK_KEYS_FILE = partners.bankKeysFile;
  if (!env.GGZY_GUARANTEE_ISSUERS && !env.GGZY_GUARANTEE_ISSUERS_FILE) {
    out.issuer = await demo.startDemoIssuer(partners);
    out.env.GGZY_GUARANTEE_ISSUERS_FILE = partners.issuersFile;
  }
  return out;
}
