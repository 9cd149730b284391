// 国有建设用地使用权挂牌出让 from registration to archive, in a real browser, in the training sandbox (one day to a
// second), every step done in the portal by the person who does it as the reference procedure has it: the centre's
// staff register the grant with its start form (the grantor, 东湖市自然资源和规划局, picked from the subject library) and
// schedule the listing; while the notice runs they register the three applicants and their deposits; at the listing's
// start they announce the starting price and increment, record the quotes as the listing takes them (each with its
// signed quote sheet), and at its end announce the highest quote and the winner against the reserve price; the grantor,
// signed in with its certificate, signs the grant contract; the confirmation, the refunds to the others, the fee and
// the archive follow by themselves.
//
// The test reads the database only to check what the pages say.
import { DEMO_BASIC_ACCOUNTS, DEMO_GRANTOR } from '../support/party-deals';
import { pageErrors, screenshot } from './support/browser';
import { cst, cstDay, item, minuteAfter, pick, typeDate, typeMoney } from './support/forms';
import { SandboxDeals, demoBidders } from './support/sandbox-deals';

jest.setTimeout(900_000);

const TITLE = '演练区YL2026-03号地块国有建设用地使用权挂牌出让';
const PARCEL = 'YL2026-03号地块（滨湖路以北）';
const STARTING_YUAN = '80000000';
const DEPOSIT_YUAN = '1500000';
const APPLICANTS = demoBidders([
  { price: '81000000', shown: '¥81,000,000.00', fen: 8_100_000_000 },
  { price: '83000000', shown: '¥83,000,000.00', fen: 8_300_000_000 },
  { price: '0', shown: '', fen: 0 }, // applies, never quotes
]);
const WINNER = APPLICANTS[1]!;

