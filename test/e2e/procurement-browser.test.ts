// 政府采购公开招标 from registration to archive, in a real browser, in the training sandbox (演练区, one day to a second),
// every step done in the portal by the person who does it: the centre's staff start the procurement from the 发起交易
// dialog with the procedure's own start form (采购人, 采购代理机构, 采购包 with their budgets) and review and schedule
// it, the committee's size checked against the procedure's decision table; the agency publishes and provides the
// tender documents; three suppliers register, pay their deposits (two in cash, one by guarantee), seal and submit
// their bids and decrypt them in the opening hall; the agency makes the opening record; staff send the committee's
// report to the purchaser; the purchaser decides the award and signs the contract; the award notice, the refunds, the
// fee and the archive follow by themselves.
//
// The test reads the database and the api only to check what the pages say (see support/sandbox-deals.ts for the
// outside systems it plays).
import type { Page } from 'playwright-core';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../support/party-deals';
import { until } from '../support/reference-harness';
import { pageErrors, screenshot } from './support/browser';
import { cst, cstDay, item, minuteAfter, pick, typeDate, typeMoney } from './support/forms';
import { SandboxDeals, demoBidders } from './support/sandbox-deals';

jest.setTimeout(1_200_000);

const TITLE = '演练区第一人民医院医用设备采购项目';
const BUDGET_YUAN = '8000000';
const DEPOSIT_YUAN = '100000'; // ≤ 2% of the budget (政府采购法实施条例 第三十三条)
const DEPOSIT_FEN = 10_000_000;
// irregular prices: the screens run on them after the opening
const SUPPLIERS = demoBidders([
  { price: '7612345.60', shown: '¥7,612,345.60', fen: 761_234_560 },
  { price: '7798001.25', shown: '¥7,798,001.25', fen: 779_800_125 },
  { price: '7935500.00', shown: '¥7,935,500.00', fen: 793_550_000 },
]);

