// The demo's payment partners, for `npm start` and the demo driver: a bank that keeps the deposit accounts (its key
// signs its deposit notifications, README "Deposits: the bank notification") and an electronic-guarantee issuer
// speaking the issuer protocol (README "Electronic guarantees: the issuer protocol"). Their secrets are made once
// into the data directory (0600), never into the repository; the issuer is a small HTTP server on 127.0.0.1 that
// issues guarantees on request (as an insurer's online counter would) and answers the platform's checks.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const DEMO_BANK_ID = 'demo-bank';
export const DEMO_ISSUER = { id: 'demo-guarantee', name: '示范融资担保有限公司（演示）' } as const;

export interface DemoPartners {
  dir: string;
  bank: { id: string; key: string };
  issuer: { id: string; name: string; token: string };
  /** For GGZY_BANK_CALLBACK_KEYS_FILE. */
  bankKeysFile: string;
  /** For GGZY_GUARANTEE_ISSUERS_FILE (written with the issuer's address once it listens). */
  issuersFile: string;
}

function writeSecret(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  chmodSync(file, 0o600);
}

/** The bank's key and the issuer's token, made once under `<dataDir>/demo-partners/`. */
export function ensureDemoPartners(dataDir: string): DemoPartners {
  const dir = path.join(dataDir, 'demo-partners');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretsFile = path.join(dir, 'secrets.json');
  if (!existsSync(secretsFile)) {
    writeSecret(secretsFile, JSON.stringify({ bankKey: randomBytes(32).toString('base64url'), issuerToken: randomBytes(32).toString('base64url') }));
  }
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { bankKey: string; issuerToken: string };
  const bankKeysFile = path.join(dir, 'bank-callback-keys');
  writeSecret(bankKeysFile, `${DEMO_BANK_ID}=${secrets.bankKey}`);
  return {
    dir, bank: { id: DEMO_BANK_ID, key: secrets.bankKey }, issuer: { ...DEMO_ISSUER, token: secrets.issuerToken },
    bankKeysFile, issuersFile: path.join(dir, 'guarantee-issuers.json'),
  };
}

/** The headers a bank signs a notification body with. */
export function bankSignatureHeaders(bank: { id: string; key: string }, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', bank.key).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-ggzy-bank': bank.id, 'x-ggzy-timestamp': timestamp, 'x-ggzy-signature': `v1=${signature}` };
}

interface StoredGuarantee {
  guaranteeNo: string; applicantCreditCode: string; dealCode: string; sectionCode: string; amountFen: number; validFrom: string; validUntil: string;
}

export interface RunningIssuer { url: string; close(): Promise<void> }

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (v: unknown, pattern: RegExp): string | null => (typeof v === 'string' && pattern.test(v) ? v : null);

/**
 * Starts the demo issuer on 127.0.0.1 (port 0: any free one) and writes the issuers file the api reads:
 * `POST /guarantees` {applicantCreditCode, dealCode, sectionCode, amountFen, validUntil} issues one → {guaranteeNo};
 * `POST /guarantees/verify` (the platform, with the bearer token) answers as the protocol says.
 */
export async function startDemoIssuer(partners: DemoPartners, port = 0): Promise<RunningIssuer> {
  const store = path.join(partners.dir, 'guarantees.json');
  const load = (): StoredGuarantee[] => (existsSync(store) ? (JSON.parse(readFileSync(store, 'utf8')) as StoredGuarantee[]) : []);
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = req.method === 'POST' ? await bodyOf(req) : null;
      if (!body) return reply(res, req.method === 'POST' ? 400 : 405, { error: 'POST a JSON object' });
      if (req.url === '/guarantees') {
        const applicantCreditCode = text(body.applicantCreditCode, /^[0-9A-Z]{18}$/);
        const dealCode = text(body.dealCode, /^[A-Za-z0-9-]{4,64}$/);
        const sectionCode = text(body.sectionCode, /^[A-Za-z0-9-]{4,64}$/);
        const validUntil = text(body.validUntil, /^\d{4}-\d{2}-\d{2}$/);
        const amountFen = typeof body.amountFen === 'number' && Number.isSafeInteger(body.amountFen) && body.amountFen > 0 ? body.amountFen : null;
        if (!applicantCreditCode || !dealCode || !sectionCode || !validUntil || !amountFen) return reply(res, 400, { error: 'applicantCreditCode, dealCode, sectionCode, amountFen, validUntil' });
        const issued: StoredGuarantee = {
          guaranteeNo: `DEMO-BH-${randomBytes(6).toString('hex').toUpperCase()}`, applicantCreditCode, dealCode, sectionCode, amountFen,
          validFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), validUntil,
        };
        writeSecret(store, JSON.stringify([...load(), issued]));
        return reply(res, 201, issued);
      }
      if (req.url === '/guarantees/verify') {
        if (req.headers.authorization !== `Bearer ${partners.issuer.token}`) return reply(res, 401, { error: 'unauthorized' });
        const found = load().find((g) => g.guaranteeNo === body.guaranteeNo);
        if (!found) return reply(res, 404, { status: 'unknown' });
        return reply(res, 200, { status: 'valid', ...found });
      }
      return reply(res, 404, { error: 'not found' });
    })().catch(() => reply(res, 500, { error: 'internal' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeSecret(partners.issuersFile, JSON.stringify([{ id: partners.issuer.id, name: partners.issuer.name, url, token: partners.issuer.token }]));
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
