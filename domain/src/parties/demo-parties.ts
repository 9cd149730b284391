// The demo province's parties for `npm start`: two demo CAs — one ECDSA P-256 (示范数字认证中心), one SM2 (示范国密认证中心)
// — in the data directory's trust store, each with a CRL revoking one demo certificate; companies with a person each
// and that person's key file (certificate + PKCS#8 private key, one PEM file) to sign in with; an expired and a
// revoked certificate to try the refusals. Made once; a later start only renews a CRL that comes due and binds the
// certificates into a database that does not have them yet. Demo material lives in the data directory, never in
// the repository.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCheckCharacter, type Db } from '@ggzy/db';
import { authorityCrl, createAuthority, issuePartyCertificate, keyFile, type Authority } from './pki/authority';
import { privateKeyInfo, readPrivateKeyInfo } from './pki/issue';
import { readPemBlocks, writePem } from './pki/pem';
import { parseCertificate, parseCrl, type KeyAlgorithm } from './pki/x509';
import { bindCertificate, type BindingRequest } from './binding';

const DAY = 86_400_000;

interface DemoCa { id: string; algorithm: KeyAlgorithm; commonName: string; organization: string }
const CAS: readonly DemoCa[] = [
  { id: 'demo-ecdsa', algorithm: 'ec-p256', commonName: '示范数字认证中心 Root CA', organization: '示范数字认证中心' },
  { id: 'demo-sm2', algorithm: 'sm2', commonName: '示范国密认证中心 SM2 Root CA', organization: '示范国密认证中心' },
];

type State = 'valid' | 'expired' | 'revoked';

export interface DemoParty {
  file: string;
  caId: string;
  state: State;
  subject: BindingRequest['subject'];
  person: BindingRequest['person'];
}

const code = (n: number) => withCheckCharacter(`91990100MA0000${String(n).padStart(3, '0')}`);
const DONGHU = '990100';
const XISHAN = '990200';
const subjects = {
  dhjg: { creditCode: code(101), name: '东湖建工集团有限公司', kind: 'bidder', regionCode: DONGHU, basicAccount: '6222990100000101' },
  xslq: { creditCode: code(102), name: '西山路桥工程有限公司', kind: 'bidder', regionCode: XISHAN, basicAccount: '6222990200000102' },
  sfzn: { creditCode: code(103), name: '示范智能科技有限公司', kind: 'bidder', regionCode: DONGHU, basicAccount: '6222990100000103' },
  dhct: { creditCode: code(201), name: '东湖市城市建设投资有限公司', kind: 'tenderee', regionCode: DONGHU },
  sfdl: { creditCode: code(301), name: '示范招标代理有限公司', kind: 'agent', regionCode: DONGHU },
  // the grantor of state-owned construction land (出让人) of 东湖市: an organ of government (统一社会信用代码 starting 11)
  dhzr: { creditCode: withCheckCharacter('11990100MB0000401'), name: '东湖市自然资源和规划局', kind: 'tenderee', regionCode: DONGHU },
} as const satisfies Record<string, BindingRequest['subject']>;

/** Who gets a key file, from which CA, in which state. */
export const DEMO_PARTIES: readonly DemoParty[] = [
  { file: 'bidder-dhjg-sm2.pem', caId: 'demo-sm2', state: 'valid', subject: subjects.dhjg, person: { name: '张伟', role: 'authorized_agent' } },
  { file: 'bidder-xslq-ecdsa.pem', caId: 'demo-ecdsa', state: 'valid', subject: subjects.xslq, person: { name: '李娜', role: 'authorized_agent' } },
  { file: 'bidder-sfzn-sm2.pem', caId: 'demo-sm2', state: 'valid', subject: subjects.sfzn, person: { name: '王强', role: 'legal_representative' } },
  // the same person's second certificate, from the other CA (多CA互认)
  { file: 'bidder-sfzn-ecdsa.pem', caId: 'demo-ecdsa', state: 'valid', subject: subjects.sfzn, person: { name: '王强', role: 'legal_representative' } },
  { file: 'tenderee-dhct-ecdsa.pem', caId: 'demo-ecdsa', state: 'valid', subject: subjects.dhct, person: { name: '刘洋', role: 'authorized_agent' } },
  { file: 'agency-sfdl-sm2.pem', caId: 'demo-sm2', state: 'valid', subject: subjects.sfdl, person: { name: '陈静', role: 'authorized_agent' } },
  { file: 'grantor-dhzr-sm2.pem', caId: 'demo-sm2', state: 'valid', subject: subjects.dhzr, person: { name: '周敏', role: 'authorized_agent' } },
  { file: 'expired-xslq-ecdsa.pem', caId: 'demo-ecdsa', state: 'expired', subject: subjects.xslq, person: { name: '李娜', role: 'authorized_agent' } },
  { file: 'revoked-dhjg-ecdsa.pem', caId: 'demo-ecdsa', state: 'revoked', subject: subjects.dhjg, person: { name: '张伟', role: 'authorized_agent' } },
  { file: 'revoked-sfdl-sm2.pem', caId: 'demo-sm2', state: 'revoked', subject: subjects.sfdl, person: { name: '陈静', role: 'authorized_agent' } },
];

