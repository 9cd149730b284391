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
import type { Page } from 'playwright-core';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../support/party-deals';
import { until } from '../support/reference-harness';
import { pageErrors, screenshot } from './support/browser';
import { constructionReview, constructionStart } from './support/construction-tender';
import { cstDay, item, minuteAfter, pick, typeDate, typeMoney } from './support/forms';
import { SandboxDeals, demoBidders } from './support/sandbox-deals';

jest.setTimeout(1_200_000);

const TITLE = '演练区实验中学综合楼新建工程';
const DEPOSIT_YUAN = '200000';
const DEPOSIT_FEN = 20_000_000;
const BIDDERS = demoBidders([
  { price: '41234567.89', shown: '¥41,234,567.89', fen: 4_123_456_789 },
  { price: '42345678.90', shown: '¥42,345,678.90', fen: 4_234_567_890 },
  { price: '43456789.01', shown: '¥43,456,789.01', fen: 4_345_678_901 },
]);

describe('a construction tender in the sandbox, registration to archive, every step in the portal', () => {
  let stage: SandboxDeals;
  beforeAll(async () => { stage = await SandboxDeals.open('tender'); });
  afterAll(async () => { await stage?.close(); });
  afterEach(async () => { await stage?.pictureTheEnd(); });

  test('工程建设项目公开招标: start, review, documents, bids, opening, report, award, contract, archive', async () => {
    const db = stage.db;
    const began = Date.now();
    const lap = (what: string) => process.stdout.write(`${what} at ${Math.round((Date.now() - began) / 1000)} s\n`);

    // ---- staff register the deal in the sandbox from the 发起交易 dialog, with the procedure's start form
    const s = await stage.staff('staff');
    const { workflowId, dealCode } = await stage.startDeal(s, 'construction_open_tender', constructionStart(TITLE, '施工总承包', '50000000'));
    const S1 = `${dealCode}-01`;
    lap(`started ${dealCode}`);

    // ---- staff review and schedule it in the sandbox's time: the opening at least a minute and a half away (the
    // 20-day bidding period lasts 30 s; the three bids take about as long), the evaluation two minutes after it, once
    // the decryption window (30 s) and the experts' replies (30 s) are over
    const openingAt = minuteAfter(90_000);
    const evaluationAt = openingAt + 120_000;
    await stage.staffTask(s, 'review', 'staff-review-form', constructionReview(TITLE, openingAt, evaluationAt));

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
    const agency = await stage.signIn('agency-sfdl-sm2.pem');
    const documents = Buffer.from(`${TITLE} 招标文件（演练）\n投标保证金：${DEPOSIT_YUAN} 元\n`.repeat(200), 'utf8');
    await stage.issueDocuments(agency, dealCode, TITLE, documents, DEPOSIT_YUAN);
    lap('documents issued');

    // ---- three bidders (SM2 and P-256 CAs): 报名, the deposit (two in cash, one by guarantee), the sealed bid, 签到
    const bidders: Array<{ page: Page; bidder: typeof BIDDERS[number] }> = [];
    for (const [i, b] of BIDDERS.entries()) {
      const page = await stage.register(b, TITLE, S1);
      await stage.depositAndBid(page, b, dealCode, S1, DEPOSIT_FEN, 400 + i * 10, `bidder-${i + 1}-bid-submitted`);
      bidders.push({ page, bidder: b });
    }
    lap('bids in');
    expect(Date.now()).toBeLessThan(openingAt);
    expect((await db('deposits').orderBy('id').select('form')).map((d: { form: string }) => d.form)).toEqual(['cash', 'cash', 'guarantee']);

    // ---- the opening (不见面开标): at the deadline each bidder decrypts its own bid in the hall
    await stage.decryptInTheHall(bidders, openingAt);
    lap('decrypted');
    await stage.openingRecord(agency, dealCode, BIDDERS[0]!);
    lap('opening record');

    // ---- the committee: drawn from the sandbox's practice experts; they answer yes through the SMS gateway
    await until('the experts invited', async () => (await stage.expertsConfirm(dealCode)) > 0, 240_000);
    // a replacement may invite a backup later: it answers too, until the evaluation opens
    const evaluate = s.getByTestId('task-evaluate');
    stage.current = s;
    await until('the evaluation', async () => { await stage.expertsConfirm(dealCode); return (await evaluate.count()) > 0; }, evaluationAt - Date.now() + 240_000);
    lap('evaluation open');

    // ---- staff record the committee's report: the first candidate by the lowest price read out, and the report file
    await stage.staffTask(s, 'evaluate', 'staff-evaluation-report', async (task) => {
      await task.getByRole('button', { name: /添加一行/ }).click();
      const award = task.locator('.ant-table-tbody tr.ant-table-row').first();
      await award.locator('input').first().fill(S1);
      await pick(award.locator('.ant-select').first(), BIDDERS[0]!.name.slice(0, 4), BIDDERS[0]!.name);
      await typeMoney(award, BIDDERS[0]!.price);
      const report = Buffer.from(`${TITLE} 评标报告（演练）\n第一中标候选人：${BIDDERS[0]!.name}\n`.repeat(50), 'utf8');
      await task.locator('input[type="file"]').setInputFiles({ name: '评标报告.pdf', mimeType: 'application/pdf', buffer: report });
      await task.getByTestId('uploaded-file').getByText('评标报告.pdf').waitFor();
    });

    // ---- the agency confirms the report and writes the candidates' notice; the tenderee decides and signs
    await stage.partyStep(agency, dealCode, 'confirmReport', 'agency-confirm-report', async (card) => {
      await card.getByTestId('report-candidates').getByText(BIDDERS[0]!.creditCode).waitFor();
      await card.locator('input[type="checkbox"]').check();
      await item(card, '中标候选人公示正文').locator('textarea').fill(`第一中标候选人：${BIDDERS[0]!.name}，投标报价 ${BIDDERS[0]!.price} 元。`);
    });
    lap('report confirmed');
    const tenderee = await stage.signIn('tenderee-dhct-ecdsa.pem');
    await stage.partyStep(tenderee, dealCode, 'confirmAward', 'tenderee-confirm-award', async (card) => {
      await card.locator('input[type="checkbox"]').check();
      await item(card, '中标结果公告正文').locator('textarea').fill(`中标人：${BIDDERS[0]!.name}，中标价 ${BIDDERS[0]!.price} 元。`);
    });
    lap('award confirmed');
    await stage.partyStep(tenderee, dealCode, 'signContract', 'tenderee-sign-contract', async (card) => {
      await item(card, '合同编号').locator('input').fill(`HT-${dealCode}`);
      await typeDate(item(card, '合同签订日期'), cstDay(Date.now()));
      await typeMoney(item(card, '合同金额'), BIDDERS[0]!.price);
    });
    lap('contract signed');

    // ---- the rest runs by itself: deposits refunded, the deal closed, pushed and archived
    stage.current = s;
    await s.goto(`${stage.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
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
    expect(await stage.completedBy(dealCode)).toEqual({
      review: 'staff', issueDocuments: DEMO_AGENCY.name, evaluate: 'staff', confirmReport: DEMO_AGENCY.name, confirmAward: DEMO_TENDEREE.name, signContract: DEMO_TENDEREE.name,
    });
    for (const page of stage.pages) expect(pageErrors(page)).toEqual([]);
    stage.current = null;
  });
});
