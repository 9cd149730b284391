// 国有建设用地使用权挂牌出让 end to end, held online: the reference procedure, deployed from process/reference, runs on
// the time-skipping server from registration to the sealed archive, on SQLite and on PostgreSQL — and, when no quote
// reaches the reserve price, to the failed listing. The bidders apply and pay their deposits themselves while the
// notice runs, and quote online during the listing, through the domain functions the api calls. The notice period
// (20 days), the listing (10 working days) and the refund period (5 working days) pass on the server's clock, which
// the activities read.
import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deployReferenceProcedures, verifyArchive, verifyTrail, defaultObjectStore, documentBytes, listingBoard, receiveBankNotification, registerForSection, submitListingQuote } from '@ggzy/domain';
import { calendarFor, withCheckCharacter } from '@ggzy/db';
import { workingDaysBetween } from '@ggzy/process';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { DAY, ProcedureRunner, countOf, cstWorkday, dealIdOf, sha, startTimeSkippingServer, until } from '../support/reference-harness';
import { makeBidders, type TestBidder } from '../support/party-bidding';
import { recordHistory } from '../support/histories';

const GRANTOR = { creditCode: withCheckCharacter('11990100MB0002345'), name: '东湖市自然资源和规划局' };
const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA3${String(n).padStart(6, '0')}`), name: `竞买人${n}置业有限公司`, basicAccount: `6222300000000${n}` });
const STARTING_PRICE = 8_000_000_000; // 8,000 万元
const DEPOSIT = 150_000_000; // 150 万元
const INCREMENT = 100_000_000; // 100 万元
const ms = (v: string | Date) => new Date(v).getTime();

const variables = (title: string) => ({
  title, estimateFen: STARTING_PRICE, tenderee: GRANTOR, sections: [{ name: 'DH2026-15号地块', estimateFen: STARTING_PRICE }],
});

function reviewForm(now: number) {
  const listingStartsAt = cstWorkday(now, 22, 9);
  return {
    listingStartsAt, listingEndsAt: cstWorkday(Date.parse(listingStartsAt), 14, 15), startingPriceFen: STARTING_PRICE, incrementFen: INCREMENT, depositFen: DEPOSIT,
    noticeBody: '## 挂牌出让宗地\nDH2026-15号地块，面积 32,000 平方米，商住用地，出让年期住宅70年、商业40年，容积率不大于2.5。挂牌起始价 8,000 万元，增价幅度 100 万元。',
  };
}

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await startTimeSkippingServer(); });
afterAll(async () => { await env?.teardown(); });

describe.each(DATABASES)('land use right granted by listing on %s', (name, create) => {
  let database: TestDatabase;
  let run: ProcedureRunner;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    const deployed = await deployReferenceProcedures(database.db, '990000');
    expect(deployed.map((d) => d.file)).toContain('land_listing.bpmn');
    run = new ProcedureRunner(env, database.db, `land-${name}`);
    await run.start();
  });
  afterAll(async () => {
    await run?.stop();
    await database?.close();
  });

  /** The bidders' own acts: 竞买申请 and the deposit from the basic account, through the bank's notification. */
  async function apply(b: TestBidder, dealCode: string, section: string, at: Date) {
    const registration = await registerForSection(database.db, { dealCode, sectionCode: section, actor: b.actor, now: at });
    return { registration, pay: async (when: Date) => {
      const paid = await receiveBankNotification(database.db, {
        bankId: 'test-bank', transactionId: `tx-${section}-${b.actor.creditCode}`, creditedAccount: registration.depositAccountNo,
        payerAccount: b.basicAccount, payerName: b.actor.subjectName, amountFen: DEPOSIT, bookedAt: when.toISOString(),
      }, when);
      expect(paid.status).toBe('accepted');
    } };
  }
  const quote = async (b: TestBidder, dealCode: string, priceFen: number, requestId: string) =>
    submitListingQuote(database.db, { dealCode, priceFen, requestId, actor: b.actor, now: new Date(await run.nowMs()) });
  const refusal = (work: Promise<unknown>) => work.then(() => 'accepted', (err: { code?: string }) => err.code ?? String(err));

  /** Notice, applications, the listing and its quotes up to its close; answers what the close needs. */
  async function listUntilClose(title: string, bidderNos: number[], prices: Array<[number, number]>) {
    const db = database.db;
    const t0 = await run.nowMs();
    const { dealCode, handle } = await run.startDeal('land_listing', 'land-listing', variables(title));
    const review = reviewForm(t0);
    await run.complete(handle, 'review', review);
    const dealId = await dealIdOf(db, dealCode);
    const section = `${dealCode}-01`;
    const sectionId = Number((await db('sections').where('section_code', section).first('id')).id);
    // the notice opens the applications: the deposit its terms set, the deadline the listing's end
    await until('the listing notice', async () => (await db('deals').where('id', dealId).first('bid_deadline_at')).bid_deadline_at);
    expect(Number((await db('sections').where('id', sectionId).first('deposit_required_fen')).deposit_required_fen)).toBe(DEPOSIT);
    const bidders = await makeBidders(db, bidderNos.map((n) => bidder(n)), new Date(t0));
    const applied = [];
    for (const b of bidders) applied.push(await apply(b, dealCode, section, new Date(await run.nowMs())));
    // all but the last pay while the notice runs; the last pays only once it has tried to quote
    for (const a of applied.slice(0, -1)) await a.pay(new Date(await run.nowMs()));
    // no quote before the listing starts
    expect(await refusal(quote(bidders[0]!, dealCode, STARTING_PRICE, 'early-quote-1'))).toBe('LISTING_NOT_OPEN');
    await run.sleepUntil(review.listingStartsAt, 60_000);
    await until('the listing open', async () => (await db('land_listings').where('deal_id', dealId).first('opened_at'))?.opened_at);
    expect(await refusal(quote(bidders.at(-1)!, dealCode, STARTING_PRICE, 'unpaid-quote-1'))).toBe('DEPOSIT_NOT_PAID');
    await applied.at(-1)!.pay(new Date(await run.nowMs()));
    const byNo = new Map(bidderNos.map((n, i) => [n, bidders[i]!]));
    for (const [i, [n, priceFen]] of prices.entries()) {
      const b = byNo.get(n)!;
      const board = await listingBoard(db, { dealCode, viewer: { subjectId: b.actor.subjectId }, now: new Date(await run.nowMs()) });
      expect(board!.me).toMatchObject({ applied: true, depositPaid: true, mayQuote: true });
      // below the least next quote: refused with the least named
      expect(await refusal(quote(b, dealCode, board!.nextMinimumFen - 1, `low-${n}-${i}-quote`))).toBe('QUOTE_TOO_LOW');
      const answer = await quote(b, dealCode, priceFen, `quote-${n}-${i}-x`);
      expect(answer).toMatchObject({ replayed: false, quote: { priceFen, mine: true, seq: i + 1 } });
      // the same request again is the same quote; another price under the same request is refused
      expect(await quote(b, dealCode, priceFen, `quote-${n}-${i}-x`)).toMatchObject({ replayed: true, quote: { seq: i + 1 } });
      expect(await refusal(quote(b, dealCode, priceFen + INCREMENT, `quote-${n}-${i}-x`))).toBe('QUOTE_KEY_REUSED');
      // the highest bidder waits for someone to outbid it
      expect(await refusal(quote(b, dealCode, priceFen + INCREMENT, `again-${n}-${i}-q`))).toBe('QUOTE_ALREADY_HIGHEST');
    }
    // the listing stays open at least 10 working days and until its announced end
    await run.sleepUntil(review.listingEndsAt, 60_000);
    await until('the listing closed', async () => (await db('land_listings').where('deal_id', dealId).first('closed_at'))?.closed_at);
    expect(await refusal(quote(bidders[0]!, dealCode, 9_000_000_000, 'late-quote-1'))).toBe('LISTING_CLOSED');
    return { db, dealCode, dealId, section, sectionId, handle, review, bidders };
  }

  test('notice to sealed archive: the highest quote above the reserve wins, the other bidders\' deposits come back, every library checked', async () => {
    const { db, dealCode, dealId, section, sectionId, handle, review } = await listUntilClose('东湖市DH2026-15号地块国有建设用地使用权挂牌出让', [1, 2, 3], [[1, 8_100_000_000], [2, 8_200_000_000], [1, 8_300_000_000], [2, 8_400_000_000]]);
    expect(dealCode).toMatch(/^990100-\d{4}-TD-\d{5}$/);
    // the close put the highest quote and its bidder into the procedure, each bidder's best onto its bid
    const closing = await run.state(handle);
    expect(closing.variables).toMatchObject({ highestPriceFen: 8_400_000_000, listingWinner: bidder(2).creditCode, listingQuotes: 4 });
    const best = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').where('b.section_id', sectionId).orderBy('s.credit_code').select('s.credit_code', 'b.price_fen');
    expect(best.map((b: { credit_code: string; price_fen: unknown }) => [b.credit_code, b.price_fen === null ? null : Number(b.price_fen)])).toEqual(
      [[bidder(1).creditCode, 8_300_000_000], [bidder(2).creditCode, 8_400_000_000], [bidder(3).creditCode, null]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const staffBoard = await listingBoard(db, { dealCode, viewer: { staff: true }, now: new Date(await run.nowMs()) });
    expect(staffBoard).toMatchObject({ status: 'closed', highest: { priceFen: 8_400_000_000, bidder: { creditCode: bidder(2).creditCode } } });
    expect(staffBoard!.quotes.map((q) => [q.seq, q.priceFen])).toEqual([[1, 8_100_000_000], [2, 8_200_000_000], [3, 8_300_000_000], [4, 8_400_000_000]]);
    await run.complete(handle, 'closeListing', {
      reservePriceFen: 8_200_000_000, closeRecordSha256: sha('挂牌结果记录'),
      resultBody: 'DH2026-15号地块由竞买人2置业有限公司以 84,000 万元竞得。',
    });
    const award = await until('the confirmation', async () => db('awards').where('section_id', sectionId).first());
    const refunds = () => db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').join('subjects as s', 's.id', 'd.bidder_subject_id')
      .where('d.deal_id', dealId).orderBy('s.credit_code').select('s.credit_code', 'r.reason', 'r.triggered_on', 'r.due_on', 'r.refunded_on', 'r.on_time', 'r.interest_fen', 'r.principal_fen');
    const others = await until('the other bidders refunded', async () => { const rows = await refunds(); return rows.length === 2 && rows; });
    const noticeDate: string = award.notice_date;
    const calendar = await calendarFor(db, '990100', ms(award.issued_at));
    const dueOn: string = others[0].due_on;
    // due on the 5th working day after the close: 5 working days after the confirmation's date, and not 6
    expect(workingDaysBetween(Date.parse(`${noticeDate}T12:00:00+08:00`), Date.parse(`${dueOn}T12:00:00+08:00`), calendar)).toBe(5);
    expect(others.map((r: Record<string, unknown>) => [r.credit_code, r.reason, r.triggered_on, r.due_on, r.refunded_on, Boolean(r.on_time), Number(r.interest_fen), Number(r.principal_fen)])).toEqual(
      [bidder(1).creditCode, bidder(3).creditCode].sort().map((c) => [c, 'loser', noticeDate, dueOn, noticeDate, true, 0, DEPOSIT]),
    );
    await env.sleep(5 * DAY);
    const contractSignedOn = await run.today();
    await run.complete(handle, 'signContract', { contractNo: 'DH-CR-2026-015', contractSignedOn, contractAmountFen: 8_400_000_000 });
    await handle.result();
    if (name === 'SQLite') await recordHistory(handle, 'reference-land_listing');

    const finished = await run.state(handle);
    expect(finished.lifecycle).toBe('completed');
    expect(finished.visited).toEqual(expect.arrayContaining(['announceListing', 'publishListing', 'openListing', 'closeQuotes', 'closeListing', 'issueConfirmation', 'refundOthers', 'publishResult', 'signContract', 'seal', 'end']));
    expect(finished.visited).not.toContain('publishFailure');

    // the statutory periods, as the process kept them
    const tasks = await db('process_tasks').where('workflow_id', `deal-${dealCode}`).select('node_id', 'opened_at', 'closed_at');
    const task = (id: string) => tasks.find((t: { node_id: string }) => t.node_id === id)!;
    const listingNotice = await db('notices').where({ deal_id: dealId, notice_type: 'land-listing' }).first();
    const listing = await db('land_listings').where('deal_id', dealId).first();
    expect(ms(listing.opened_at) - ms(listingNotice.published_at)).toBeGreaterThanOrEqual(20 * DAY);
    expect(ms(listing.opened_at)).toBeGreaterThanOrEqual(ms(review.listingStartsAt));
    expect(workingDaysBetween(ms(listing.opened_at), ms(listing.closed_at), calendar)).toBeGreaterThanOrEqual(10);
    expect(ms(listing.closed_at)).toBeGreaterThanOrEqual(ms(review.listingEndsAt));
    expect(ms(task('closeListing').opened_at)).toBeGreaterThanOrEqual(ms(review.listingEndsAt));
    expect(ms(listingNotice.min_until)).toBe(ms(review.listingEndsAt));
    // every quote was made while the board was open
    for (const q of await db('listing_quotes').where('listing_id', listing.id).select('quoted_at')) {
      expect(ms(q.quoted_at)).toBeGreaterThanOrEqual(ms(listing.opened_at));
      expect(ms(q.quoted_at)).toBeLessThan(ms(review.listingEndsAt));
    }

    // transaction library: the listing notice and the result; quotes taken during the listing, no opening
    expect(await db('deals').where('id', dealId).first('status', 'procedure_kind')).toEqual({ status: 'completed', procedure_kind: 'land-listing' });
    expect(await db('notices').where('deal_id', dealId).orderBy('id').pluck('notice_type')).toEqual(['land-listing', 'land-result']);
    expect(await countOf(db, 'bid_openings', { section_id: sectionId })).toBe(0);
    const bids = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').where('b.section_id', sectionId).orderBy('s.credit_code').select('s.credit_code', 'b.status');
    expect(bids.map((b: { credit_code: string; status: string }) => [b.credit_code, b.status])).toEqual(
      [[bidder(1).creditCode, 'submitted'], [bidder(2).creditCode, 'submitted'], [bidder(3).creditCode, 'registered']].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(await countOf(db, 'bid_submissions', {})).toBe(0);
    // the confirmation: to the winner at its quote, result letters to the two others
    const winner = await db('subjects').where('credit_code', bidder(2).creditCode).first('id');
    expect(Number(award.winner_subject_id)).toBe(Number(winner.id));
    expect(Number(award.price_fen)).toBe(8_400_000_000);
    expect(award.notice_sha256).toBe(createHash('sha256').update(await documentBytes(db, defaultObjectStore(), award.notice_document_id)).digest('hex'));
    expect(await countOf(db, 'award_result_letters', { award_id: award.id })).toBe(2);
    // subject and credit libraries: the grantor and the three bidders; none of them sanctioned; no expert, no venue
    expect(await db('subjects').whereIn('credit_code', [GRANTOR.creditCode, ...[1, 2, 3].map((n) => bidder(n).creditCode)]).pluck('kind')).toHaveLength(4);
    expect(await db('credit_sanctions as c').join('subjects as s', 's.id', 'c.subject_id').whereIn('s.credit_code', [1, 2, 3].map((n) => bidder(n).creditCode)).pluck('c.id')).toEqual([]);
    expect(await countOf(db, 'expert_draws', { deal_id: dealId })).toBe(0);
    expect(await countOf(db, 'venue_bookings', { deal_id: dealId })).toBe(0);
    // deposits: three collected, the two others' paid back; the winner's stays in escrow as part of the price
    expect(await countOf(db, 'deposits', { deal_id: dealId })).toBe(3);
    expect(await refunds()).toHaveLength(2);
    const escrow = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', `deposit-escrow:${section}`).first(db.raw('coalesce(sum(l.amount_fen), 0) as total'));
    expect(Number(escrow!.total)).toBe(DEPOSIT);
    expect(Number((await db('journal_lines').sum('amount_fen as total').first())!.total)).toBe(0);
    // price library, fees, aggregation, archive
    expect(Number((await db('awarded_prices').where('section_code', section).first()).amount_fen)).toBe(8_400_000_000);
    expect(await countOf(db, 'fee_charges', { section_id: sectionId })).toBe(1);
    expect((await db('exchange_outbox').where('deal_code', dealCode).distinct('data_set').pluck('data_set')).sort()).toEqual(['BID_WINNING_NOTICE', 'SECTION', 'TENDER_PROJECT']);
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });

    // supervision library: every step notified supervision, in order, and the trail verifies
    const events: Array<{ kind: string; payload: string }> = await db('supervision_events').where('deal_code', dealCode).orderBy('seq').select('kind', 'payload');
    const kinds = events.map((e) => e.kind);
    for (const kind of [
      'deal.registered', 'listing.announced', 'notice.published', 'bid.registered', 'deposit.collected', 'listing.opened', 'party.quote', 'listing.closed', 'award.issued', 'deposit.refunded',
      'deposits.refundedUnsuccessful', 'fee.charged', 'deal.closed', 'exchange.queued', 'archive.sealed',
    ]) {
      expect({ kind, present: kinds.includes(kind) }).toEqual({ kind, present: true });
    }
    expect(kinds.filter((k) => k === 'bid.registered')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'party.quote')).toHaveLength(4);
    expect(kinds).not.toContain('bids.opened');
    expect(kinds.indexOf('listing.opened')).toBeLessThan(kinds.indexOf('party.quote'));
    expect(kinds.lastIndexOf('party.quote')).toBeLessThan(kinds.indexOf('listing.closed'));
    expect(kinds.indexOf('listing.closed')).toBeLessThan(kinds.indexOf('award.issued'));
    expect(kinds.indexOf('award.issued')).toBeLessThan(kinds.indexOf('deposits.refundedUnsuccessful'));
    expect(kinds.indexOf('deposits.refundedUnsuccessful')).toBeLessThan(kinds.lastIndexOf('notice.published'));
    const refunded = events.filter((e) => e.kind === 'deposit.refunded').map((e) => JSON.parse(e.payload) as { legalBasis: { zh: string }; interestFen: number });
    expect(refunded.every((p) => p.legalBasis.zh.includes('国土资源部令第39号') && p.interestFen === 0)).toBe(true);
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
  });

  test('no quote reaches the reserve price: the listing fails — notice, every deposit back, deal closed as failed and archived', async () => {
    const { db, dealCode, dealId, sectionId, handle } = await listUntilClose('东湖市DH2026-16号地块国有建设用地使用权挂牌出让', [4, 5], [[4, 8_050_000_000]]);
    await run.complete(handle, 'closeListing', {
      reservePriceFen: 8_200_000_000, closeRecordSha256: sha('挂牌结果记录（不成交）'),
      resultBody: 'DH2026-16号地块挂牌期间最高报价低于底价，本次挂牌出让不成交。',
    });
    await handle.result();

    const finished = await run.state(handle);
    expect(finished.visited).toEqual(expect.arrayContaining(['closeListing', 'publishFailure', 'refundAfterFailure', 'closeFailed', 'archiveFailed', 'failedEnd']));
    expect(finished.visited).not.toContain('issueConfirmation');
    expect(await db('deals').where('id', dealId).first('status')).toEqual({ status: 'failed' });
    expect(await countOf(db, 'awards', { section_id: sectionId })).toBe(0);
    expect(await db('notices').where('deal_id', dealId).orderBy('id').pluck('notice_type')).toEqual(['land-listing', 'termination']);
    expect((await db('notices').where({ deal_id: dealId, notice_type: 'termination' }).first()).body).toContain('不成交');
    const refunds = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.deal_id', dealId).pluck('r.reason');
    expect(refunds).toEqual(['termination', 'termination']);
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });
    const closed = await db('supervision_events').where({ deal_code: dealCode, kind: 'deal.closed' }).first('payload');
    expect(JSON.parse(closed.payload)).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('第二十条') });
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
  });
});