describe('a land listing in the sandbox, registration to archive, every step in the portal', () => {
  let stage: SandboxDeals;
  beforeAll(async () => { stage = await SandboxDeals.open('land'); });
  afterAll(async () => { await stage?.close(); });
  afterEach(async () => { await stage?.pictureTheEnd(); });

  test('国有建设用地使用权挂牌出让: start, review, applicants, listing, quotes, close, contract, archive', async () => {
    const db = stage.db;
    const began = Date.now();
    const lap = (what: string) => process.stdout.write(`${what} at ${Math.round((Date.now() - began) / 1000)} s\n`);

    // ---- staff register the grant with its start form
    const s = await stage.staff('staff');
    const { workflowId, dealCode } = await stage.startDeal(s, 'land_listing', async (form) => {
      await item(form, '出让项目名称').locator('input').fill(TITLE);
      await item(form, '出让方案批准文号').locator('input').fill('示演政土〔2026〕3号');
      await pick(item(form, '出让人'), '自然资源', DEMO_GRANTOR.name);
      await form.getByRole('button', { name: /添加一行/ }).click();
      const row = form.locator('.ant-table-tbody tr.ant-table-row').first();
      await row.locator('input').nth(0).fill(PARCEL);
      await typeMoney(row, STARTING_YUAN);
    });
    lap(`started ${dealCode}`);

    // ---- staff schedule the listing: it starts once the 20-day notice is over (20 s here) and lasts at least 10
    // working days (a minute and a half here, for the quotes)
    const listingStartsAt = minuteAfter(60_000);
    const listingEndsAt = listingStartsAt + 90_000;
    await stage.staffTask(s, 'review', 'staff-review-form', async (review) => {
      await typeDate(item(review, '挂牌开始时间'), cst(listingStartsAt));
      await typeDate(item(review, '挂牌截止时间'), cst(listingEndsAt));
      await item(review, '挂牌出让公告正文').locator('textarea').fill(`## 挂牌出让宗地\n${PARCEL}，面积 32,000 平方米，商住用地，挂牌起始价 8,000 万元，增价幅度 100 万元，竞买保证金 150 万元（演练）。`);
    });
    lap('reviewed');

    // ---- while the notice runs: the applicants and their deposits
    await stage.staffTask(s, 'recordApplicants', 'staff-applicants', async (task) => {
      for (const [i, a] of APPLICANTS.entries()) {
        await task.getByRole('button', { name: /添加一行/ }).click();
        const row = task.locator('.ant-table-tbody tr.ant-table-row').last();
        const inputs = row.locator('input:not([type="file"]):not(.ant-input-number-input)');
        await inputs.nth(0).fill(a.creditCode);
        await inputs.nth(1).fill(a.name);
        await inputs.nth(2).fill(Object.values(DEMO_BASIC_ACCOUNTS)[i]!);
        await typeMoney(row, DEPOSIT_YUAN);
      }
    });
    lap('applicants registered');

    // ---- the listing starts: the starting price and increment announced
    await stage.staffTask(s, 'startListing', 'staff-start-listing', async (task) => {
      await typeMoney(item(task, '挂牌起始价'), STARTING_YUAN);
      await typeMoney(item(task, '增价幅度'), '1000000');
      await item(task, '挂牌场所').locator('input').fill('示范省公共资源交易中心土地交易厅（演练）');
    }, listingStartsAt - Date.now() + 120_000);
    lap('listing started');

    // ---- the quotes, each with its quote sheet
    await stage.staffTask(s, 'recordQuotes', 'staff-quotes', async (task) => {
      for (const a of APPLICANTS.filter((x) => x.fen > 0)) {
        await task.getByRole('button', { name: /添加一行/ }).click();
        const row = task.locator('.ant-table-tbody tr.ant-table-row').last();
        await pick(row.locator('.ant-select').first(), a.name.slice(0, 4), a.name);
        await typeMoney(row, a.price);
        await row.locator('input[type="file"]').setInputFiles({ name: `报价单-${a.name}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`${PARCEL} 挂牌报价单\n竞买人：${a.name}\n报价：${a.price} 元\n`, 'utf8') });
        await row.getByTestId('uploaded-file').waitFor();
      }
    });
    expect(Date.now()).toBeLessThan(listingEndsAt);
    lap('quotes recorded');

    // ---- the listing ends: the highest quote is above the reserve price, the winner announced
    await stage.staffTask(s, 'closeListing', 'staff-close-listing', async (task) => {
      await typeMoney(item(task, '底价'), '82000000');
      await typeMoney(item(task, '最高报价'), WINNER.price);
      await pick(item(task, '最高报价的竞买人'), WINNER.name.slice(0, 4), WINNER.name);
      await item(task, '挂牌结果记录').locator('input[type="file"]').setInputFiles({ name: '挂牌结果记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`${PARCEL} 挂牌结果记录\n竞得人：${WINNER.name}\n`, 'utf8') });
      await item(task, '挂牌结果记录').getByTestId('uploaded-file').waitFor();
      await item(task, '出让结果公示').locator('textarea').fill(`${PARCEL}由${WINNER.name}以 ${WINNER.price} 元竞得（演练）。`);
    }, listingEndsAt - Date.now() + 120_000);
    lap('listing closed');

    // ---- the grantor signs the grant contract with its certificate
    const grantor = await stage.signIn('grantor-dhzr-sm2.pem');
    await stage.partyStep(grantor, dealCode, 'signContract', 'grantor-sign-contract', async (card) => {
      await item(card, '合同编号').locator('input').fill(`CR-${dealCode}`);
      await typeDate(item(card, '合同签订日期'), cstDay(Date.now()));
      await typeMoney(item(card, '合同金额'), WINNER.price);
    });
    lap('contract signed');

    // ---- the rest runs by itself
    stage.current = s;
    await s.goto(`${stage.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    await s.locator('[data-testid="lifecycle"][data-lifecycle="completed"]').waitFor({ timeout: 120_000 });
    await s.getByTestId('timeline').locator('[data-kind="archive.sealed"]').first().waitFor({ timeout: 60_000 });
    await screenshot(s, 'staff-land-archived');
    lap('archived');

    // in English the steps go by the English names the procedure carries: the timeline and the diagram
    await s.getByRole('button', { name: 'language' }).click();
    await s.getByTestId('timeline').getByText('Record the quotes', { exact: false }).first().waitFor();
    await s.locator('.djs-element[data-element-id="seal"] text').filter({ hasText: /Seal/ }).waitFor();
    await screenshot(s, 'staff-land-archived-in-english');

    // what the pages said is what the platform holds
    const deal = await db('deals').where('deal_code', dealCode).first();
    expect(deal).toMatchObject({ procedure_kind: 'land-listing', status: 'completed' });
    const awards = await db('awards as a').join('subjects as s', 's.id', 'a.winner_subject_id').where('a.deal_id', deal.id).select('s.credit_code', 'a.price_fen');
    expect(awards.map((a: { credit_code: string; price_fen: unknown }) => [a.credit_code, Number(a.price_fen)])).toEqual([[WINNER.creditCode, WINNER.fen]]);
    const refunds = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.deal_id', deal.id).select('r.reason');
    expect(refunds.map((r: { reason: string }) => r.reason)).toEqual(['loser', 'loser']); // the winner's deposit becomes part of the price
    expect(await stage.completedBy(dealCode)).toEqual({
      review: 'staff', recordApplicants: 'staff', startListing: 'staff', recordQuotes: 'staff', closeListing: 'staff', signContract: DEMO_GRANTOR.name,
    });
    for (const page of stage.pages) expect(pageErrors(page)).toEqual([]);
    stage.current = null;
  });
});
