// "Shows it is done" (不见面开标), in a real browser on the real dev server: a tender cut down to its bidding and opening
// (support/opening-drill.ts) runs in the worker. Three demo bidders (two on the SM2 CA, one on the P-256 CA) sign in
// with their key files, register, pay their deposits — two in cash (the bank's signed notification), one by electronic
// guarantee checked with its issuer — and seal and submit their bids in their browsers (one with a bid document sent
// through the resumable uploads, one replacing its first bid), then sign in to the hall with their certificates; every
// request body the browsers send is recorded, and no price is in one. Until the opening no price is anywhere: not in
// the workflow's history (every payload opened with the keys), not in any table, not in any api read as any staff
// role. At the announced time the worker removes the platform's seal; in the live hall two bidders decrypt, the third
// does not; a bidder's objection is answered by the agency there; after the window the worker closes the opening and
// rejects the third bid; the agency makes the opening record, which shows the prices, and two bidders confirm it with
// their certificates. Screenshots of the bid page, the hall before and after decryption and the record.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { temporal } from '@temporalio/proto';
import { BANK_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, apiRoutes, signCallback } from '@ggzy/api';
import { httpGuaranteeIssuers, loadTrustStore, seedDemoParties, type OpeningRecordDocument } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { dumpDatabase } from '../support/activities';
import { openSealedPayloads } from '../support/histories';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { DEMO_AGENCY, DEMO_BASIC_ACCOUNTS, DEMO_BIDDERS, DEMO_TENDEREE } from '../support/party-deals';
import { guaranteeIssuer, openingDrillBpmn } from '../support/opening-drill';
import { certificateSession, launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(420_000);

const TITLE = '东湖市第四中学实验楼新建工程';
const BANK_KEY = 'e2e-hall-bank-key-0123456789abcdefghijkl';
const ISSUER_TOKEN = 'e2e-hall-issuer-token-0123456789';
const DEPOSIT_FEN = 10_000_000;
/** From the start of the deal to its opening: time for three bidders to register, pay, bid and sign in. */
const BIDDING_SECONDS = 60;
const STAFF_ROLES = ['designer', 'staff', 'supervisor', 'admin', 'auditor'] as const;

interface Bidder { file: string; name: string; account: string | null; price: string; fen: number; days: number; commitments: string[]; first?: { price: string; fen: number } }
const BIDDERS: Bidder[] = [
  { file: 'bidder-dhjg-sm2.pem', name: DEMO_BIDDERS.dhjg.name, account: DEMO_BASIC_ACCOUNTS.dhjg, price: '9123456.78', fen: 912_345_678, days: 365, commitments: ['质量合格', '安全文明施工'], first: { price: '9876543.21', fen: 987_654_321 } },
  { file: 'bidder-xslq-ecdsa.pem', name: DEMO_BIDDERS.xslq.name, account: DEMO_BASIC_ACCOUNTS.xslq, price: '9345678.90', fen: 934_567_890, days: 400, commitments: ['质量合格'] },
  { file: 'bidder-sfzn-sm2.pem', name: DEMO_BIDDERS.sfzn.name, account: null /* by guarantee */, price: '9567890.12', fen: 956_789_012, days: 380, commitments: [] },
];

/** Every way a price could be written in a request: fen, yuan with and without separators, and its whole yuan. */
function priceForms(yuanText: string, fen: number): string[] {
  const [whole, decimals] = yuanText.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [String(fen), yuanText, `${grouped}.${decimals}`, whole!, grouped];
}
/** What is searched for in stored data (a bare whole number of 7 digits turns up by chance in hex and base64). */
const exactForms = (yuanText: string, fen: number) => priceForms(yuanText, fen).slice(0, 3);
const ALL_PRICES = BIDDERS.flatMap((b) => [[b.price, b.fen] as const, ...(b.first ? [[b.first.price, b.first.fen] as const] : [])]);

interface Sent { method: string; url: string; body: Buffer | null }

function findPrices(where: string, text: string, found: string[]): void {
  for (const [yuanText, fen] of ALL_PRICES) for (const form of exactForms(yuanText, fen)) if (text.includes(form)) found.push(`${where}: ${form}`);
}

describe('不见面开标: sealed bids, the hall, objections and the opening record in the browser, on the dev server', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;
  let issuer: Awaited<ReturnType<typeof guaranteeIssuer>>;
  const sent: Sent[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-hall-'));
    await seedDemoParties(database.db, dataDir);
    issuer = await guaranteeIssuer(ISSUER_TOKEN);
    platform = await startPlatform(database.db, {
      trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')), bankKeys: new Map([['dhbank', BANK_KEY]]),
      guaranteeIssuers: httpGuaranteeIssuers([{ id: 'dhbank-bh', name: '东湖银行保函中心', url: issuer.url, token: ISSUER_TOKEN }]),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await issuer?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(file: string): Promise<Page> {
    const page = await certificateSession(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file), { setUp: (page) => page.on('request', (request) => sent.push({ method: request.method(), url: request.url(), body: request.postDataBuffer() })) });
    return page;
  }

  /** Fills the bid and seals it; waits for the receipt of the version expected. */
  async function sealAndSubmit(page: Page, section: string, price: string, days: number, commitments: string[], version: number): Promise<void> {
    const panel = page.getByTestId(`bid-panel-${section}`);
    const amount = panel.locator('input.ant-input-number-input').nth(0);
    await amount.fill(price);
    await amount.blur();
    await panel.locator('input.ant-input-number-input').nth(1).fill(String(days));
    await page.getByTestId('bid-commitments').fill(commitments.join('\n'));
    await page.getByTestId('seal-and-submit').click();
    await page.getByTestId(`bid-receipt-${section}`).getByTestId('receipt-version').filter({ hasText: new RegExp(`^${version}$`) }).waitFor();
  }

  /** The bank tells the platform of a cash deposit into the bidder's sub-account (signed with the bank's key). */
  async function bankPays(account: string, payer: Bidder, n: number): Promise<void> {
    const body = JSON.stringify({ transactionId: `E2E-HALL-${n}`, creditedAccount: account, payerAccount: payer.account, payerName: payer.name, amountFen: DEPOSIT_FEN, bookedAt: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    const posted = await fetch(`${platform.baseUrl}/api/bank/deposit-notifications`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', [BANK_HEADER]: 'dhbank', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signCallback(BANK_KEY, timestamp, body) },
    });
    expect(await posted.json()).toMatchObject({ status: 'accepted' });
  }

  /** Every GET of the api, as each of the centre's roles, with the deal's own parameters: what each answer says. */
  async function everyStaffRead(samples: Record<string, string>): Promise<Array<{ where: string; text: string }>> {
    const answers: Array<{ where: string; text: string }> = [];
    for (const role of STAFF_ROLES) {
      const token = await loginAs(platform.baseUrl, role, DEMO_PASSWORD);
      for (const route of apiRoutes().filter((r) => r.method === 'get')) {
        const url = route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(samples[name] ?? '1'));
        const aborting = new AbortController();
        const res = await fetch(`${platform.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` }, signal: aborting.signal });
        // an event stream's first state comes at once; the stream is dropped then
        const text = res.headers.get('content-type')?.startsWith('text/event-stream')
          ? new TextDecoder().decode((await res.body!.getReader().read()).value)
          : Buffer.from(await res.arrayBuffer()).toString('utf8');
        aborting.abort();
        answers.push({ where: `GET ${url} as ${role} (${res.status})`, text });
      }
    }
    return answers;
  }

  test('bid, sign in, open, object and answer, record and confirm; no price anywhere before the opening', async () => {
    // — the parties sign in with their key files; the centre's staff start the deal, which the worker runs
    for (const b of BIDDERS) pages.push(await signIn(b.file));
    const agency = await signIn('agency-sfdl-sm2.pem');
    const supervisor = (await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD));
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    const processKey = 'opening_drill';
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml: openingDrillBpmn(processKey), regionCode: '990100' })).status).toBe(201);
    const openingAt = new Date(Date.now() + BIDDING_SECONDS * 1000);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', {
      token: await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD),
      body: {
        processKey, variables: {
          title: TITLE, estimateFen: 1_000_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY, sections: [{ name: '施工', estimateFen: 1_000_000_000 }],
          noticeBody: `${TITLE}现进行公开招标。`, documentsOnSaleUntil: new Date(Date.now() + 10 * 86_400_000).toISOString(), openingAt: openingAt.toISOString(),
        },
      },
    });
    expect(started.status).toBe(201);
    const { workflowId, dealCode } = started.body as { workflowId: string; dealCode: string };
    const S1 = `${dealCode}-01`;
    for (let i = 0; !(await database.db('bid_sealing_keys').first()); i++) {
      if (i > 300) throw new Error('bidding did not open');
      await new Promise((r) => setTimeout(r, 100));
    }
    // the agency publishes the tender documents with the deposit
    const agencyToken = (await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', 'agency-sfdl-sm2.pem')))).body.token as string;
    const published = await call(platform.baseUrl, 'POST', `/api/party/deals/${dealCode}/tender-documents`, {
      token: agencyToken, body: { fileName: '招标文件.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from(`%PDF-1.4\n${TITLE} 招标文件\n`).toString('base64'), deposits: [{ sectionCode: S1, depositFen: DEPOSIT_FEN }] },
    });
    expect(published.status).toBe(201);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    issuer.guarantees.set('BH-E2E-0001', { applicantCreditCode: DEMO_BIDDERS.sfzn.creditCode, dealCode, sectionCode: S1, amountFen: DEPOSIT_FEN, validFrom: day(-1), validUntil: day(90) });

    // — each bidder registers, pays its deposit, seals its bid in its browser and signs in to the hall
    const document = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(600 * 1024, '东湖市第四中学实验楼 投标文件 技术标 商务标\n')]);
    const documentFile = path.join(dataDir, '投标文件.pdf');
    writeFileSync(documentFile, document);
    const documentSha256 = createHash('sha256').update(document).digest('hex');
    const biddingStarted = Date.now();
    for (const [i, b] of BIDDERS.entries()) {
      const page = pages[i]!;
      await page.getByTestId('to-open-deals').click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByTestId(`register-${S1}`).click();
      await page.getByTestId(`bid-panel-${S1}`).waitFor();
      if (b.account) {
        await bankPays((await page.getByTestId(`deposit-account-${S1}`).textContent())!, b, i);
      } else {
        await page.getByTestId('party-sections').locator('.ant-select').click();
        await page.getByText('东湖银行保函中心').click();
        await page.getByPlaceholder('保函编号').fill('BH-E2E-0001');
        await page.getByRole('button', { name: '提交电子保函' }).click();
        await page.getByTestId(`deposit-${S1}`).getByText('BH-E2E-0001', { exact: false }).waitFor();
      }
      if (i === 0) {
        // the bid documents go through the resumable uploads; the browser digests them, the server checks the digest
        await page.getByTestId(`bid-panel-${S1}`).locator('input[type="file"]').setInputFiles(documentFile);
        await page.getByTestId('bid-documents').getByText(documentSha256).waitFor();
        // a first bid, then a replacement before the deadline: version 2
        await sealAndSubmit(page, S1, b.first!.price, b.days, b.commitments, 1);
        await page.getByTestId(`current-bid-${S1}`).waitFor();
        expect(await page.getByTestId(`bid-panel-${S1}`).locator('input.ant-input-number-input').nth(0).inputValue()).toBe('9,876,543.21');
        await sealAndSubmit(page, S1, b.price, b.days, b.commitments, 2);
        await page.getByTestId(`current-bid-${S1}`).getByText('第 2 版', { exact: false }).waitFor(); // the live hall follows
        expect(await page.getByTestId('receipt-envelope').textContent()).toMatch(/^[0-9a-f]{64}$/);
        await screenshot(page, 'bid-page');
      } else {
        await sealAndSubmit(page, S1, b.price, b.days, b.commitments, 1);
      }
      // 签到: the hall's challenge signed with the bidder's certificate
      await page.getByTestId('hall-sign-in').click();
      await page.getByTestId('my-sign-in').getByText('已签到', { exact: false }).waitFor();
    }
    process.stdout.write(`bidding took ${Math.round((Date.now() - biddingStarted) / 1000)} s of ${BIDDING_SECONDS}\n`);
    expect(Date.now()).toBeLessThan(openingAt.getTime()); // else the test measured nothing before the opening
    const deposits = await database.db('deposits').orderBy('id').select('form');
    expect(deposits.map((d: { form: string }) => d.form)).toEqual(['cash', 'cash', 'guarantee']);

    // — who signed in: the supervisors see the names before the opening, the agency how many
    const watch = (await loginSession(browser, platform.baseUrl, 'supervisor', DEMO_PASSWORD)).page;
    await watch.goto(`${platform.baseUrl}/opening-halls/${dealCode}/${S1}`);
    await watch.getByTestId('sign-in-list').getByText(BIDDERS[2]!.name).waitFor();
    await agency.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    await agency.getByTestId('sign-in-count').getByText('3').waitFor();

    // — what the browsers sent: the bids went up sealed; no price in any request
    const bids = sent.filter((s) => s.method === 'POST' && s.url.endsWith(`/sections/${S1}/bids`));
    expect(bids).toHaveLength(4);
    for (const s of bids) expect(JSON.parse(s.body!.toString('utf8'))).toEqual({ envelope: expect.objectContaining({ format: 'ggzy-sealed-bid/1' }), signature: expect.any(String), deviceId: expect.any(String) });
    const forms = BIDDERS.flatMap((b) => [...priceForms(b.price, b.fen), ...(b.first ? priceForms(b.first.price, b.first.fen) : [])]);
    for (const s of sent) {
      const text = `${s.url}\n${s.body?.toString('utf8') ?? ''}\n${s.body?.toString('latin1') ?? ''}`;
      for (const form of forms) if (text.includes(form)) throw new Error(`${s.method} ${s.url} carries ${form} in clear`);
    }
    const devices = await database.db('bid_envelopes as e').join('bid_submissions as s', 's.id', 'e.submission_id').orderBy('s.id').select('e.client_device_id');
    expect(devices).toHaveLength(4);
    expect(new Set(devices.map((d: { client_device_id: string }) => d.client_device_id)).size).toBe(3);

    // — until the opening, no price anywhere: the workflow's history opened with the keys, every table, every api read
    const found: string[] = [];
    const history = openSealedPayloads(await platform.temporal.client.workflow.getHandle(workflowId).fetchHistory());
    const historyBytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(historyBytes.includes(Buffer.from(TITLE, 'utf8'))).toBe(true); // opened: the search can find what is there
    findPrices('the workflow history', historyBytes.toString('utf8'), found);
    for (const [table, rows] of Object.entries(await dumpDatabase(database.db))) findPrices(`table ${table}`, JSON.stringify(rows), found);
    const tenderDocument = await database.db('documents').where('deal_code', dealCode).first('id');
    const answers = await everyStaffRead({
      workflowId, dealCode, sectionCode: S1, regionCode: '990100', key: processKey, version: '1', year: String(new Date().getFullYear()),
      creditCode: DEMO_BIDDERS.dhjg.creditCode, digest: documentSha256, documentId: String(tenderDocument.id),
    });
    // the search is not vacuous: the deal's own reads were answered, to every role that may make them
    expect(answers.filter((a) => a.where.includes('(200)')).length).toBeGreaterThan(80);
    for (const role of ['staff', 'supervisor', 'auditor']) expect(answers.map((a) => a.where)).toContain(`GET /api/process-instances/${encodeURIComponent(workflowId)} as ${role} (200)`);
    expect(answers.map((a) => a.where)).toContain(`GET /api/opening-halls/${dealCode}/${S1} as supervisor (200)`);
    for (const a of answers) findPrices(a.where, a.text, found);
    process.stdout.write(`the search for prices ended ${Math.round((openingAt.getTime() - Date.now()) / 1000)} s before the opening\n`);
    expect(Date.now()).toBeLessThan(openingAt.getTime());
    expect(found).toEqual([]);

    // — at the announced time the worker removes the platform's seal: the decryption window opens in every hall
    for (const page of [...pages, watch, agency]) await page.getByTestId('hall-status').getByText('解密中').waitFor({ timeout: 90_000 });
    await pages[0]!.getByTestId('decrypt').waitFor();
    await screenshot(pages[0]!, 'hall-before-decryption');

    // — two bidders decrypt in their browsers; the third does not
    for (const [i, page] of pages.slice(0, 2).entries()) {
      await page.getByTestId('decrypt').click();
      await page.getByTestId('my-decryption').getByText('已解密').waitFor();
      await page.getByTestId('read-out').getByText(BIDDERS[i]!.name).waitFor();
    }
    const readOut = watch.getByTestId('read-out');
    await readOut.getByText(BIDDERS[1]!.name).waitFor();
    const lines = await readOut.locator('tbody tr.ant-table-row').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('¥9,123,456.78');
    expect(lines[0]).toContain('质量合格；安全文明施工');
    expect(lines[0]).toContain('投标文件.pdf');
    expect(lines[1]).toContain('¥9,345,678.90');
    expect(await readOut.textContent()).not.toContain('9,567,890.12');

    // — 异议: the second bidder objects in the hall; the agency answers there; everyone sees both at once
    const objection = '第一名投标人的工期是否满足招标文件的要求？';
    const answer = '工期以招标文件为准，由评标委员会评审，开标现场不作评判。';
    await pages[1]!.getByTestId('objection-text').fill(objection);
    await pages[1]!.getByTestId('raise-objection').click();
    const raised = agency.getByTestId('hall-objections').getByText(objection);
    await raised.waitFor();
    const answerBox = agency.locator('[data-testid^="answer-text-"]').first();
    await answerBox.fill(answer);
    await agency.locator('[data-testid^="answer-objection-"]').first().click();
    for (const page of [...pages, watch]) {
      await page.getByTestId('hall-objections').getByText(objection).waitFor();
      await page.getByTestId('hall-objections').getByText(answer).waitFor();
    }
    await screenshot(pages[1]!, 'hall-after-decryption');

    // — after the window the worker closes the opening: the third bid is rejected, never opened
    for (const page of [...pages, watch, agency]) await page.getByTestId('hall-status').getByText('开标结束').waitFor({ timeout: 120_000 });
    await pages[2]!.getByTestId('rejected').getByText(BIDDERS[2]!.name, { exact: false }).waitFor();
    const opened = await database.db('bid_opening_lines').orderBy('line_no');
    expect(opened.map((l: { price_fen: unknown; invalid_reason: string | null }) => [l.price_fen === null ? null : Number(l.price_fen), l.invalid_reason]))
      .toEqual([[BIDDERS[0]!.fen, null], [BIDDERS[1]!.fen, null], [null, 'not_decrypted']]);

    // — 开标记录: the agency makes it; it shows the prices; two bidders confirm it with their certificates
    await agency.getByTestId('make-record').click();
    for (const page of [...pages, watch]) await page.getByTestId('record-bids').getByText('¥9,123,456.78').waitFor();
    for (const page of pages.slice(0, 2)) {
      await page.getByTestId('confirm-record').click();
      await page.getByTestId('my-confirmation').waitFor();
    }
    await watch.getByTestId('record-confirmations').locator('.ant-list-item').nth(1).waitFor();
    expect(await pages[2]!.getByTestId('record-bids').textContent()).toContain('未在规定时间内解密');
    expect(await pages[2]!.getByTestId('confirm-record').count()).toBe(1); // it may, and does not
    const record = await database.db('opening_records').first();
    const json = await call(platform.baseUrl, 'GET', `/api/opening-halls/${dealCode}/${S1}/record?format=json`, { token: supervisor });
    const content = json.body as OpeningRecordDocument;
    expect(createHash('sha256').update(JSON.stringify(json.body)).digest('hex')).toBe(record.record_sha256); // canonical JSON has no spaces
    expect(content.bids.map((b) => [b.name, b.priceFen, b.status])).toEqual([[BIDDERS[0]!.name, BIDDERS[0]!.fen, 'opened'], [BIDDERS[1]!.name, BIDDERS[1]!.fen, 'opened'], [BIDDERS[2]!.name, null, 'rejected']]);
    expect(content.objections).toEqual([expect.objectContaining({ text: objection, answer, answeredBy: expect.objectContaining({ role: 'agency' }) })]);
    expect(content.signIns).toHaveLength(3);
    const issued = await database.db('supervision_events').where({ deal_code: dealCode, kind: 'opening.record_issued' }).first();
    expect(JSON.parse(issued.payload)).toMatchObject({ recordSha256: record.record_sha256, htmlSha256: record.html_sha256 });
    await screenshot(pages[0]!, 'hall-with-opening-record');
    await pages[0]!.goto(`${platform.baseUrl}/api/party/deals/${dealCode}/sections/${S1}/opening/record?format=html`);
    await pages[0]!.getByText('¥9,345,678.90').waitFor();
    await screenshot(pages[0]!, 'opening-record');

    for (const page of [...pages, watch, agency]) expect(pageErrors(page)).toEqual([]);
  });
});
