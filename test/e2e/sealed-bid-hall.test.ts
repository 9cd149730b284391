// In a real browser: three demo bidders (two on the SM2 CA, one on the P-256 CA) sign in with their key files,
// register, and seal and submit their bids through the deal page — one with a bid document sent through the
// resumable uploads, one replacing its first bid — while every request body the browsers send is recorded: no price
// is ever in one. The deadline passes and bids.open removes the platform's seal; in the opening hall (live, server-sent
// events) two bidders press 解密 and their bids are read out, in their halls and in the supervisor's; the third does
// not, and when the window has passed bids.finalizeOpening rejects it as not decrypted.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { runTask } from '../support/activities';
import { DEMO_BIDDERS, openPartyDeal } from '../support/party-deals';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(300_000);

const DEAL = '990100-2026-JS-00063';
const S1 = `${DEAL}-01`;
const TITLE = '东湖市第四中学实验楼新建工程';

interface Bidder { file: string; name: string; price: string; fen: number; days: number; commitments: string[]; first?: { price: string; fen: number } }
const BIDDERS: Bidder[] = [
  { file: 'bidder-dhjg-sm2.pem', name: DEMO_BIDDERS.dhjg.name, price: '9123456.78', fen: 912_345_678, days: 365, commitments: ['质量合格', '安全文明施工'], first: { price: '9876543.21', fen: 987_654_321 } },
  { file: 'bidder-xslq-ecdsa.pem', name: DEMO_BIDDERS.xslq.name, price: '9345678.90', fen: 934_567_890, days: 400, commitments: ['质量合格'] },
  { file: 'bidder-sfzn-sm2.pem', name: DEMO_BIDDERS.sfzn.name, price: '9567890.12', fen: 956_789_012, days: 380, commitments: [] },
];

/** Every way a price could be written: fen, yuan with and without separators. */
function priceForms(yuanText: string, fen: number): string[] {
  const [whole, decimals] = yuanText.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [String(fen), yuanText, `${grouped}.${decimals}`, whole!, grouped];
}

interface Sent { method: string; url: string; body: Buffer | null }

