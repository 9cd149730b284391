// 工程建设项目公开招标 from registration to archive, in a real browser, in the training sandbox (演练区, one day to a
// second), every step done in the portal by the person who does it: the centre's staff start the deal from the 发起交易
// dialog with the procedure's start form and review and schedule it; the agency publishes and issues the tender
// documents; three bidders (certificates of both CAs) register, pay their deposits, seal and submit their bids and
// decrypt them in the opening hall; the agency makes the opening record; staff record the committee's report (as the
// reference procedure takes it); the agency confirms it; the tenderee decides the award and signs the contract; the
// notices, the award notice, the refunds and the archive follow by themselves.
//
// The test reads the database and the api only to check what the pages say. Three outside systems are played by the
// test, as the demo driver plays them, through the platform's own callbacks: the bank notifies the cash deposits (signed
// with its key), the guarantee issuer sells the electronic guarantee (the bidder then gives it in the portal), and the
// SMS gateway reports the drawn experts' answers (signed with the gateway's secret).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { Region } from '@ggzy/db';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback } from '@ggzy/api';
import { bankSignatureHeaders, ensureDemoPartners, startDemoIssuer, type RunningIssuer } from '@ggzy/api/demo-partners';
import { httpGuaranteeIssuers, loadTrustStore, seedDemoParties, seedDemoProcedures } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { DEMO_AGENCY, DEMO_BASIC_ACCOUNTS, DEMO_BIDDERS, DEMO_TENDEREE } from '../support/party-deals';
import { certificateSession, launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(1_200_000);

const SANDBOX = '990900';
const TITLE = '演练区实验中学综合楼新建工程';
const GATEWAY_SECRET = 'e2e-tender-gateway-secret-0123456789abcdef';
const DEPOSIT_YUAN = '200000';
const DEPOSIT_FEN = 20_000_000;

interface Bidder { file: string; name: string; creditCode: string; account: string | null; price: string; shown: string; fen: number }
const BIDDERS: Bidder[] = [
  { file: 'bidder-dhjg-sm2.pem', name: DEMO_BIDDERS.dhjg.name, creditCode: DEMO_BIDDERS.dhjg.creditCode, account: DEMO_BASIC_ACCOUNTS.dhjg, price: '41234567.89', shown: '¥41,234,567.89', fen: 4_123_456_789 },
  { file: 'bidder-xslq-ecdsa.pem', name: DEMO_BIDDERS.xslq.name, creditCode: DEMO_BIDDERS.xslq.creditCode, account: DEMO_BASIC_ACCOUNTS.xslq, price: '42345678.90', shown: '¥42,345,678.90', fen: 4_234_567_890 },
  { file: 'bidder-sfzn-sm2.pem', name: DEMO_BIDDERS.sfzn.name, creditCode: DEMO_BIDDERS.sfzn.creditCode, account: null /* by guarantee */, price: '43456789.01', shown: '¥43,456,789.01', fen: 4_345_678_901 },
];

/** China Standard Time wall clock of `at`: `YYYY-MM-DD HH:mm`. */
const cst = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
/** The next whole minute at least `ms` from now (the sandbox's rooms are booked by the minute). */
const minuteAfter = (ms: number) => Math.ceil((Date.now() + ms) / 60_000) * 60_000;

/** The formily item labelled `label` inside `scope`. */
const item = (scope: Locator, label: string) => scope.locator('.ant-formily-item', { has: scope.page().locator('.ant-formily-item-label', { hasText: label }) }).first();

/**
 * Picks an antd select's option, typing `search` first when given, and waits until the select shows a choice: a
 * click landing while a searched list is being replaced by the api's answer can be lost (seen on a loaded machine),
 * so it picks again, at most thrice.
 */
async function pick(select: Locator, search: string | null, option: string | RegExp) {
  for (let attempt = 1; ; attempt++) {
    await select.locator('.ant-select-selector').first().click();
    if (search !== null) await select.locator('input').first().fill(search);
    await select.page().locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    try {
      await select.locator('.ant-select-selection-item').first().waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** Types a date (and time) into a date picker and leaves it, as a person at a keyboard would. */
async function typeDate(scope: Locator, value: string) {
  const input = scope.locator('.ant-picker input');
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await input.press('Tab');
  await scope.page().locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  expect(await input.inputValue()).toBe(value);
}

describe('a construction tender in the sandbox, registration to archive, every step in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let issuer: RunningIssuer;
  let dataDir: string;
  let partners: ReturnType<typeof ensureDemoPartners>;
  const pages: Page[] = [];

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-tender-'));
    await seedDemoProcedures(database.db, '990000');
    await seedDemoParties(database.db, dataDir);
    // the test's sandbox runs one day to a second (GGZY_SANDBOX_DAY_SECONDS=1): statutory periods pass in seconds, and
    // a period is never shorter than half a minute (GGZY_SANDBOX_SHORTEST_SECONDS=30: the decryption window, the
    // experts' replies, the publicity)
    await Region.query(database.db).findById(SANDBOX).patch({ sandbox_day_seconds: 1, sandbox_shortest_seconds: 30 });
    partners = ensureDemoPartners(dataDir);
    issuer = await startDemoIssuer(partners);
    platform = await startPlatform(database.db, {
      trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')), gatewaySecret: GATEWAY_SECRET,
      bankKeys: new Map([[partners.bank.id, partners.bank.key]]),
      guaranteeIssuers: httpGuaranteeIssuers([{ id: partners.issuer.id, name: partners.issuer.name, url: issuer.url, token: partners.issuer.token }]),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const page of pages) await page.goto('about:blank').catch(() => undefined); // no poll left in flight
    await browser?.close();
    await platform?.stop();
    await issuer?.close();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let current: Page | null = null;
  afterEach(async () => {
    if (current && !current.isClosed()) await screenshot(current, 'end-of-test').catch(() => undefined);
  });

  async function signIn(file: string): Promise<Page> {
    const page = await certificateSession(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file));
    pages.push(page);
    return page;
  }

  /** A party's own step on its deal page: the form filled by `fill`, completed; the reply says what comes next. */
  async function partyStep(page: Page, dealCode: string, nodeId: string, shot: string, fill: (card: Locator) => Promise<void>) {
    current = page;
    await page.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    const card = page.getByTestId(`party-task-${nodeId}`);
    await card.waitFor({ timeout: 120_000 });
    await fill(card);
    await screenshot(page, shot);
    await card.getByRole('button', { name: '提交办结' }).click();
    // the reply comes once the process has settled after the step (the award notices are made on the way): it says
    // what comes next
    const refused = card.locator('.ant-alert-error');
    const outcome = await Promise.race([
      page.locator('.task-reply').getByText('已办结', { exact: false }).waitFor({ timeout: 120_000 }).then(() => 'done'),
      refused.waitFor({ timeout: 120_000 }).then(() => 'refused'),
    ]);
    if (outcome === 'refused') throw new Error(`${nodeId} was refused: ${await refused.innerText()}`);
    await card.waitFor({ state: 'detached' });
    await screenshot(page, `${shot}-done`);
  }

  /** The bank tells the platform of a cash deposit into the bidder's sub-account, signed with its key. */
  async function bankPays(account: string, payer: Bidder, n: number) {
    const body = JSON.stringify({ transactionId: `E2E-TENDER-${n}`, creditedAccount: account, payerAccount: payer.account, payerName: payer.name, amountFen: DEPOSIT_FEN, bookedAt: new Date().toISOString() });
    const res = await fetch(`${platform.baseUrl}/api/bank/deposit-notifications`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...bankSignatureHeaders(partners.bank, body) } });
    expect(await res.json()).toMatchObject({ status: 'accepted' });
  }

  /** The guarantee issuer sells the bidder an electronic guarantee (outside the platform); answers its number. */
  async function buyGuarantee(b: Bidder, dealCode: string, sectionCode: string): Promise<string> {
    const validUntil = new Date(Date.now() + 120 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await fetch(`${issuer.url}/guarantees`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ applicantCreditCode: b.creditCode, dealCode, sectionCode, amountFen: DEPOSIT_FEN, validUntil }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { guaranteeNo: string }).guaranteeNo;
  }

  /** The SMS gateway reports every invited expert's "yes" as the experts answer the invitations. */
  const answered = new Set<number>();
  async function expertsConfirm(dealCode: string): Promise<number> {
    const invited = await database.db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
      .join('expert_draws as x', 'x.id', 'm.draw_id').join('deals as d', 'd.id', 'x.deal_id')
      .where({ 'd.deal_code': dealCode, 'm.status': 'invited', 'n.channel': 'sms' }).select('n.id');
    for (const n of invited.filter((row: { id: number }) => !answered.has(Number(row.id)))) {
      answered.add(Number(n.id));
      const body = JSON.stringify({ notificationId: Number(n.id), answer: 'confirm', receivedAt: new Date().toISOString() });
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(`${platform.baseUrl}/api/gateway/expert-answers`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signCallback(GATEWAY_SECRET, timestamp, body) },
      });
      expect(res.status).toBe(200);
    }
    return answered.size;
  }

  test('工程建设项目公开招标: start, review, documents, bids, opening, report, award, contract, archive', async () => {
    const db = database.db;
    const began = Date.now();
    const lap = (what: string) => process.stdout.write(`${what} at ${Math.round((Date.now() - began) / 1000)} s\n`);

    // ---- staff register the deal in the sandbox from the 发起交易 dialog, with the procedure's start form
    const staff = await loginSession(browser, `${platform.baseUrl}/`, 'staff', DEMO_PASSWORD);
    const s = staff.page;
    pages.push(s);
    current = s;
    await s.getByRole('link', { name: '交易' }).click();
    await s.getByTestId('start-deal').click();
    const dialog = s.locator('.ant-modal');
    await pick(dialog.locator('.ant-select').first(), null, 'construction_open_tender');
    await pick(dialog.getByTestId('start-region'), null, '示范省演练区');
    await dialog.getByText('在演练区发起', { exact: false }).waitFor();
    const form = dialog.getByTestId('start-form');
    await item(form, '项目名称').locator('input').fill(TITLE);
    await item(form, '项目审批（核准、备案）文号').locator('input').fill('示演发改〔2026〕7号');
    await pick(item(form, '资金来源'), null, '财政性资金');
    await pick(item(form, '招标人'), '城市建设', DEMO_TENDEREE.name);
    await pick(item(form, '招标代理机构'), '示范招标', DEMO_AGENCY.name);
    await form.getByRole('button', { name: /添加一行/ }).click();
    const row = form.locator('.ant-table-tbody tr.ant-table-row').first();
    await row.locator('input').nth(0).fill('施工总承包');
    const estimate = row.locator('.ant-input-number input');
    await estimate.fill('50000000');
    await estimate.blur();
    await screenshot(s, 'staff-start-form');
    await form.getByRole('button', { name: /发起交易/ }).click();
    await s.waitForURL(/\/deals\/deal-990900-/, { timeout: 60_000 });
    const workflowId = decodeURIComponent(new URL(s.url()).pathname.split('/').pop()!);
    const dealCode = workflowId.replace(/^deal-/, '');
    const S1 = `${dealCode}-01`;
    await s.getByTestId('sandbox-deal').waitFor();
    lap(`started ${dealCode}`);

    // ---- staff review and schedule it in the sandbox's time: the opening at least a minute and a half away (the
    // 20-day bidding period lasts 30 s; the three bids take about as long), the evaluation two minutes after it, once
    // the decryption window (30 s) and the experts' replies (30 s) are over
    const review = s.getByTestId('task-review');
    await review.waitFor({ timeout: 60_000 });
    const openingAt = minuteAfter(90_000);
    const evaluationAt = openingAt + 120_000;
    await typeDate(item(review, '开标时间（投标截止时间）'), cst(openingAt));
    await typeDate(item(review, '开标结束时间'), cst(openingAt + 1_800_000));
    await typeDate(item(review, '评标开始时间'), cst(evaluationAt));
    await typeDate(item(review, '评标结束时间'), cst(evaluationAt + 3_600_000));
    await typeDate(item(review, '招标文件发售截止时间'), cst(openingAt));
    await pick(item(review, '评标地点'), '评标室', /评标室/);
    await item(review, '招标公告正文').locator('textarea').fill(`## 招标条件\n${TITLE}已具备招标条件，现进行公开招标（演练）。`);
    await item(review, '评标委员会人数').locator('input').fill('5');
    await review.getByRole('button', { name: /添加一行/ }).click();
    const specialty = review.locator('.ant-table-tbody tr.ant-table-row').first();
    await pick(specialty, 'A01', /^A01 /);
    await specialty.locator('.ant-input-number input').nth(0).fill('5');
    await specialty.locator('.ant-input-number input').nth(1).fill('2');
    await screenshot(s, 'staff-review-form');
    await review.getByRole('button', { name: /提交办结/ }).click();
    // the reply says what comes next: the organiser's step, or that it is coming
    await s.locator('.task-reply').getByText(/下一步/).waitFor({ timeout: 60_000 });
    await review.waitFor({ state: 'detached' });

    // the documents are the organiser's own step: staff see it as such, and may act for it only with a reason
    const issueOnStaffPage = s.getByTestId('task-issueDocuments');
    await issueOnStaffPage.getByTestId('task-for-party').waitFor({ timeout: 60_000 });
    expect(await issueOnStaffPage.getByRole('button', { name: /提交办结/ }).count()).toBe(0);
    await issueOnStaffPage.getByTestId('act-on-behalf').click();
    await issueOnStaffPage.getByTestId('on-behalf-reason').waitFor();
    expect(await issueOnStaffPage.getByRole('button', { name: /代为提交办结/ }).count()).toBe(0); // no reason yet, no form
    await screenshot(s, 'staff-sees-party-step');
    await issueOnStaffPage.getByRole('button', { name: /取\s*消/ }).click();
    lap('reviewed');

    // ---- the agency publishes the tender documents with the deposit and issues them: its own step
    const agency = await signIn('agency-sfdl-sm2.pem');
    current = agency;
    await agency.getByTestId('to-party-tasks').click();
    await agency.getByTestId('party-inbox').getByText('发出招标文件').waitFor({ timeout: 60_000 });
    await screenshot(agency, 'agency-inbox');
    await agency.getByTestId('party-inbox').getByRole('link', { name: TITLE }).click();
    const documents = Buffer.from(`${TITLE} 招标文件（演练）\n投标保证金：${DEPOSIT_YUAN} 元\n`.repeat(200), 'utf8');
    const publish = agency.getByTestId('publish-documents');
    await publish.locator('input[type="file"]').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documents });
    await publish.locator('.ant-input-number input').first().fill(DEPOSIT_YUAN);
    await publish.getByRole('button', { name: /发布招标文件/ }).click();
    await agency.getByTestId('tender-documents').getByText('招标文件.pdf').waitFor();
    await partyStep(agency, dealCode, 'issueDocuments', 'agency-issue-documents', async (card) => {
      await card.locator('input[type="file"]').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documents });
      await card.getByTestId('uploaded-file').getByText('招标文件.pdf').waitFor();
      await typeDate(item(card, '发出日期'), cst(Date.now()).slice(0, 10));
    });
    lap('documents issued');

    // ---- three bidders (SM2 and P-256 CAs): 报名, the deposit (two in cash, one by guarantee), the sealed bid, 签到
    const bidders: Page[] = [];
    for (const [i, b] of BIDDERS.entries()) {
      const page = await signIn(b.file);
      current = page;
      bidders.push(page);
      await page.getByTestId('to-open-deals').click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByTestId('sandbox-deal').waitFor(); // marked as practice wherever it shows
      await page.getByTestId(`register-${S1}`).click();
      await page.getByTestId(`bid-panel-${S1}`).waitFor();
      if (b.account) {
        await bankPays((await page.getByTestId(`deposit-account-${S1}`).textContent())!, b, i);
      } else {
        const guaranteeNo = await buyGuarantee(b, dealCode, S1);
        await page.getByTestId('party-sections').locator('.ant-select').click();
        await page.getByText(partners.issuer.name).click();
        await page.getByPlaceholder('保函编号').fill(guaranteeNo);
        await page.getByRole('button', { name: '提交电子保函' }).click();
        await page.getByTestId(`deposit-${S1}`).getByText(guaranteeNo, { exact: false }).waitFor();
      }
      const panel = page.getByTestId(`bid-panel-${S1}`);
      const amount = panel.locator('input.ant-input-number-input').nth(0);
      await amount.fill(b.price);
      await amount.blur();
      await panel.locator('input.ant-input-number-input').nth(1).fill(String(400 + i * 10));
      await page.getByTestId('bid-commitments').fill('质量合格\n安全文明施工');
      await page.getByTestId('seal-and-submit').click();
      await page.getByTestId(`bid-receipt-${S1}`).getByTestId('receipt-version').filter({ hasText: /^1$/ }).waitFor();
      await page.getByTestId('hall-sign-in').click();
      await page.getByTestId('my-sign-in').getByText('已签到', { exact: false }).waitFor();
      await screenshot(page, `bidder-${i + 1}-bid-submitted`);
    }
    lap('bids in');
    expect(Date.now()).toBeLessThan(openingAt);
    expect((await db('deposits').orderBy('id').select('form')).map((d: { form: string }) => d.form)).toEqual(['cash', 'cash', 'guarantee']);

    // ---- the opening (不见面开标): at the deadline each bidder decrypts its own bid in the hall
    for (const page of bidders) await page.getByTestId('hall-status').getByText('解密中').waitFor({ timeout: openingAt - Date.now() + 120_000 });
    await screenshot(bidders[0]!, 'hall-decryption-open');
    for (const [i, page] of bidders.entries()) {
      await page.getByTestId('decrypt').click();
      await page.getByTestId('my-decryption').getByText('已解密').waitFor();
      await page.getByTestId('read-out').getByText(BIDDERS[i]!.name).waitFor();
    }
    await screenshot(bidders[2]!, 'hall-read-out');
    lap('decrypted');
    await agency.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    current = agency;
    await agency.getByTestId('hall-status').getByText('开标结束').waitFor({ timeout: 180_000 });
    await agency.getByTestId('make-record').click();
    await agency.getByTestId('record-bids').getByText(BIDDERS[0]!.shown).waitFor();
    await screenshot(agency, 'agency-opening-record');
    lap('opening record');

    // ---- the committee: drawn from the sandbox's practice experts; they answer yes through the SMS gateway
    await until('the experts invited', async () => (await expertsConfirm(dealCode)) > 0, 240_000);
    // a replacement may invite a backup later: it answers too, until the evaluation opens
    const evaluate = s.getByTestId('task-evaluate');
    current = s;
    await until('the evaluation', async () => { await expertsConfirm(dealCode); return (await evaluate.count()) > 0; }, evaluationAt - Date.now() + 240_000);
    lap('evaluation open');

    // ---- staff record the committee's report: the first candidate by the lowest price read out, and the report file
    await evaluate.getByRole('button', { name: /添加一行/ }).click();
    const award = evaluate.locator('.ant-table-tbody tr.ant-table-row').first();
    await award.locator('input').first().fill(S1);
    await pick(award.locator('.ant-select').first(), BIDDERS[0]!.name.slice(0, 4), BIDDERS[0]!.name);
    const price = award.locator('.ant-input-number input');
    await price.fill(BIDDERS[0]!.price);
    await price.blur();
    const report = Buffer.from(`${TITLE} 评标报告（演练）\n第一中标候选人：${BIDDERS[0]!.name}\n`.repeat(50), 'utf8');
    await evaluate.locator('input[type="file"]').setInputFiles({ name: '评标报告.pdf', mimeType: 'application/pdf', buffer: report });
    await evaluate.getByTestId('uploaded-file').getByText('评标报告.pdf').waitFor();
    await screenshot(s, 'staff-evaluation-report');
    await evaluate.getByRole('button', { name: /提交办结/ }).click();
    await s.locator('.task-reply').getByText(/下一步/).last().waitFor({ timeout: 120_000 });
    await evaluate.waitFor({ state: 'detached' });

    // ---- the agency confirms the report and writes the candidates' notice; the tenderee decides and signs
    await partyStep(agency, dealCode, 'confirmReport', 'agency-confirm-report', async (card) => {
      await card.getByTestId('report-candidates').getByText(BIDDERS[0]!.creditCode).waitFor();
      await card.locator('input[type="checkbox"]').check();
      await item(card, '中标候选人公示正文').locator('textarea').fill(`第一中标候选人：${BIDDERS[0]!.name}，投标报价 ${BIDDERS[0]!.price} 元。`);
    });
    lap('report confirmed');
    const tenderee = await signIn('tenderee-dhct-ecdsa.pem');
    await partyStep(tenderee, dealCode, 'confirmAward', 'tenderee-confirm-award', async (card) => {
      await card.locator('input[type="checkbox"]').check();
      await item(card, '中标结果公告正文').locator('textarea').fill(`中标人：${BIDDERS[0]!.name}，中标价 ${BIDDERS[0]!.price} 元。`);
    });
    lap('award confirmed');
    await partyStep(tenderee, dealCode, 'signContract', 'tenderee-sign-contract', async (card) => {
      await item(card, '合同编号').locator('input').fill(`HT-${dealCode}`);
      await typeDate(item(card, '合同签订日期'), cst(Date.now()).slice(0, 10));
      const amountBox = item(card, '合同金额').locator('.ant-input-number input');
      await amountBox.fill(BIDDERS[0]!.price);
      await amountBox.blur();
    });
    lap('contract signed');

    // ---- the rest runs by itself: deposits refunded, the deal closed, pushed and archived
    current = s;
    await s.goto(`${platform.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    await s.locator('[data-testid="lifecycle"][data-lifecycle="completed"]').waitFor({ timeout: 120_000 });
    await s.getByTestId('timeline').locator('[data-kind="archive.sealed"]').first().waitFor({ timeout: 60_000 });
    await s.locator('.djs-element.deal-visited[data-element-id="seal"]').waitFor();
    // the practice committee, unsealed at the evaluation, is readable by the staff who practise in the sandbox
    await s.getByTestId('expert-list').getByText('演练专家', { exact: false }).first().waitFor();
    await screenshot(s, 'staff-deal-archived');
    lap('archived');

    // what the pages said is what the platform holds
    const kinds = (await db('supervision_events').where('deal_code', dealCode).select('kind')).map((e: { kind: string }) => e.kind);
    for (const kind of ['deal.registered', 'bid.submitted', 'award.issued', 'archive.sealed']) expect(kinds).toContain(kind);
    const deal = await db('deals').where('deal_code', dealCode).first();
    expect(Boolean(deal.is_sandbox)).toBe(true);
    const awards = await db('awards').where('deal_id', deal.id).select('price_fen');
    expect(awards.map((a: { price_fen: unknown }) => Number(a.price_fen))).toEqual([BIDDERS[0]!.fen]);
    const notices = await db('notices').where('deal_id', deal.id).select('title');
    for (const n of notices) expect(n.title).toContain('【演练】');
    const completions = await db('supervision_events').where({ deal_code: dealCode, kind: 'task.completed' }).select('payload');
    const byNode = Object.fromEntries(completions.map((c: { payload: string }) => JSON.parse(c.payload) as { nodeId: string; party?: { subjectName: string } }).map((p) => [p.nodeId, p.party?.subjectName ?? 'staff']));
    expect(byNode).toEqual({
      review: 'staff', issueDocuments: DEMO_AGENCY.name, evaluate: 'staff', confirmReport: DEMO_AGENCY.name, confirmAward: DEMO_TENDEREE.name, signContract: DEMO_TENDEREE.name,
    });
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
    current = null;
  });
});
