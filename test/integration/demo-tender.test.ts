// The demo driver (`npm run demo:tender`) against a started platform: a construction tender in the training sandbox
// (演练区) driven through the HTTP api only — staff, the tenderee and three bidders (both CAs) with their certificates,
// one deposit by electronic guarantee and two by the bank's signed notification, three bids sealed as the browser
// seals them — and, with `--until opened`, decrypted in the opening hall on the sandbox's compressed clock. What it
// claims is checked in the database: the bids sealed (no price in clear before the opening), the deposits, the
// sandbox marks, and that nothing of the sandbox shows among the real deals.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Region } from '@ggzy/db';
import { httpGuaranteeIssuers, loadTrustStore, seedDemoParties, seedDemoProcedures } from '@ggzy/domain';
import { ensureDemoPartners, startDemoIssuer, type RunningIssuer } from '@ggzy/api/demo-partners';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

jest.setTimeout(420_000);

const REPO = path.resolve(__dirname, '..', '..');
const SANDBOX = '990900';

interface DriverResult { dealCode: string; workflowId: string; bids: number; bidPricesFen: number[] }

/** Runs the driver as a user runs it, against the platform's port; answers its output's last line. */
function runDriver(port: number, dataDir: string, until: string): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'scripts', 'demo-tender.mjs'), '--until', until], {
      cwd: REPO, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GGZY_DATA_DIR: dataDir, GGZY_DEMO_PASSWORD: DEMO_PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, lines: stdout.trim().split('\n'), stderr }));
  });
}

function resultOf(run: { code: number | null; lines: string[]; stderr: string }): DriverResult {
  if (run.code !== 0) throw new Error(`the driver failed (exit ${run.code}):\n${run.lines.join('\n')}\n${run.stderr}`);
  return JSON.parse(run.lines.at(-1)!) as DriverResult;
}

describe('the demo driver against a started platform, in the sandbox region', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let issuer: RunningIssuer;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-demo-tender-'));
    await seedDemoProcedures(database.db, '990000');
    await seedDemoParties(database.db, dataDir);
    // the test's sandbox runs one day to a second, no period shorter than 20 s: a 20-day bidding period lasts 20 s
    await Region.query(database.db).findById(SANDBOX).patch({ sandbox_day_seconds: 1, sandbox_shortest_seconds: 20 });
    const partners = ensureDemoPartners(dataDir);
    issuer = await startDemoIssuer(partners);
    platform = await startPlatform(database.db, {
      trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')),
      bankKeys: new Map([[partners.bank.id, partners.bank.key]]),
      guaranteeIssuers: httpGuaranteeIssuers([{ id: partners.issuer.id, name: partners.issuer.name, url: issuer.url, token: partners.issuer.token }]),
    });
    port = Number(new URL(platform.baseUrl).port);
  });
  afterAll(async () => {
    await platform?.stop();
    await issuer?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('--until sealed: three sealed bids, deposits by guarantee and by bank notification, all marked 演练 and kept apart', async () => {
    const result = resultOf(await runDriver(port, dataDir, 'sealed'));
    expect(result.dealCode).toMatch(/^990900-\d{4}-JS-\d{5}$/);
    expect(result.workflowId).toBe(`deal-${result.dealCode}`);
    expect(result.bids).toBe(3);
    expect(result.bidPricesFen).toHaveLength(3);
    for (const price of result.bidPricesFen) expect(price).toBeGreaterThanOrEqual(100_000_000);

    const db = database.db;
    const deal = await db('deals').where('deal_code', result.dealCode).first();
    expect(Boolean(deal.is_sandbox)).toBe(true);
    // sealed, signed envelopes from three subjects, one of them on the SM2 CA; no price anywhere in clear
    const envelopes = await db('bid_envelopes as e').join('bid_submissions as s', 's.id', 'e.submission_id').join('bids as b', 'b.id', 's.bid_id')
      .join('sections as x', 'x.id', 'b.section_id').where('x.deal_id', deal.id).select('e.envelope', 'e.key_algorithm', 'e.opened_content', 'b.price_fen', 'b.bidder_subject_id');
    expect(envelopes).toHaveLength(3);
    expect(new Set(envelopes.map((e: { bidder_subject_id: number }) => e.bidder_subject_id)).size).toBe(3);
    expect(envelopes.map((e: { key_algorithm: string }) => e.key_algorithm)).toContain('sm2');
    for (const e of envelopes) {
      expect(e.opened_content).toBeNull();
      expect(e.price_fen).toBeNull();
      for (const price of result.bidPricesFen) expect(e.envelope).not.toContain(String(price));
    }
    // deposits: one electronic guarantee, two cash payments notified by the bank
    const deposits = await db('deposits as d').join('sections as x', 'x.id', 'd.section_id').where('x.deal_id', deal.id).select('d.*');
    expect(deposits).toHaveLength(3);
    expect(deposits.filter((d: { guarantee_no: string | null }) => d.guarantee_no).length).toBe(1);

    // every notice of the deal says 演练; none is among the real notices, all among the sandbox's
    const notices = await db('notices').where('deal_id', deal.id);
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) {
      expect(n.title.startsWith('【演练】')).toBe(true);
      expect(n.body).toContain('演练');
    }
    const real = await call(platform.baseUrl, 'GET', '/api/public/notices?pageSize=50');
    expect(real.body.items.map((n: { dealCode: string }) => n.dealCode)).not.toContain(result.dealCode);
    const sandbox = await call(platform.baseUrl, 'GET', '/api/public/notices?sandbox=true&pageSize=50');
    expect(sandbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ dealCode: result.dealCode, sandbox: true })]));
    expect((await call(platform.baseUrl, 'GET', `/api/public/ocds/records/${result.dealCode}`)).status).toBe(404);
    // the centre's staff find it among the sandbox's deals, not among the real ones
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const realDeals = await call(platform.baseUrl, 'GET', '/api/process-instances?limit=200', { token: staff });
    expect(realDeals.body.items.map((d: { dealCode: string }) => d.dealCode)).not.toContain(result.dealCode);
    const sandboxDeals = await call(platform.baseUrl, 'GET', '/api/process-instances?sandbox=true', { token: staff });
    expect(sandboxDeals.body.items.map((d: { dealCode: string }) => d.dealCode)).toContain(result.dealCode);
  });

  test('--until opened: the bids are decrypted in the hall and the opening record reads out every price', async () => {
    const started = Date.now();
    const result = resultOf(await runDriver(port, dataDir, 'opened'));
    expect(result.bids).toBe(3);
    const deal = await database.db('deals').where('deal_code', result.dealCode).first('id');
    const lines = await database.db('bid_opening_lines as l').join('bid_openings as o', 'o.id', 'l.opening_id').join('sections as x', 'x.id', 'o.section_id')
      .where('x.deal_id', deal.id).orderBy('l.line_no').select('l.price_fen', 'l.invalid_reason');
    expect(lines.map((l: { invalid_reason: string | null }) => l.invalid_reason)).toEqual([null, null, null]);
    expect(lines.map((l: { price_fen: unknown }) => Number(l.price_fen)).sort()).toEqual([...result.bidPricesFen].sort());
    expect(Date.now() - started).toBeLessThan(5 * 60_000); // minutes for days
  });
});
