// 国有建设用地使用权挂牌出让 end to end: the reference procedure, deployed from process/reference, runs on the
// time-skipping server from registration to the sealed archive, on SQLite and on PostgreSQL — and, when no quote
// reaches the reserve price, to the failed listing. The notice period (20 days), the listing (10 working days) and the
// refund period (5 working days) pass on the server's clock, which the activities read.
import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { deployReferenceProcedures, verifyArchive, verifyTrail, defaultObjectStore, documentBytes } from '@ggzy/domain';
import { calendarFor, withCheckCharacter } from '@ggzy/db';
import { workingDaysBetween } from '@ggzy/process';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { DAY, ProcedureRunner, countOf, cstWorkday, dealIdOf, sha, startTimeSkippingServer, until } from '../support/reference-harness';

const GRANTOR = { creditCode: withCheckCharacter('11990100MB0002345'), name: '东湖市自然资源和规划局' };
const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA3${String(n).padStart(6, '0')}`), name: `竞买人${n}置业有限公司`, basicAccount: `6222300000000${n}` });
const STARTING_PRICE = 8_000_000_000; // 8,000 万元
const DEPOSIT = 150_000_000; // 150 万元 (the deposit task caps deposits at 2 % of the estimate)
const ms = (v: string | Date) => new Date(v).getTime();

const variables = (title: string) => ({
  title, estimateFen: STARTING_PRICE, tenderee: GRANTOR, sections: [{ name: 'DH2026-15号地块', estimateFen: STARTING_PRICE }],
});

function reviewForm(now: number) {
  const listingStartsAt = cstWorkday(now, 22, 9);
  return {
    listingStartsAt, listingEndsAt: cstWorkday(Date.parse(listingStartsAt), 14, 15),
    noticeBody: '## 挂牌出让宗地\nDH2026-15号地块，面积 32,000 平方米，商住用地，出让年期住宅70年、商业40年，容积率不大于2.5。挂牌起始价 8,000 万元，增价幅度 100 万元。',
  };
}

const applicants = (ns: number[]) => ns.map((n) => ({ bidder: bidder(n), depositFen: DEPOSIT }));
const quotes = (prices: Array<[number, number]>) => prices.map(([n, priceFen]) => ({ bidder: bidder(n).creditCode, priceFen, quoteSha256: sha(`报价单${n}-${priceFen}`) }));

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

  /** Notice, applications and the listing up to its close; answers what the close needs. */
  async function listUntilClose(title: string, bidders: number[], prices: Array<[number, number]>) {
    const db = database.db;
    const t0 = await run.nowMs();
    const { dealCode, handle } = await run.startDeal('land_listing', 'land-listing', variables(title));
    const review = reviewForm(t0);
    await run.complete(handle, 'review', review);
    await run.complete(handle, 'recordApplicants', { applicants: applicants(bidders) });
    const dealId = await dealIdOf(db, dealCode);
    const section = `${dealCode}-01`;
    const sectionId = Number((await db('sections').where('section_code', section).first('id')).id);
    await until('the deposits collected', async () => (await countOf(db, 'deposits', { deal_id: dealId })) === bidders.length);
    // the listing starts no earlier than 20 days after the notice, and not before its announced start
    await run.sleepUntil(review.listingStartsAt, 60_000);
    await run.complete(handle, 'startListing', { startingPriceFen: STARTING_PRICE, incrementFen: 1_000_000, listingPlace: '东湖市公共资源交易中心土地交易厅' });
    await run.complete(handle, 'recordQuotes', { quotes: quotes(prices) });
    await until('the quotes taken', async () => (await countOf(db, 'bids', { section_id: sectionId, status: 'submitted' })) === prices.length);
    // the listing stays open at least 10 working days and until its announced end
    await run.sleepUntil(review.listingEndsAt, 60_000);
    return { db, dealCode, dealId, section, sectionId, handle, review };
  }

  test('notice to sealed archive: the highest quote above the reserve wins, the other bidders\' deposits come back, every library checked', async () => {
    const { db, dealCode, dealId, section, sectionId, handle, review } = await listUntilClose('东湖市DH2026-15号地块国有建设用地使用权挂牌出让', [1, 2, 3], [[1, 8_100_000_000], [2, 8_300_000_000]]);
    expect(dealCode).toMatch(/^990100-\d{4}-TD-\d{5}$/);
    await run.complete(handle, 'closeListing', {
      reservePriceFen: 8_200_000_000, highestPriceFen: 8_300_000_000, listingWinner: bidder(2).creditCode, closeRecordSha256: sha('挂牌结果记录'),
      resultBody: 'DH2026-15号地块由竞买人2置业有限公司以 83,000 万元竞得。',
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
    await run.complete(handle, 'signContract', { contractNo: 'DH-CR-2026-015', contractSignedOn, contractAmountFen: 8_300_000_000 });
    await handle.result();

    const finished = await run.state(handle);
    expect(finished.lifecycle).toBe('completed');
    expect(finished.visited).toEqual(expect.arrayContaining(['publishListing', 'startListing', 'submitQuotes', 'closeListing', 'issueConfirmation', 'refundOthers', 'publishResult', 'signContract', 'seal', 'end']));
    expect(finished.visited).not.toContain('publishFailure');

    // the statutory periods, as the process kept them
    const tasks = await db('process_tasks').where('workflow_id', `deal-${dealCode}`).select('node_id', 'opened_at', 'closed_at');
    const task = (id: string) => tasks.find((t: { node_id: string }) => t.node_id === id)!;
    const listingNotice = await db('notices').where({ deal_id: dealId, notice_type: 'land-listing' }).first();
    expect(ms(task('startListing').opened_at) - ms(listingNotice.published_at)).toBeGreaterThanOrEqual(20 * DAY);
    expect(ms(task('startListing').opened_at)).toBeGreaterThanOrEqual(ms(review.listingStartsAt));
    expect(workingDaysBetween(ms(task('startListing').closed_at), ms(task('closeListing').opened_at), calendar)).toBeGreaterThanOrEqual(10);
    expect(ms(task('closeListing').opened_at)).toBeGreaterThanOrEqual(ms(review.listingEndsAt));
    expect(ms(listingNotice.min_until)).toBe(ms(review.listingEndsAt));

    // transaction library: the listing notice and the result; quotes taken during the listing, no opening
    expect(await db('deals').where('id', dealId).first('status', 'procedure_kind')).toEqual({ status: 'completed', procedure_kind: 'land-listing' });
    expect(await db('notices').where('deal_id', dealId).orderBy('id').pluck('notice_type')).toEqual(['land-listing', 'land-result']);
    expect(await countOf(db, 'bid_openings', { section_id: sectionId })).toBe(0);
    const bids = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').where('b.section_id', sectionId).orderBy('s.credit_code').select('s.credit_code', 'b.status');
    expect(bids.map((b: { credit_code: string; status: string }) => [b.credit_code, b.status])).toEqual(
      [[bidder(1).creditCode, 'submitted'], [bidder(2).creditCode, 'submitted'], [bidder(3).creditCode, 'registered']].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const submissions = await db('bid_submissions as s').join('bids as b', 'b.id', 's.bid_id').where('b.section_id', sectionId).pluck('s.submitted_at');
    for (const at of submissions) {
      expect(ms(at)).toBeGreaterThanOrEqual(ms(task('startListing').closed_at));
      expect(ms(at)).toBeLessThan(ms(review.listingEndsAt));
    }
    // the confirmation: to the winner at its quote, result letters to the two others
    const winner = await db('subjects').where('credit_code', bidder(2).creditCode).first('id');
    expect(Number(award.winner_subject_id)).toBe(Number(winner.id));
    expect(Number(award.price_fen)).toBe(8_300_000_000);
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
    expect(Number((await db('awarded_prices').where('section_code', section).first()).amount_fen)).toBe(8_300_000_000);
    expect(await countOf(db, 'fee_charges', { section_id: sectionId })).toBe(1);
    expect((await db('exchange_outbox').where('deal_code', dealCode).distinct('data_set').pluck('data_set')).sort()).toEqual(['BID_WINNING_NOTICE', 'SECTION', 'TENDER_PROJECT']);
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });

    // supervision library: every step notified supervision, in order, and the trail verifies
    const events: Array<{ kind: string; payload: string }> = await db('supervision_events').where('deal_code', dealCode).orderBy('seq').select('kind', 'payload');
    const kinds = events.map((e) => e.kind);
    for (const kind of [
      'deal.registered', 'notice.published', 'bid.registered', 'deposit.collected', 'bid.submitted', 'award.issued', 'deposit.refunded',
      'deposits.refundedUnsuccessful', 'fee.charged', 'deal.closed', 'exchange.queued', 'archive.sealed',
    ]) {
      expect({ kind, present: kinds.includes(kind) }).toEqual({ kind, present: true });
    }
    expect(kinds.filter((k) => k === 'bid.registered')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'bid.submitted')).toHaveLength(2);
    expect(kinds).not.toContain('bids.opened');
    expect(kinds.lastIndexOf('deposit.collected')).toBeLessThan(kinds.indexOf('bid.submitted'));
    expect(kinds.lastIndexOf('bid.submitted')).toBeLessThan(kinds.indexOf('award.issued'));
    expect(kinds.indexOf('award.issued')).toBeLessThan(kinds.indexOf('deposits.refundedUnsuccessful'));
    expect(kinds.indexOf('deposits.refundedUnsuccessful')).toBeLessThan(kinds.lastIndexOf('notice.published'));
    const refunded = events.filter((e) => e.kind === 'deposit.refunded').map((e) => JSON.parse(e.payload) as { legalBasis: { zh: string }; interestFen: number });
    expect(refunded.every((p) => p.legalBasis.zh.includes('国土资源部令第39号') && p.interestFen === 0)).toBe(true);
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
  });

  test('no quote reaches the reserve price: the listing fails — notice, every deposit back, deal closed as failed and archived', async () => {
    const { db, dealCode, dealId, sectionId, handle } = await listUntilClose('东湖市DH2026-16号地块国有建设用地使用权挂牌出让', [4, 5], [[4, 8_050_000_000]]);
    await run.complete(handle, 'closeListing', {
      reservePriceFen: 8_200_000_000, highestPriceFen: 8_050_000_000, listingWinner: bidder(4).creditCode, closeRecordSha256: sha('挂牌结果记录（不成交）'),
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
