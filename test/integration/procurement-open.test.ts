// 政府采购公开招标 end to end: the reference procedure, deployed from process/reference, runs on the time-skipping server
// from registration to the sealed archive, on SQLite and on PostgreSQL — and, with fewer than three suppliers, to 废标.
// The statutory periods (20 days to the deadline, the working days of confirmation and refunds) pass on the server's
// clock, which the activities read.
import { createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { RecordingChannel, addSpecialties, deployReferenceProcedures, dispatchExpertNotifications, enrolExpert, recordExpertAnswer, verifyArchive, verifyTrail, defaultObjectStore, documentBytes } from '@ggzy/domain';
import { withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { DAY, ProcedureRunner, countOf, dealIdOf, cstWorkday, sha, startTimeSkippingServer, until } from '../support/reference-harness';
import { bid, decrypt, makeBidders, type TestBidder } from '../support/party-bidding';

const PURCHASER = { creditCode: withCheckCharacter('11990100MB0001234'), name: '东湖市教育局' };
const AGENCY = { creditCode: withCheckCharacter('91990100MA0000003'), name: '东湖政府采购代理有限公司' };
const supplier = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA2${String(n).padStart(6, '0')}`), name: `供应商${n}信息技术有限公司`, basicAccount: `6222100000000${n}` });
const BUDGET = 500_000_000; // 500 万元
const DEPOSIT = 8_000_000; // 1.6 % of the budget (cap 2 %, 政府采购法实施条例 §33)

async function buildExpertLibrary(db: Db): Promise<void> {
  await addSpecialties(db, [
    { code: 'C', parentCode: null, name: '货物' }, { code: 'C01', parentCode: 'C', name: '信息化设备' },
    { code: 'B', parentCode: null, name: '经济' }, { code: 'B02', parentCode: 'B', name: '政府采购经济' },
  ]);
  for (let i = 1; i <= 7; i++) {
    await enrolExpert(db, { expertCode: `GC${i}`, name: `设备专家${i}`, kind: 'technical', regionCode: '990100', mobile: `1370000000${i}`, specialties: ['C01'] });
  }
  for (let i = 1; i <= 3; i++) {
    await enrolExpert(db, { expertCode: `GB${i}`, name: `采购经济专家${i}`, kind: 'economic', regionCode: '990100', mobile: `1360000000${i}`, specialties: ['B02'] });
  }
}

/** The 5th working day after a date, Monday to Friday (the test database has no holidays). */
function fifthWorkingDayAfter(date: string): string {
  let t = Date.parse(`${date}T12:00:00Z`);
  for (let n = 0; n < 5;) {
    t += DAY;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) n++;
  }
  return new Date(t).toISOString().slice(0, 10);
}

const variables = (title: string) => ({
  title, estimateFen: BUDGET, tenderee: PURCHASER, agent: AGENCY, sections: [{ name: '智慧教室交互设备', estimateFen: BUDGET }],
});

function reviewForm(now: number) {
  const openingAt = cstWorkday(now, 22, 9, 30);
  const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9, 0);
  return {
    openingAt, openingEndsAt: openingAt.replace('T09:30', 'T11:30'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:00', 'T17:00'),
    evaluationVenue: '东湖市公共资源交易中心评审区', noticeBody: '## 项目概况\n智慧教室交互设备采购项目的潜在供应商应在东湖市公共资源交易平台获取招标文件。',
    committeeSize: 5, specialties: [{ specialtyCode: 'C01', count: 4, backups: 2, kind: 'technical' }, { specialtyCode: 'B02', count: 1, backups: 1, kind: 'economic' }],
  };
}

// falling prices at irregular steps: prices on an even grid are what the bid-rigging screens flag (§40(四))
const PRICES = [475_130_000, 470_000_000, 466_410_000, 459_870_000, 452_260_000, 447_590_000];
const priceOf = (n: number) => PRICES[n - 1]!;

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await startTimeSkippingServer(); });
afterAll(async () => { await env?.teardown(); });

describe.each(DATABASES)('government procurement open tender on %s', (name, create) => {
  let database: TestDatabase;
  let run: ProcedureRunner;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    const deployed = await deployReferenceProcedures(database.db, '990000');
    expect(deployed.map((d) => d.file)).toContain('government_procurement_open.bpmn');
    await buildExpertLibrary(database.db);
    run = new ProcedureRunner(env, database.db, `procurement-${name}`);
    await run.start();
  });
  afterAll(async () => {
    await run?.stop();
    await database?.close();
  });

  test('notice to sealed archive: no candidate publicity, losers refunded after the award notice, the winner after the contract; every library checked', async () => {
    const db = database.db;
    const bidders: TestBidder[] = [];
    // supplier 4 was barred from bidding until last month: the credit check lets it register now
    const [subject] = await db('subjects').insert({ credit_code: supplier(4).creditCode, name: supplier(4).name, kind: 'supplier', basic_account: supplier(4).basicAccount }).returning('id');
    const subjectId = Number(typeof subject === 'object' ? subject.id : subject);
    const t0 = await run.nowMs();
    await db('credit_sanctions').insert({
      subject_id: subjectId, measure: 'bar_from_bidding', reason: '提供虚假材料谋取中标', decided_by_region: '990100', legal_basis: '《政府采购法》第七十七条',
      valid_from: new Date(t0 - 400 * DAY).toISOString(), valid_until: new Date(t0 - 30 * DAY).toISOString(),
    });

    const { dealCode, handle } = await run.startDeal('government_procurement_open', 'government-procurement-open', variables('东湖市教育局智慧教室交互设备采购'));
    expect(dealCode).toMatch(/^990100-\d{4}-ZC-\d{5}$/);
    const section = `${dealCode}-01`;
    const review = reviewForm(t0);
    await run.complete(handle, 'review', review);
    await run.complete(handle, 'issueDocuments', { documentsSha256: sha('招标文件'), documentsIssuedOn: await run.today() });
    // the suppliers register, pay and bid themselves, sealed in their browsers
    const now = run.clock.now();
    for (const [i, b] of (await makeBidders(db, [1, 2, 3, 4].map(supplier), now)).entries()) {
      await bid(db, b, { dealCode, sectionCode: section, priceFen: priceOf(i + 1), depositFen: DEPOSIT, now });
      bidders.push(b);
    }
    const deal = { id: await dealIdOf(db, dealCode) };
    const sectionId = Number((await db('sections').where('section_code', section).first('id')).id);
    await until('four sealed bids', async () => (await countOf(db, 'bids', { section_id: sectionId, status: 'submitted' })) === 4);

    // the bidding period (≥ 20 days, 政府采购法 §35) ends at the announced opening: the suppliers decrypt in the hall;
    // the review committee is drawn, sealed, invited
    await run.sleepUntil(review.openingAt, 60_000);
    await until('the platform\'s seal removed', async () => (await db('bid_openings').where('section_id', sectionId).first())?.status === 'decrypting');
    await run.clock.sync();
    await decrypt(db, bidders, { dealCode, sectionCode: section, now: run.clock.now() });
    await env.sleep(31 * 60_000);
    const draw = await until('the expert draw', async () => db('expert_draws').where('deal_id', deal.id).first());
    // the committee's size came from the reference decision table: 500万元 is under the 1000万元 line, the 5 asked for stand
    expect(Number(draw.committee_size)).toBe(5);
    await until('five invitations', async () => Number((await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id').where('m.draw_id', draw.id).count('* as c').first())!.c) >= 5);
    const sms = new RecordingChannel();
    await run.clock.sync();
    await dispatchExpertNotifications(db, { sms, voice: new RecordingChannel() }, { now: run.clock.now });
    const invited = await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
      .where({ 'm.draw_id': draw.id, 'm.status': 'invited', 'n.channel': 'sms' }).select('n.id');
    expect(invited).toHaveLength(5);
    for (const n of invited) await recordExpertAnswer(db, { notificationId: Number(n.id), answer: 'confirm', receivedAt: new Date(await run.nowMs()) });
    await env.sleep(40 * 60_000); // the reply window closes with the committee complete
    await run.sleepUntil(review.evaluationAt, 60_000);
    await run.complete(handle, 'evaluate', {
      awards: [{ sectionCode: section, winner: supplier(2).creditCode, priceFen: 470_000_000 }],
      reportSha256: sha('评标报告'),
    });
    // the purchaser confirms the first candidate on the next day (within 5 working days, 实施条例 §43)
    await env.sleep(DAY);
    await run.complete(handle, 'confirmAward', { confirmed: true, resultBody: '中标供应商：供应商2信息技术有限公司，中标金额 4,700,000.00 元。评审专家名单随公告公布。' });

    // the award notice and the result announcement at once; the three unsuccessful suppliers paid back straight after
    const award = await until('the award', async () => db('awards').where('section_id', sectionId).first());
    await until('the result announced', async () => db('notices').where({ deal_id: deal.id, notice_type: 'result' }).first());
    const depositsOf = () => db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').join('subjects as s', 's.id', 'd.bidder_subject_id')
      .where('d.deal_id', deal.id).orderBy('s.credit_code').select('s.credit_code', 'r.reason', 'r.triggered_on', 'r.due_on', 'r.refunded_on', 'r.on_time', 'r.interest_fen', 'r.principal_fen');
    const losers = await until('the losers refunded', async () => { const rows = await depositsOf(); return rows.length === 3 && rows; });
    const noticeDate: string = award.notice_date;
    expect(losers.map((r: Record<string, unknown>) => [r.credit_code, r.reason, r.triggered_on, r.due_on, r.refunded_on, Boolean(r.on_time), Number(r.interest_fen), Number(r.principal_fen)])).toEqual(
      [1, 3, 4].map((n) => supplier(n).creditCode).sort().map((c) => [c, 'loser', noticeDate, fifthWorkingDayAfter(noticeDate), noticeDate, true, 0, DEPOSIT]),
    );
    const escrow = async () => Number((await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', `deposit-escrow:${section}`).first(db.raw('coalesce(sum(l.amount_fen), 0) as total')))!.total);
    expect(await escrow()).toBe(DEPOSIT); // the winner's deposit waits for the contract

    await env.sleep(3 * DAY);
    const contractSignedOn = await run.today();
    await run.complete(handle, 'signContract', { contractNo: 'DHCG-2026-018', contractSignedOn, contractAmountFen: 470_000_000 });
    await handle.result();

    const finished = await run.state(handle);
    expect(finished.lifecycle).toBe('completed');
    expect(finished.visited).toEqual(expect.arrayContaining(['openBids', 'drawExperts', 'confirmAward', 'issueAwards', 'refundUnsuccessful', 'refundWinner', 'seal', 'end']));
    expect(finished.visited).not.toContain('tooFewBids');

    // transaction library: the procurement and result notices, no candidate publicity
    expect(await db('deals').where('id', deal.id).first('status', 'procedure_kind')).toEqual({ status: 'completed', procedure_kind: 'government-procurement-open' });
    expect((await db('notices').where('deal_id', deal.id).orderBy('id').pluck('notice_type'))).toEqual(['procurement', 'result']);
    const procurementNotice = await db('notices').where({ deal_id: deal.id, notice_type: 'procurement' }).first();
    expect(procurementNotice.period_basis).toContain('财政部令第87号');
    const opening = await db('bid_openings').where('section_id', sectionId).first();
    expect(Number(opening.valid_bid_count)).toBe(4);
    expect((await db('bids').where('section_id', sectionId).orderBy('price_fen').pluck('price_fen')).map(Number)).toEqual(PRICES.slice(0, 4).sort((a, b) => a - b));
    expect(award.notice_sha256).toBe(createHash('sha256').update(await documentBytes(db, defaultObjectStore(), award.notice_document_id)).digest('hex'));
    expect(await countOf(db, 'award_result_letters', { award_id: award.id })).toBe(3);
    // venue library: opening hall and evaluation room booked, then released
    const bookings = await db('venue_bookings').where('deal_id', deal.id);
    expect(bookings).toHaveLength(2);
    expect(bookings.every((b: { released_at: unknown }) => b.released_at !== null)).toBe(true);
    // subject and credit libraries: the parties are there; the spent sanction barred nobody
    const parties = await db('subjects').whereIn('credit_code', [PURCHASER.creditCode, AGENCY.creditCode, ...[1, 2, 3, 4].map((n) => supplier(n).creditCode)]).pluck('kind');
    expect(parties).toHaveLength(6);
    expect(await countOf(db, 'credit_sanctions', { subject_id: subjectId })).toBe(1);
    // expert library: a committee of five drawn sealed, unsealed at the evaluation
    expect(await countOf(db, 'expert_draw_members', { draw_id: draw.id, status: 'confirmed' })).toBe(5);
    expect(await db('expert_draws').where('id', draw.id).first('status')).toEqual({ status: 'unsealed' });
    // deposits: four collected, each refunded once — the losers after the award notice, the winner after the contract
    expect(await countOf(db, 'deposits', { deal_id: deal.id })).toBe(4);
    const refunds = await depositsOf();
    expect(refunds).toHaveLength(4);
    const winner = refunds.find((r: { credit_code: string }) => r.credit_code === supplier(2).creditCode);
    expect(winner).toMatchObject({ reason: 'winner', triggered_on: contractSignedOn, refunded_on: contractSignedOn });
    expect(Boolean(winner.on_time)).toBe(true);
    expect(await escrow()).toBe(0);
    expect(Number((await db('journal_lines').sum('amount_fen as total').first())!.total)).toBe(0);
    // price library and fees
    expect(await db('awarded_prices').where('section_code', section).first()).toMatchObject({ deal_code: dealCode });
    expect(Number((await db('awarded_prices').where('section_code', section).first()).amount_fen)).toBe(470_000_000);
    expect(await countOf(db, 'fee_charges', { section_id: sectionId })).toBe(1);
    // aggregation outbox: the project, its section, the procurement notice, the opening, the result and the award
    const dataSets: string[] = await db('exchange_outbox').where('deal_code', dealCode).distinct('data_set').pluck('data_set');
    expect(dataSets.sort()).toEqual(['BID_OPENING_RECORD', 'BID_WINNING_NOTICE', 'SECTION', 'TENDER_ANN_QUA_INQUERY_ANN', 'TENDER_PROJECT', 'WIN_RESULT_ANNO']);
    // archive
    expect(await db('archives').where('deal_code', dealCode).first()).toBeTruthy();
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });
    // the committee's size was decided by the reference table, and the trail says by which version and rule
    const decided = await db('supervision_events').where({ deal_code: dealCode, kind: 'decision.evaluated' }).first();
    expect(JSON.parse(decided.payload)).toMatchObject({ nodeId: 'sizeCommittee', key: 'procurement_committee_size', version: 1, matchedRules: ['requested'] });

    // supervision library: every step notified supervision, in order, and the trail verifies
    const events: Array<{ kind: string; payload: string }> = await db('supervision_events').where('deal_code', dealCode).orderBy('seq').select('kind', 'payload');
    const kinds = events.map((e) => e.kind);
    for (const kind of [
      'deal.registered', 'venue.booked', 'notice.published', 'bid.registered', 'deposit.collected', 'bid.submitted', 'bids.opened', 'alert.evaluated',
      'experts.drawn', 'experts.notified', 'award.issued', 'deposits.refundedUnsuccessful', 'deposit.refunded', 'fee.charged',
      'deposits.refundedAll', 'venue.released', 'deal.closed', 'exchange.queued', 'archive.sealed',
    ]) {
      expect({ kind, present: kinds.includes(kind) }).toEqual({ kind, present: true });
    }
    expect(kinds.indexOf('bids.opened')).toBeLessThan(kinds.indexOf('award.issued'));
    expect(kinds.indexOf('award.issued')).toBeLessThan(kinds.indexOf('deposits.refundedUnsuccessful'));
    expect(kinds.indexOf('deposits.refundedUnsuccessful')).toBeLessThan(kinds.indexOf('deposits.refundedAll'));
    expect(kinds.indexOf('deposits.refundedAll')).toBeLessThan(kinds.lastIndexOf('deal.closed'));
    const refundBases = events.filter((e) => e.kind === 'deposit.refunded').map((e) => JSON.parse(e.payload) as { reason: string; legalBasis: { zh: string } });
    expect(refundBases.filter((p) => p.reason === 'loser').every((p) => p.legalBasis.zh.includes('《政府采购法实施条例》第三十三条'))).toBe(true);
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
    expect(await db('supervision_alerts').where({ deal_code: dealCode, result: 'found' }).pluck('rule_id')).toEqual([]);
  });

  test('fewer than three suppliers: 废标 — termination notice, deposits back, venue released, deal closed as failed and archived', async () => {
    const db = database.db;
    const t0 = await run.nowMs();
    const { dealCode, handle } = await run.startDeal('government_procurement_open', 'government-procurement-open', variables('东湖市教育局录播设备采购'));
    const section = `${dealCode}-01`;
    const review = reviewForm(t0);
    await run.complete(handle, 'review', review);
    await run.complete(handle, 'issueDocuments', { documentsSha256: sha('招标文件（录播）'), documentsIssuedOn: await run.today() });
    const now = run.clock.now();
    for (const b of await makeBidders(db, [5, 6].map(supplier), now)) await bid(db, b, { dealCode, sectionCode: section, priceFen: 470_000_000, depositFen: DEPOSIT, now });
    const deal = { id: await dealIdOf(db, dealCode) };
    const sectionId = Number((await db('sections').where('section_code', section).first('id')).id);
    await until('two sealed bids', async () => (await countOf(db, 'bids', { section_id: sectionId, status: 'submitted' })) === 2);
    await run.sleepUntil(review.openingAt, 5 * 60_000);
    await handle.result();

    const finished = await run.state(handle);
    expect(finished.visited).toEqual(expect.arrayContaining(['tooFewBids', 'publishTermination', 'refundAfterFailure', 'closeFailed', 'archiveFailed', 'failedEnd']));
    expect(finished.visited).not.toContain('drawExperts');
    expect(await db('deals').where('id', deal.id).first('status')).toEqual({ status: 'failed' });
    expect(await db('sections').where('id', sectionId).first('status')).toEqual({ status: 'failed' });
    expect(await countOf(db, 'bid_openings', { section_id: sectionId })).toBe(0);
    const termination = await db('notices').where({ deal_id: deal.id, notice_type: 'termination' }).first();
    expect(termination.body).toContain('废标');
    const refunds = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').where('d.deal_id', deal.id).pluck('r.reason');
    expect(refunds).toEqual(['termination', 'termination']);
    expect((await db('venue_bookings').where('deal_id', deal.id)).map((b: { released_at: unknown }) => b.released_at !== null)).toEqual([true]);
    expect(await countOf(db, 'expert_draws', { deal_id: deal.id })).toBe(0);
    expect(await verifyArchive(db, dealCode)).toMatchObject({ ok: true });
    const closed = await db('supervision_events').where({ deal_code: dealCode, kind: 'deal.closed' }).first('payload');
    expect(JSON.parse(closed.payload)).toMatchObject({ outcome: 'failed' });
    expect(await verifyTrail(db, null)).toMatchObject({ ok: true });
  });
});
