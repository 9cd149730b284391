// 国有建设用地使用权挂牌出让 from registration to archive, in a real browser, in the training sandbox (one day to a
// second), every step done in the portal by the person who does it, held online (网上挂牌): the centre's staff register
// the grant with its start form (the grantor, 东湖市自然资源和规划局, picked from the subject library) and review it, setting
// the listing's terms and schedule; while the notice runs three bidders, signed in with their certificates, apply
// (竞买申请) and pay their deposits to their sub-accounts (the bank's notification); during the listing two of them
// quote online against each other on the board, each at least the highest plus the increment; at its end the board
// stops, the staff reveal the reserve price and announce the result; the grantor signs the grant contract with its
// certificate; the confirmation, the refunds to the others, the fee and the archive follow by themselves.
//
// The test reads the database only to check what the pages say.
import type { Page } from 'playwright-core';
import { DEMO_BASIC_ACCOUNTS, DEMO_GRANTOR } from '../support/party-deals';
import { pageErrors, screenshot } from './support/browser';
import { cst, cstDay, item, minuteAfter, pick, typeDate, typeMoney } from './support/forms';
import { SandboxDeals, demoBidders } from './support/sandbox-deals';

jest.setTimeout(900_000);

const TITLE = '演练区YL2026-03号地块国有建设用地使用权挂牌出让';
const PARCEL = 'YL2026-03号地块（滨湖路以北）';
const STARTING_YUAN = '80000000';
const DEPOSIT_YUAN = '1500000';
// a land listing takes cash deposits only: the third bidder pays from its basic account too
const APPLICANTS = demoBidders([
  { price: '81000000', shown: '¥81,000,000.00', fen: 8_100_000_000 },
  { price: '83000000', shown: '¥83,000,000.00', fen: 8_300_000_000 },
  { price: '0', shown: '', fen: 0 }, // applies, never quotes
]).map((b) => ({ ...b, account: b.account ?? DEMO_BASIC_ACCOUNTS.sfzn }));
const WINNER = APPLICANTS[1]!;
const RESERVE_YUAN = '82000000';

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

    // ---- staff review the grant and set what the notice announces: the listing starts once the 20-day notice is over
    // (20 s here) and lasts at least 10 working days (two minutes here, for the quotes); the starting price, the
    // increment and the deposit
    const listingStartsAt = minuteAfter(60_000);
    const listingEndsAt = listingStartsAt + 120_000;
    await stage.staffTask(s, 'review', 'staff-review-form', async (review) => {
      await typeDate(item(review, '挂牌开始时间'), cst(listingStartsAt));
      await typeDate(item(review, '挂牌截止时间'), cst(listingEndsAt));
      await typeMoney(item(review, '挂牌起始价'), STARTING_YUAN);
      await typeMoney(item(review, '增价幅度'), '1000000');
      await typeMoney(item(review, '竞买保证金'), DEPOSIT_YUAN);
      await item(review, '挂牌出让公告正文').locator('textarea').fill(`## 挂牌出让宗地\n${PARCEL}，面积 32,000 平方米，商住用地，挂牌起始价 8,000 万元，增价幅度 100 万元，竞买保证金 150 万元（演练）。网上挂牌，竞买人在挂牌期内自行网上报价。`);
    });
    lap('reviewed');
    const section = `${dealCode}-01`;

    // ---- while the notice runs: each bidder finds the listing, applies (竞买申请) and pays its deposit to its sub-account
    const bidders: Array<{ page: Page; no: string }> = [];
    for (const a of APPLICANTS) {
      const page = await stage.signIn(a.file);
      stage.current = page;
      await page.getByTestId('to-open-deals').click();
      await page.getByRole('link', { name: TITLE }).click();
      await page.getByTestId('sandbox-deal').waitFor();
      await page.getByTestId(`register-${section}`).getByText('竞买申请').click();
      await page.getByTestId(`deposit-account-${section}`).filter({ hasText: /\d{10,}/ }).waitFor();
      await stage.bankPays((await page.getByTestId(`deposit-account-${section}`).textContent())!, a, Number(DEPOSIT_YUAN) * 100);
      // the page follows the bank's report by itself
      await page.getByTestId(`deposit-${section}`).getByText('已到账', { exact: false }).waitFor({ timeout: 20_000 });
      await page.getByTestId('listing-board').waitFor();
      bidders.push({ page, no: (await page.getByTestId('my-bidder-no').textContent())!.trim() });
    }
    await screenshot(bidders[0]!.page, 'bidder-land-applied');
    lap('applied and paid');

    // ---- the listing opens: the two bidders quote against each other on the board
    const [first, second] = bidders;
    stage.current = first!.page;
    await first!.page.getByTestId('listing-board').and(first!.page.locator('[data-status="open"]')).waitFor({ timeout: listingStartsAt - Date.now() + 120_000 });
    await screenshot(first!.page, 'bidder-land-board-open');
    const quoteOn = async (page: Page, price: string) => {
      const form = page.getByTestId('quote-form');
      const amount = form.locator('input.ant-input-number-input');
      await amount.fill(price);
      await amount.blur();
      await form.getByTestId('submit-quote').click();
    };
    await quoteOn(first!.page, APPLICANTS[0]!.price);
    await first!.page.getByTestId('listing-highest').getByText(APPLICANTS[0]!.shown).waitFor();
    // the highest bidder waits: the board says so instead of offering a quote
    await first!.page.getByTestId('quote-barred').getByText('已是最高报价', { exact: false }).waitFor();
    stage.current = second!.page;
    await second!.page.getByTestId('listing-highest').getByText(APPLICANTS[0]!.shown).waitFor({ timeout: 15_000 });
    // below the highest plus the increment the form will not send it
    const form = second!.page.getByTestId('quote-form');
    await form.locator('input.ant-input-number-input').fill('81500000');
    await form.getByText('报价不得低于', { exact: false }).waitFor();
    expect(await form.getByTestId('submit-quote').isDisabled()).toBe(true);
    await quoteOn(second!.page, WINNER.price);
    await second!.page.getByTestId('listing-highest').getByText(WINNER.shown).waitFor();
    await screenshot(second!.page, 'bidder-land-quoted');
    // the first sees it outbid on its own board, under the second's number, not its name
    stage.current = first!.page;
    await first!.page.getByTestId('listing-highest').getByText(WINNER.shown).waitFor({ timeout: 15_000 });
    await first!.page.getByTestId('listing-quotes').getByText(second!.no, { exact: true }).first().waitFor();
    expect(await first!.page.getByTestId('listing-quotes').getByText(WINNER.name).count()).toBe(0);
    await first!.page.getByTestId('quote-form').waitFor();
    await screenshot(first!.page, 'bidder-land-outbid');
    expect(Date.now()).toBeLessThan(listingEndsAt);
    lap('quotes made');

    // ---- the listing ends: the board stops; the staff see the quotes with the bidders' names, reveal the reserve
    // price and announce the result
    stage.current = s;
    await stage.staffTask(s, 'closeListing', 'staff-close-listing', async (task) => {
      await typeMoney(item(task, '底价'), RESERVE_YUAN);
      await item(task, '挂牌结果记录').locator('input[type="file"]').setInputFiles({ name: '挂牌结果记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`${PARCEL} 挂牌结果记录\n竞得人：${WINNER.name}\n`, 'utf8') });
      await item(task, '挂牌结果记录').getByTestId('uploaded-file').waitFor();
      await item(task, '出让结果公示').locator('textarea').fill(`${PARCEL}由${WINNER.name}以 ${WINNER.price} 元竞得（演练）。`);
    }, listingEndsAt - Date.now() + 120_000);
    lap('listing closed');
    await s.getByTestId('listing-board').and(s.locator('[data-status="closed"]')).getByText(WINNER.name, { exact: false }).first().waitFor();
    await screenshot(s, 'staff-land-board-closed');

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
    await s.getByTestId('timeline').getByText('Reserve price revealed', { exact: false }).first().waitFor();
    await s.locator('.djs-element[data-element-id="seal"] text').filter({ hasText: /Seal/ }).waitFor();
    await screenshot(s, 'staff-land-archived-in-english');

    // what the pages said is what the platform holds
    const deal = await db('deals').where('deal_code', dealCode).first();
    expect(deal).toMatchObject({ procedure_kind: 'land-listing', status: 'completed' });
    const awards = await db('awards as a').join('subjects as s', 's.id', 'a.winner_subject_id').where('a.deal_id', deal.id).select('s.credit_code', 'a.price_fen');
    expect(awards.map((a: { credit_code: string; price_fen: unknown }) => [a.credit_code, Number(a.price_fen)])).toEqual([[WINNER.creditCode, WINNER.fen]]);
    const refunds = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.deal_id', deal.id).select('r.reason');
    expect(refunds.map((r: { reason: string }) => r.reason)).toEqual(['loser', 'loser']); // the winner's deposit becomes part of the price
    const quotes = await db('listing_quotes as q').join('land_listings as l', 'l.id', 'q.listing_id').where('l.deal_id', deal.id).orderBy('q.seq').pluck('q.price_fen');
    expect(quotes.map(Number)).toEqual([APPLICANTS[0]!.fen, WINNER.fen]);
    expect(await stage.completedBy(dealCode)).toEqual({
      review: 'staff', closeListing: 'staff', signContract: DEMO_GRANTOR.name,
    });
    for (const page of stage.pages) expect(pageErrors(page)).toEqual([]);
    stage.current = null;
  });
});