describe('a government procurement in the sandbox, registration to archive, every step in the portal', () => {
  let stage: SandboxDeals;
  beforeAll(async () => { stage = await SandboxDeals.open('procurement'); });
  afterAll(async () => { await stage?.close(); });
  afterEach(async () => { await stage?.pictureTheEnd(); });

  test('政府采购公开招标: start, review, documents, bids, opening, report, award, contract, archive', async () => {
    const db = stage.db;
    const began = Date.now();
    const lap = (what: string) => process.stdout.write(`${what} at ${Math.round((Date.now() - began) / 1000)} s\n`);

    // ---- staff register the procurement with its start form
    const s = await stage.staff('staff');
    const { workflowId, dealCode } = await stage.startDeal(s, 'government_procurement_open', async (form) => {
      await item(form, '采购项目名称').locator('input').fill(TITLE);
      await item(form, '政府采购计划（预算批复）编号').locator('input').fill('示演财采计〔2026〕118号');
      await pick(item(form, '资金来源'), null, '财政性资金');
      await pick(item(form, '采购人'), '城市建设', DEMO_TENDEREE.name);
      await pick(item(form, '采购代理机构'), '示范招标', DEMO_AGENCY.name);
      await form.getByRole('button', { name: /添加一行/ }).click();
      const row = form.locator('.ant-table-tbody tr.ant-table-row').first();
      await row.locator('input').nth(0).fill('医用影像设备');
      await typeMoney(row, BUDGET_YUAN);
    });
    const P1 = `${dealCode}-01`;
    lap(`started ${dealCode}`);

    // ---- staff review and schedule it: a committee of 5 (the budget is under 1000万元), four technical experts and
    // one economic expert drawn from the sandbox's practice experts
    const openingAt = minuteAfter(90_000);
    const evaluationAt = openingAt + 120_000;
    await stage.staffTask(s, 'review', 'staff-review-form', async (review) => {
      await typeDate(item(review, '开标时间（投标截止时间）'), cst(openingAt));
      await typeDate(item(review, '开标结束时间'), cst(openingAt + 1_800_000));
      await typeDate(item(review, '评标开始时间'), cst(evaluationAt));
      await typeDate(item(review, '评标结束时间'), cst(evaluationAt + 3_600_000));
      await pick(item(review, '评审地点'), '评标室', /评标室/);
      await item(review, '采购公告正文').locator('textarea').fill(`## 采购需求\n${TITLE}：医用影像设备一批（演练）。`);
      await item(review, '评标委员会人数').locator('input').fill('5');
      for (const [code, count, backups, kind] of [['C01', '4', '2', '技术'], ['B01', '1', '1', '经济']] as const) {
        await review.getByRole('button', { name: /添加一行/ }).click();
        const row = review.locator('.ant-table-tbody tr.ant-table-row').last();
        await pick(row.locator('.ant-select').first(), code, new RegExp(`^${code} `));
        await row.locator('.ant-input-number input').nth(0).fill(count);
        await row.locator('.ant-input-number input').nth(1).fill(backups);
        await pick(row.locator('.ant-select').last(), null, kind);
      }
    });
    lap('reviewed');

    // ---- the agency publishes the documents with the deposit and provides them: its own step
    const agency = await stage.signIn('agency-sfdl-sm2.pem');
    const documents = Buffer.from(`${TITLE} 招标文件（演练）\n投标保证金：${DEPOSIT_YUAN} 元\n`.repeat(200), 'utf8');
    await stage.issueDocuments(agency, dealCode, TITLE, documents, DEPOSIT_YUAN);
    lap('documents provided');

    // ---- three suppliers: 报名, the deposit, the sealed bid, 签到
    const suppliers: Array<{ page: Page; bidder: typeof SUPPLIERS[number] }> = [];
    for (const [i, b] of SUPPLIERS.entries()) {
      const page = await stage.register(b, TITLE, P1);
      await stage.depositAndBid(page, b, dealCode, P1, DEPOSIT_FEN, 60 + i * 15, `supplier-${i + 1}-bid-submitted`);
      suppliers.push({ page, bidder: b });
    }
    lap('bids in');
    expect(Date.now()).toBeLessThan(openingAt);

    // ---- the opening (不见面开标) and the agency's opening record
    await stage.decryptInTheHall(suppliers, openingAt);
    lap('decrypted');
    await stage.openingRecord(agency, dealCode, SUPPLIERS[0]!);
    lap('opening record');

    // ---- the committee answers through the SMS gateway; the evaluation opens at its time
    await until('the experts invited', async () => (await stage.expertsConfirm(dealCode)) > 0, 240_000);
    const evaluate = s.getByTestId('task-evaluate');
    stage.current = s;
    await s.goto(`${stage.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    await until('the evaluation', async () => { await stage.expertsConfirm(dealCode); return (await evaluate.count()) > 0; }, evaluationAt - Date.now() + 240_000);
    lap('evaluation open');

    // ---- staff send the committee's report to the purchaser: the first candidate, by the lowest price read out
    await stage.staffTask(s, 'evaluate', 'staff-evaluation-report', async (task) => {
      await task.getByRole('button', { name: /添加一行/ }).click();
      const award = task.locator('.ant-table-tbody tr.ant-table-row').first();
      await award.locator('input').first().fill(P1);
      await pick(award.locator('.ant-select').first(), SUPPLIERS[0]!.name.slice(0, 4), SUPPLIERS[0]!.name);
      // no price typed: the award is at the candidate's opened bid, which the platform takes from the opening record
      const report = Buffer.from(`${TITLE} 评审报告（演练）\n第一中标候选人：${SUPPLIERS[0]!.name}\n`.repeat(50), 'utf8');
      await task.locator('input[type="file"]').setInputFiles({ name: '评审报告.pdf', mimeType: 'application/pdf', buffer: report });
      await task.getByTestId('uploaded-file').getByText('评审报告.pdf').waitFor();
    });
    lap('report sent');

    // ---- the purchaser decides the award and signs the contract
    const purchaser = await stage.signIn('tenderee-dhct-ecdsa.pem');
    await stage.partyStep(purchaser, dealCode, 'confirmAward', 'purchaser-confirm-award', async (card) => {
      await card.locator('input[type="checkbox"]').check();
      await item(card, '中标结果公告正文').locator('textarea').fill(`中标供应商：${SUPPLIERS[0]!.name}，中标金额 ${SUPPLIERS[0]!.price} 元。`);
    });
    lap('award confirmed');
    await stage.partyStep(purchaser, dealCode, 'signContract', 'purchaser-sign-contract', async (card) => {
      await item(card, '合同编号').locator('input').fill(`CG-${dealCode}`);
      await typeDate(item(card, '合同签订日期'), cstDay(Date.now()));
      await typeMoney(item(card, '合同金额'), SUPPLIERS[0]!.price);
    });
    lap('contract signed');

    // ---- the rest runs by itself: deposits refunded, the fee charged, the deal closed, pushed and archived
    stage.current = s;
    await s.goto(`${stage.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    await s.locator('[data-testid="lifecycle"][data-lifecycle="completed"]').waitFor({ timeout: 120_000 });
    await s.getByTestId('timeline').locator('[data-kind="archive.sealed"]').first().waitFor({ timeout: 60_000 });
    await s.locator('.djs-element.deal-visited[data-element-id="seal"]').waitFor();
    await screenshot(s, 'staff-procurement-archived');
    lap('archived');

    // what the pages said is what the platform holds
    const deal = await db('deals').where('deal_code', dealCode).first();
    expect(Boolean(deal.is_sandbox)).toBe(true);
    expect(deal.procedure_kind).toBe('government-procurement-open');
    const awards = await db('awards').where('deal_id', deal.id).select('price_fen');
    expect(awards.map((a: { price_fen: unknown }) => Number(a.price_fen))).toEqual([SUPPLIERS[0]!.fen]);
    // every deposit paid back (or its guarantee released) once: the losers' and the winner's
    const refunds = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.deal_id', deal.id).select('r.reason');
    expect(refunds.map((r: { reason: string }) => r.reason).sort()).toEqual(['loser', 'loser', 'winner']);
    // the committee's size came from the decision table, and the screens ran on the opened bids
    const kinds = (await db('supervision_events').where('deal_code', dealCode).select('kind')).map((e: { kind: string }) => e.kind);
    for (const kind of ['deal.registered', 'decision.evaluated', 'bid.submitted', 'award.issued', 'archive.sealed']) expect(kinds).toContain(kind);
    expect(await stage.completedBy(dealCode)).toEqual({
      review: 'staff', issueDocuments: DEMO_AGENCY.name, evaluate: 'staff', confirmAward: DEMO_TENDEREE.name, signContract: DEMO_TENDEREE.name,
    });
    for (const page of stage.pages) expect(pageErrors(page)).toEqual([]);
    stage.current = null;
  });
});