describe('sealed bids and the opening hall in the browser', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;
  const sent: Sent[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-hall-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    await openPartyDeal(database.db, { dealCode: DEAL, deadline: new Date(Date.now() + 2 * 86_400_000), title: TITLE });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(file: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    (page as Page & { problems?: string[] }).problems = problems;
    page.on('request', (request) => sent.push({ method: request.method(), url: request.url(), body: request.postDataBuffer() }));
    await page.goto(platform.baseUrl);
    await page.getByRole('tab', { name: '证书登录' }).click();
    await page.locator('input[type="file"]').setInputFiles(path.join(dataDir, 'pki', 'keys', file));
    await page.getByTestId('chosen-certificate').waitFor();
    await page.getByTestId('certificate-sign-in').click();
    await page.getByTestId('party-home').waitFor();
    return page;
  }

  /** Fills the bid and seals it; waits for the receipt of the version expected. */
  async function sealAndSubmit(page: Page, price: string, days: number, commitments: string[], version: number): Promise<void> {
    const panel = page.getByTestId(`bid-panel-${S1}`);
    const amount = panel.locator('input.ant-input-number-input').nth(0);
    await amount.fill(price);
    await amount.blur();
    await panel.locator('input.ant-input-number-input').nth(1).fill(String(days));
    await page.getByTestId('bid-commitments').fill(commitments.join('\n'));
    await page.getByTestId('seal-and-submit').click();
    await page.getByTestId(`bid-receipt-${S1}`).getByTestId('receipt-version').filter({ hasText: new RegExp(`^${version}$`) }).waitFor();
  }

  test('three bidders seal and submit, nothing of a price leaves a browser; two decrypt in the hall, the third is rejected', async () => {
    // — each bidder signs in, finds the deal, registers and seals its bid in its browser
    const document = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600 * 1024, '东湖市第四中学实验楼 投标文件 技术标 商务标\n')]);
    const documentFile = path.join(dataDir, '投标文件.pdf');
    writeFileSync(documentFile, document);
    const documentSha256 = createHash('sha256').update(document).digest('hex');

    for (const [i, b] of BIDDERS.entries()) {
      const page = await signIn(b.file);
      pages.push(page);
      await page.getByTestId('to-open-deals').click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByTestId(`register-${S1}`).click();
      await page.getByTestId(`bid-panel-${S1}`).waitFor();
      if (i === 0) {
        // the bid documents go through the resumable uploads; the browser digests them, the server checks the digest
        await page.getByTestId(`bid-panel-${S1}`).locator('input[type="file"]').setInputFiles(documentFile);
        await page.getByTestId('bid-documents').getByText(documentSha256).waitFor();
        expect(await page.getByTestId('bid-documents').textContent()).toContain('投标文件.pdf');
        // a first bid, then a replacement before the deadline: version 2
        await sealAndSubmit(page, b.first!.price, b.days, b.commitments, 1);
        await page.getByTestId(`current-bid-${S1}`).waitFor();
        const amount = page.getByTestId(`bid-panel-${S1}`).locator('input.ant-input-number-input').nth(0);
        expect(await amount.inputValue()).toBe('9,876,543.21'); // shown with thousands separators
        await screenshot(page, 'bid-page-first-version');
        await sealAndSubmit(page, b.price, b.days, b.commitments, 2);
        await page.getByTestId(`current-bid-${S1}`).getByText('第 2 版', { exact: false }).waitFor(); // the live hall follows
        expect(await page.getByTestId('receipt-envelope').textContent()).toMatch(/^[0-9a-f]{64}$/);
        await screenshot(page, 'bid-page-replaced');
      } else {
        await sealAndSubmit(page, b.price, b.days, b.commitments, 1);
      }
    }
    const receipts = (await pages[0]!.getByTestId('receipts').textContent())!;
    expect(receipts).toContain('递交投标文件');

    // — what the browsers sent: the bids went up sealed, the documents through the uploads; no price in any request
    const bids = sent.filter((s) => s.method === 'POST' && s.url.endsWith(`/sections/${S1}/bids`));
    expect(bids).toHaveLength(4);
    expect(sent.filter((s) => s.method === 'PATCH' && s.url.includes('/api/uploads/')).length).toBeGreaterThan(1); // sent in parts
    for (const s of bids) expect(JSON.parse(s.body!.toString('utf8'))).toEqual({ envelope: expect.objectContaining({ format: 'ggzy-sealed-bid/1' }), signature: expect.any(String), deviceId: expect.any(String) });
    const forms = BIDDERS.flatMap((b) => [...priceForms(b.price, b.fen), ...(b.first ? priceForms(b.first.price, b.first.fen) : [])]);
    for (const s of sent) {
      const text = `${s.url}\n${s.body?.toString('utf8') ?? ''}\n${s.body?.toString('latin1') ?? ''}`;
      for (const form of forms) if (text.includes(form)) throw new Error(`${s.method} ${s.url} carries ${form} in clear`);
    }
    // each browser kept one device id of its own for its uploads
    const devices = await database.db('bid_envelopes as e').join('bid_submissions as s', 's.id', 'e.submission_id').join('bids as b', 'b.id', 's.bid_id')
      .orderBy('s.id').select('b.bidder_subject_id', 'e.client_device_id');
    expect(devices).toHaveLength(4);
    expect(devices[0].client_device_id).toBe(devices[1].client_device_id);
    expect(new Set(devices.map((d: { client_device_id: string }) => d.client_device_id)).size).toBe(3);

    // — the supervisor watches the same hall, read-only
    const supervisor = (await loginSession(browser, platform.baseUrl, 'supervisor', DEMO_PASSWORD)).page;
    await supervisor.goto(`${platform.baseUrl}/opening-halls/${DEAL}/${S1}`);
    await expect(supervisor.getByTestId('hall-status').textContent()).resolves.toBe('等待开标');

    // — the deadline passes; the opening removes the platform's seal and opens the decryption window
    const deadline = new Date(Date.now() - 60_000);
    await database.db('deals').where('deal_code', DEAL).update({ bid_deadline_at: deadline.toISOString() });
    await runTask(database.db, {
      type: 'bids.open', nodeId: 'openBids', workflowId: `wf-${DEAL}`, dealCode: DEAL, input: { sectionCode: S1, deadline: deadline.toISOString(), decryptMinutes: 30 },
    }, { now: () => new Date() });
    for (const page of [...pages, supervisor]) await page.getByTestId('hall-status').getByText('解密中').waitFor();
    await pages[0]!.getByTestId('decrypt').waitFor();
    expect(await pages[0]!.getByTestId('decrypt-countdown').textContent()).toMatch(/^00:[0-3]\d:\d\d$/); // the 30 minutes' window
    await screenshot(pages[0]!, 'hall-before-decryption');
    await screenshot(supervisor, 'supervisor-hall-decrypting');

    // — two bidders decrypt in their browsers; the third does not
    for (const [i, page] of pages.slice(0, 2).entries()) {
      await page.getByTestId('decrypt').click();
      await page.getByTestId('my-decryption').getByText('已解密').waitFor();
      await page.getByTestId('read-out').getByText(BIDDERS[i]!.name).waitFor();
    }
    const readOut = supervisor.getByTestId('read-out');
    await readOut.getByText(BIDDERS[1]!.name).waitFor();
    const lines = await readOut.locator('tbody tr.ant-table-row').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(BIDDERS[0]!.name);
    expect(lines[0]).toContain('¥9,123,456.78');
    expect(lines[0]).toContain('365');
    expect(lines[0]).toContain('质量合格；安全文明施工');
    expect(lines[0]).toContain('投标文件.pdf');
    expect(lines[1]).toContain(BIDDERS[1]!.name);
    expect(lines[1]).toContain('¥9,345,678.90');
    expect(await readOut.textContent()).not.toContain('9,567,890.12');
    await pages[2]!.getByTestId('read-out').getByText(BIDDERS[1]!.name).waitFor();
    expect(await pages[2]!.getByTestId('decrypt').count()).toBe(1); // it could, and does not
    await screenshot(pages[1]!, 'hall-after-decryption');
    await screenshot(supervisor, 'supervisor-read-out');

    // — after the window the opening is closed: the third bid is rejected, never opened
    const finalized = await runTask(database.db, {
      type: 'bids.finalizeOpening', nodeId: 'finalize', workflowId: `wf-${DEAL}`, dealCode: DEAL, input: { sectionCode: S1 },
    }, { now: () => new Date(Date.now() + 31 * 60_000) });
    expect((finalized.result as { invalid: unknown[] }).invalid).toEqual([expect.objectContaining({ reason: 'not_decrypted' })]);
    for (const page of [...pages, supervisor]) await page.getByTestId('hall-status').getByText('开标结束').waitFor();
    for (const page of [pages[2]!, supervisor]) {
      await page.getByTestId('rejected').getByText(BIDDERS[2]!.name, { exact: false }).waitFor();
      expect(await page.getByTestId('rejected').textContent()).toContain('未在规定时间内解密');
    }
    expect(await pages[2]!.getByTestId('decrypt').count()).toBe(0);
    const opened = await database.db('bid_opening_lines').orderBy('line_no');
    expect(opened.map((l: { price_fen: unknown; invalid_reason: string | null }) => [l.price_fen === null ? null : Number(l.price_fen), l.invalid_reason]))
      .toEqual([[BIDDERS[0]!.fen, null], [BIDDERS[1]!.fen, null], [null, 'not_decrypted']]);
    await screenshot(pages[2]!, 'read-out-rejected-bidder');
    await screenshot(supervisor, 'supervisor-opening-closed');

    for (const page of [...pages, supervisor]) expect(pageErrors(page)).toEqual([]);
  });
});