export interface DemoPartiesResult {
  /** The trust store directory the api reads by default. */
  trustDir: string;
  /** Where the parties' key files are. */
  keyDir: string;
  created: boolean;
  renewedCrls: string[];
  bound: number;
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function loadAuthority(pkiDir: string, ca: DemoCa): Authority {
  const certificate = readPemBlocks(readFileSync(path.join(pkiDir, 'trust', ca.id, 'ca.pem'), 'utf8'))[0]!.der;
  const key = readPrivateKeyInfo(readPemBlocks(readFileSync(path.join(pkiDir, 'ca-keys', `${ca.id}.pem`), 'utf8'))[0]!.der);
  return { id: ca.id, algorithm: ca.algorithm, name: parseCertificate(certificate).subject.raw, key, certificate };
}

function createAll(pkiDir: string, now: Date): void {
  const keyDir = path.join(pkiDir, 'keys');
  for (const dir of ['ca-keys', 'keys']) mkdirSync(path.join(pkiDir, dir), { recursive: true, mode: 0o700 });
  const revoked = new Map<string, Array<{ serialNumber: Buffer; revokedAt: Date }>>();
  for (const ca of CAS) {
    const authority = createAuthority({ ...ca, now });
    mkdirSync(path.join(pkiDir, 'trust', ca.id), { recursive: true });
    writeFileSync(path.join(pkiDir, 'trust', ca.id, 'ca.pem'), writePem('CERTIFICATE', authority.certificate));
    writePrivate(path.join(pkiDir, 'ca-keys', `${ca.id}.pem`), writePem('PRIVATE KEY', privateKeyInfo(authority.key)));
    revoked.set(ca.id, []);
    for (const party of DEMO_PARTIES.filter((p) => p.caId === ca.id)) {
      const issued = issueFor(authority, party, now);
      if (party.state === 'revoked') revoked.get(ca.id)!.push({ serialNumber: issued.serialNumber, revokedAt: new Date(now.getTime() - 3_600_000) });
      writePrivate(path.join(keyDir, party.file), keyFile(issued));
    }
    writeCrl(pkiDir, authority, revoked.get(ca.id)!, 1, now);
  }
}

function issueFor(authority: Authority, party: DemoParty, now: Date) {
  const expired = party.state === 'expired';
  return issuePartyCertificate(authority, {
    organization: party.subject.name, commonName: party.person.name, creditCode: party.subject.creditCode,
    notBefore: new Date(now.getTime() - (expired ? 400 : 1) * DAY), notAfter: new Date(now.getTime() + (expired ? -30 : 730) * DAY),
  });
}

/** A valid demo party added after the PKI was made gets its key file from its CA at the next start. */
function issueMissing(pkiDir: string, now: Date): string[] {
  const issued: string[] = [];
  for (const ca of CAS) {
    const missing = DEMO_PARTIES.filter((p) => p.caId === ca.id && p.state === 'valid' && !existsSync(path.join(pkiDir, 'keys', p.file)));
    if (missing.length === 0) continue;
    const authority = loadAuthority(pkiDir, ca);
    for (const party of missing) {
      writePrivate(path.join(pkiDir, 'keys', party.file), keyFile(issueFor(authority, party, now)));
      issued.push(party.file);
    }
  }
  return issued;
}

function writeCrl(pkiDir: string, authority: Authority, revoked: ReadonlyArray<{ serialNumber: Buffer; revokedAt: Date }>, crlNumber: number, now: Date): void {
  const crl = authorityCrl(authority, { thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + 7 * DAY), revoked, crlNumber });
  writeFileSync(path.join(pkiDir, 'trust', authority.id, 'crl.pem'), writePem('X509 CRL', crl));
}

/** A CRL due within two days is issued again (same revocations, next number), as the CA would publish it. */
function renewCrls(pkiDir: string, now: Date): string[] {
  const renewed: string[] = [];
  for (const ca of CAS) {
    const file = path.join(pkiDir, 'trust', ca.id, 'crl.pem');
    const crl = parseCrl(readPemBlocks(readFileSync(file, 'utf8'))[0]!.der);
    if (crl.nextUpdate && crl.nextUpdate.getTime() > now.getTime() + 2 * DAY) continue;
    const revoked = [...crl.revoked.values()].map((r) => ({ serialNumber: Buffer.from(r.serialNumber, 'hex'), revokedAt: r.revokedAt }));
    writeCrl(pkiDir, loadAuthority(pkiDir, ca), revoked, Number.parseInt(crl.crlNumber ?? '1', 16) + 1, now);
    renewed.push(ca.id);
  }
  return renewed;
}

/** Makes the demo PKI under `<dataDir>/pki` once and binds its certificates into the database (idempotent). */
export async function seedDemoParties(db: Db, dataDir: string, now = new Date()): Promise<DemoPartiesResult> {
  const pkiDir = path.join(dataDir, 'pki');
  const keyDir = path.join(pkiDir, 'keys');
  const created = !existsSync(path.join(pkiDir, 'ca-keys'));
  if (created) createAll(pkiDir, now);
  const renewedCrls = created ? [] : renewCrls(pkiDir, now);
  if (!created) issueMissing(pkiDir, now);
  let bound = 0;
  for (const party of DEMO_PARTIES) {
    const file = path.join(keyDir, party.file);
    if (!existsSync(file)) continue; // an expired or revoked one removed by hand: leave it
    const certificate = readPemBlocks(readFileSync(file, 'utf8')).find((b) => b.label === 'CERTIFICATE');
    if (!certificate) continue;
    await bindCertificate(db, {
      subject: party.subject, person: party.person, caId: party.caId, certificatePem: writePem('CERTIFICATE', certificate.der), boundBy: 'demo-seed', now,
    });
    bound++;
  }
  return { trustDir: path.join(pkiDir, 'trust'), keyDir, created, renewedCrls, bound };
}
