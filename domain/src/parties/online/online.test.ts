import { createHash } from 'node:crypto';
import { Subject, SubjectPerson, User, calendarFor, withCheckCharacter, type Db } from '@ggzy/db';
import { isWorkingDay } from '@ggzy/process';
import { postponeBidDeadline, postponementsOf } from '../../deadlines/postponements';
import { loadDeal } from './context';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../../test/support/databases';
import { AGENT, TENDEREE, accept } from '../../../../test/support/deal-fixtures';
import { DEAL, PINNED_NOW, dumpDatabase, runTask } from '../../../../test/support/activities';
import { defaultObjectStore, documentBytes } from '../../files/documents';
import { BusinessError } from '../../step';
import { verifyTrail } from '../../supervision/trail';
import { isLiveBidder, isOrganiser, relationOf } from '../relations';
import { CERTIFICATE_ONLY } from '../sign-in';
import {
  answerQuestion, askQuestion, dealForParty, depositAccountNo, downloadTenderDocument, myDeals, openDeals, publishTenderDocuments,
  questionsForStaff, receiptHash, receiveBankNotification, registerForSection, submitGuarantee, withdrawRegistration,
  type GuaranteeCheck, type GuaranteeIssuers, type PartyActor,
} from '.';

const DAY = 86_400_000;
const at = (days: number) => new Date(PINNED_NOW.getTime() + days * DAY);
const DEADLINE = at(30);
const S1 = `${DEAL}-01`;
const S2 = `${DEAL}-02`;

async function partyActor(db: Db, subject: { creditCode: string; name: string; kind: string; basicAccount?: string }, person: string): Promise<PartyActor> {
  await Subject.query(db).insert({ credit_code: subject.creditCode, name: subject.name, kind: subject.kind, basic_account: subject.basicAccount ?? null, created_at: PINNED_NOW.toISOString() })
    .onConflict('credit_code').ignore();
  const row = (await Subject.query(db).modify('byCreditCode', subject.creditCode).first())!;
  const p = await SubjectPerson.query(db).insert({ subject_id: row.id, name: person, role: 'authorized_agent', status: 'active', created_at: PINNED_NOW.toISOString() });
  const username = `p-${subject.creditCode.toLowerCase()}-${p.id}`;
  const user = await User.query(db).insert({ username, display_name: person, role: 'party', region_code: '990100', password_hash: CERTIFICATE_ONLY, is_demo: false, subject_id: row.id, person_id: p.id });
  return { userId: user.id, username, subjectId: Number(row.id), creditCode: subject.creditCode, subjectName: subject.name, personId: Number(p.id), personName: person };
}

const bidderSubject = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA2${String(n).padStart(6, '0')}`), name: `自助投标人${n}有限公司`, kind: 'bidder', basicAccount: `62229901000${String(n).padStart(5, '0')}` });

/** The error a domain call refused with (fails the test when it succeeded or threw something else). */
async function refusal(promise: Promise<unknown>): Promise<BusinessError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BusinessError) return err;
    throw err;
  }
  throw new Error('expected a refusal, the call succeeded');
}

/** An issuer that answers what the test says (the HTTP adapter itself is tested against a local server). */
function fakeIssuers(answer: (request: { guaranteeNo: string }) => GuaranteeCheck): GuaranteeIssuers & { calls: number } {
  const issuer = { id: 'dhbank', name: '东湖银行', url: 'http://127.0.0.1:1' };
  const issuers = {
    calls: 0,
    list: () => [{ id: issuer.id, name: issuer.name }],
    find: (id: string) => (id === issuer.id ? issuer : undefined),
    async verify(_issuer: unknown, request: { guaranteeNo: string }) { issuers.calls++; return answer(request); },
  };
  return issuers;
}

describe.each(DATABASES)('the parties online on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  let tenderee: PartyActor;
  let agency: PartyActor;
  let b1: PartyActor;
  let b2: PartyActor;

  async function publishTender(): Promise<void> {
    await runTask(db, {
      type: 'notices.publish', nodeId: 'publishTender', variables: { openingAt: DEADLINE.toISOString() },
      input: { noticeType: 'tender', title: '东湖市第一中学教学楼新建工程招标公告', body: '招标公告正文', documentsOnSaleUntil: at(10).toISOString() },
    });
  }

  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, accept);
    tenderee = await partyActor(db, { ...TENDEREE, kind: 'tenderee' }, '刘洋');
    agency = await partyActor(db, { ...AGENT, kind: 'agent' }, '陈静');
    b1 = await partyActor(db, bidderSubject(1), '张伟');
    b2 = await partyActor(db, bidderSubject(2), '李娜');
  });
  afterEach(async () => { await database.close(); });

  test('a deal is open once its tender notice names the deadline; the relation tells tenderee, agency, bidder and a stranger apart', async () => {
    expect(await openDeals(db, at(1))).toEqual([]);
    expect(await dealForParty(db, DEAL, b1, at(1))).toBeNull(); // not public yet, and none of its business
    expect((await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) }))).code).toBe('BIDDING_NOT_OPEN');
    await publishTender();
    expect(await db('deals').where('deal_code', DEAL).first('bid_deadline_at')).toBeTruthy();
    const open = await openDeals(db, at(1));
    expect(open.map((d) => [d.dealCode, new Date(d.bidDeadline!).toISOString(), d.sections.map((s) => s.sectionCode)])).toEqual([[DEAL, DEADLINE.toISOString(), [S1, S2]]]);
    expect(await openDeals(db, at(31))).toEqual([]);

    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    expect((await relationOf(db, tenderee.subjectId, DEAL))!.roles).toEqual(['tenderee']);
    expect((await relationOf(db, agency.subjectId, DEAL))!.roles).toEqual(['agency']);
    const bidder = await relationOf(db, b1.subjectId, DEAL);
    expect(bidder!.roles).toEqual(['bidder']);
    expect(bidder!.bidderSections.map((s) => [s.sectionCode, s.live])).toEqual([[S1, true]]);
    expect([isOrganiser(bidder), isLiveBidder(bidder)]).toEqual([false, true]);
    expect((await relationOf(db, b2.subjectId, DEAL))!.roles).toEqual([]);
    expect(await relationOf(db, b2.subjectId, '990100-2026-JS-09999')).toBeNull();
    // after the deadline the stranger no longer sees it; the bidder still does (its own business)
    expect(await dealForParty(db, DEAL, b2, at(31))).toBeNull();
    expect((await dealForParty(db, DEAL, b1, at(31)))!.roles).toEqual(['bidder']);
  });

  test('the tender notice records the deadline it announces (its own input before the process\'s openingAt); one already past is refused', async () => {
    const notice = (bidDeadline: string) => ({
      type: 'notices.publish', nodeId: 'publishTender', variables: { openingAt: DEADLINE.toISOString() },
      input: { noticeType: 'tender', title: '招标公告', body: '正文', documentsOnSaleUntil: at(10).toISOString(), bidDeadline },
    });
    const before = await dumpDatabase(db);
    await expect(runTask(db, { ...notice(at(-1).toISOString()), key: 'wf-test:publishTender#past' })).rejects.toMatchObject({ details: [{ code: 'BID_DEADLINE_PASSED' }] });
    expect(await dumpDatabase(db)).toEqual(before);
    await runTask(db, notice(at(40).toISOString()));
    expect((await openDeals(db, at(1)))[0]!.bidDeadline).toBe(at(40).toISOString());
  });

  test('报名: the registerBidder rules, a receipt on the trail with its hash, a deposit sub-account; a retry answers the same registration', async () => {
    await publishTender();
    const first = await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    expect(first).toMatchObject({ replayed: false, sectionCode: S1, depositAccountNo: depositAccountNo('990100', first.bidId) });
    expect(first.depositAccountNo).toMatch(/^990100\d{11}$/);
    expect(first.receipt.sha256).toBe(receiptHash(first.receipt.receipt));
    expect(first.receipt.receipt).toMatchObject({ kind: 'registration', dealCode: DEAL, sectionCode: S1, party: { creditCode: b1.creditCode, person: '张伟' }, issuedAt: at(1).toISOString() });
    const event = await db('supervision_events').where('seq', first.receipt.trailSeq).first();
    expect(event.kind).toBe('party.registration');
    expect(JSON.parse(event.payload)).toMatchObject({ receiptSha256: first.receipt.sha256, party: b1.creditCode });
    expect((await db('supervision_events').where('deal_code', DEAL).where('kind', 'bid.registered')).length).toBe(1);

    const before = await dumpDatabase(db);
    const again = await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(2) });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await dumpDatabase(db)).toEqual(before);
    expect((await verifyTrail(db, null)).ok).toBe(true);
  });

  test('报名 refusals write nothing: a barring sanction, an unknown section, after the deadline, a terminated deal', async () => {
    await publishTender();
    await db('credit_sanctions').insert({
      subject_id: b2.subjectId, measure: 'bar_from_bidding', reason: '串通投标', decided_by_region: '990200',
      legal_basis: '招标投标法实施条例 第六十七条', valid_from: '2026-01-01T00:00:00.000Z', valid_until: null,
    });
    const before = await dumpDatabase(db);
    const sanctioned = await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b2, now: at(1) }));
    expect(sanctioned).toMatchObject({ code: 'CREDIT_SANCTIONED', details: { decidedByRegion: '990200' } });
    expect((await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: `${DEAL}-09`, actor: b1, now: at(1) }))).code).toBe('SECTION_NOT_FOUND');
    expect((await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(30) }))).code).toBe('BID_DEADLINE_PASSED');
    expect((await refusal(registerForSection(db, { dealCode: '990100-2026-JS-09999', sectionCode: S1, actor: b1, now: at(1) }))).code).toBe('DEAL_NOT_FOUND');
    expect(await dumpDatabase(db)).toEqual(before);
    await db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    expect((await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) }))).code).toBe('DEAL_ENDED');
  });

  test('withdrawing 报名 before the deadline pays a cash deposit back with interest; it cannot be withdrawn twice, nor registered again', async () => {
    await publishTender();
    const reg = await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    const paid = await receiveBankNotification(db, {
      bankId: 'dhbank', transactionId: 'T0001', creditedAccount: reg.depositAccountNo, payerAccount: bidderSubject(1).basicAccount, payerName: b1.subjectName,
      amountFen: 200_000, bookedAt: at(2).toISOString(),
    }, at(2));
    expect(paid.status).toBe('accepted');
    const withdrawn = await withdrawRegistration(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(12) });
    expect(withdrawn.refund).toMatchObject({ principalFen: 200_000 });
    expect(withdrawn.refund!.interestFen).toBeGreaterThan(0);
    expect(withdrawn.receipt.receipt).toMatchObject({ kind: 'withdrawal', details: { refund: { principalFen: 200_000 } } });
    expect(await db('bids').where('id', reg.bidId).first('status')).toEqual({ status: 'withdrawn' });
    const view = (await dealForParty(db, DEAL, b1, at(12)))!;
    expect(view.sections[0]!.deposit).toMatchObject({ status: 'refunded', amountFen: 200_000, refund: { reason: 'withdrawal', principalFen: 200_000 } });
    expect(view.receipts.map((r) => r.kind)).toEqual(['registration', 'deposit', 'withdrawal']);
    const before = await dumpDatabase(db);
    expect((await refusal(withdrawRegistration(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(13) }))).code).toBe('REGISTRATION_NOT_FOUND');
    expect((await refusal(registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(13) }))).code).toBe('BID_ALREADY_REGISTERED');
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('tender documents: the organiser publishes them with the deposits (within the cap); a registered bidder downloads them, each download recorded', async () => {
    await publishTender();
    const content = Buffer.from('东湖市第一中学教学楼新建工程 招标文件 v1', 'utf8');
    const docs = (who: PartyActor, deposits = [{ sectionCode: S1, depositFen: 200_000 }]) =>
      publishTenderDocuments(db, { dealCode: DEAL, fileName: '招标文件.pdf', mediaType: 'application/pdf', content, objects: defaultObjectStore(), deposits, actor: who, now: at(1) });
    const before = await dumpDatabase(db);
    expect((await refusal(docs(b1))).code).toBe('NOT_ORGANISER');
    // 2 % of the 10,000,000 yuan estimate is 200,000 yuan = 20,000,000 fen
    expect((await refusal(docs(agency, [{ sectionCode: S1, depositFen: 20_000_001 }]))).code).toBe('DEPOSIT_OVER_CAP');
    expect(await dumpDatabase(db)).toEqual(before);
    const published = await docs(agency);
    expect(published.document).toMatchObject({ fileName: '招标文件.pdf', sha256: createHash('sha256').update(content).digest('hex'), sizeBytes: content.length });
    expect(published.amendment).toBe(false);
    expect(await db('sections').where('section_code', S1).first('deposit_required_fen')).toEqual({ deposit_required_fen: expect.anything() });

    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(2) });
    const got = await downloadTenderDocument(db, { dealCode: DEAL, documentId: published.document.id, requestId: 'req-0001', actor: b1, now: at(2) });
    expect(got.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await documentBytes(db, defaultObjectStore(), got.id)).equals(content)).toBe(true);
    expect(got.receipt.receipt).toMatchObject({ kind: 'download', party: { creditCode: b1.creditCode }, details: { sha256: published.document.sha256 } });
    // the same request again is the same download; another request is another one
    const same = await downloadTenderDocument(db, { dealCode: DEAL, documentId: published.document.id, requestId: 'req-0001', actor: b1, now: at(2) });
    expect(same.receipt).toEqual(got.receipt);
    await downloadTenderDocument(db, { dealCode: DEAL, documentId: published.document.id, requestId: 'req-0002', actor: b1, now: at(3) });
    const downloads = await db('supervision_events').where({ deal_code: DEAL, kind: 'party.download' });
    expect(downloads.map((e: { actor: string }) => e.actor)).toEqual([b1.username, b1.username]);
    expect((await refusal(downloadTenderDocument(db, { dealCode: DEAL, documentId: 999_999, requestId: 'req-0003', actor: b1, now: at(3) }))).code).toBe('DOCUMENT_NOT_FOUND');
    // a second version after the notice, 10 days before the deadline: an amendment, flagged late (§21)
    const amended = await publishTenderDocuments(db, { dealCode: DEAL, fileName: '招标文件（修改）.pdf', mediaType: 'application/pdf', content: Buffer.from('v2'), objects: defaultObjectStore(), deposits: [], actor: tenderee, now: at(20) });
    expect([amended.amendment, amended.late]).toEqual([true, true]);
    expect((await db('supervision_events').where({ deal_code: DEAL, kind: 'clarification.late' })).length).toBe(1);
    // once a deposit is paid its amount is fixed
    const reg = (await dealForParty(db, DEAL, b1, at(3)))!.sections[0]!.registration!;
    await receiveBankNotification(db, { bankId: 'dhbank', transactionId: 'T1', creditedAccount: reg.depositAccountNo!, payerAccount: bidderSubject(1).basicAccount, payerName: 'x', amountFen: 200_000, bookedAt: at(3).toISOString() }, at(3));
    expect((await refusal(docs(agency, [{ sectionCode: S1, depositFen: 300_000 }]))).code).toBe('DEPOSIT_AMOUNT_LOCKED');
  });

  test('答疑: a registered bidder asks, the agency answers; the answer is public without the asker, who only staff see; late answers are flagged', async () => {
    await publishTender();
    const ask = (who: PartyActor, requestId: string, now = at(2)) => askQuestion(db, { dealCode: DEAL, sectionCode: S1, question: '工期是否可以调整？', requestId, actor: who, now });
    expect((await refusal(ask(b1, 'q-0001'))).code).toBe('NOT_REGISTERED_BIDDER');
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b2, now: at(1) });
    const asked = await ask(b1, 'q-0001');
    expect(asked.question).toMatchObject({ status: 'open', sectionCode: S1 });
    expect(JSON.stringify(asked.question)).not.toContain(b1.creditCode);
    expect(await ask(b1, 'q-0001')).toMatchObject({ replayed: true, question: { id: asked.question.id } });
    expect((await db('clarification_questions')).length).toBe(1);

    expect((await refusal(answerQuestion(db, { dealCode: DEAL, questionId: asked.question.id, answer: '不可以', actor: b2, now: at(3) }))).code).toBe('NOT_ORGANISER');
    const toAnswer = (await dealForParty(db, DEAL, agency, at(3)))!.questions.toAnswer;
    expect(toAnswer.map((q) => q.id)).toEqual([asked.question.id]);
    expect(JSON.stringify(toAnswer)).not.toMatch(new RegExp(`${b1.creditCode}|${b1.subjectName}|张伟`));
    const answered = await answerQuestion(db, { dealCode: DEAL, questionId: asked.question.id, answer: '工期以招标文件为准，不作调整。', actor: agency, now: at(3) });
    expect(answered.question).toMatchObject({ status: 'answered', late: false, noticeId: expect.any(Number) });
    const notice = await db('notices').where('id', answered.question.noticeId).first();
    expect(notice).toMatchObject({ notice_type: 'clarification', status: 'published' });
    for (const text of [notice.title, notice.body]) expect(text).not.toMatch(new RegExp(`${b1.creditCode}|${b1.subjectName}|张伟`));
    expect(notice.body).toContain('工期以招标文件为准');
    // every registered bidder sees the answer; staff see who asked
    const other = (await dealForParty(db, DEAL, b2, at(4)))!.questions;
    expect(other.answered.map((q) => q.answer)).toEqual(['工期以招标文件为准，不作调整。']);
    expect(other.mine).toEqual([]);
    const staff = await questionsForStaff(db, { regions: ['990100'], limit: 10 });
    expect(staff[0]!.asker).toEqual({ creditCode: b1.creditCode, name: b1.subjectName, person: '张伟' });
    expect(await questionsForStaff(db, { regions: ['990200'], limit: 10 })).toEqual([]);
    expect((await refusal(answerQuestion(db, { dealCode: DEAL, questionId: asked.question.id, answer: '另一个答复', actor: agency, now: at(4) }))).code).toBe('QUESTION_ALREADY_ANSWERED');

    // 10 days before the deadline: answered, published, flagged — and the deadline moves itself (顺延, §21)
    const late = await ask(b2, 'q-0002', at(19));
    const lateAnswer = await answerQuestion(db, { dealCode: DEAL, questionId: late.question.id, answer: '见招标文件第三章。', actor: tenderee, now: at(20) });
    expect(lateAnswer.question.late).toBe(true);
    const flag = await db('supervision_events').where({ deal_code: DEAL, kind: 'clarification.late' }).first();
    expect(JSON.parse(flag.payload)).toMatchObject({ questionId: late.question.id, earliestLawfulDeadline: at(35).toISOString() });
    // to 15 days after the answer at the earliest, at the deadline's own clock time, on a working day; announced
    const [moved, ...more] = await postponementsOf(db, DEAL);
    expect(more).toEqual([]);
    expect(moved).toMatchObject({ from: DEADLINE.toISOString(), cause: 'late-clarification', requestedBy: tenderee.username, noticeId: expect.any(Number) });
    const to = Date.parse(moved!.to);
    expect(to).toBeGreaterThanOrEqual(at(35).getTime());
    expect(to).toBeLessThan(at(35).getTime() + 10 * DAY);
    expect((to - DEADLINE.getTime()) % DAY).toBe(0);
    expect(isWorkingDay(to, await calendarFor(db, '990100', to))).toBe(true);
    expect((await loadDeal(db, DEAL, at(21)))!.bidDeadlineAt).toBe(moved!.to);
    const change = await db('notices').where('id', moved!.noticeId).first();
    expect(change).toMatchObject({ notice_type: 'clarification', status: 'published', title: expect.stringContaining('变更公告') });
    expect(change.body).toContain('顺延至');
    expect(JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'deadline.postponed' }).first()).payload)).toMatchObject({ from: DEADLINE.toISOString(), to: moved!.to, cause: 'late-clarification' });
    // the old deadline no longer closes bidding; the new one does
    expect((await ask(b1, 'q-0003', new Date(DEADLINE.getTime() + 60_000))).replayed).toBe(false);
    expect((await refusal(ask(b1, 'q-0004', new Date(to + 60_000)))).code).toBe('BID_DEADLINE_PASSED');
  });

  test('顺延 moves the opening hall and the evaluation room booked from the old opening on, to the same rooms when free', async () => {
    await publishTender();
    const book = (key: string, input: Record<string, unknown>) => runTask(db, { type: 'venue.book', nodeId: key, key: `wf-test:${key}`, input });
    await book('bookOpening', { roomCode: '990100-KB-01', start: DEADLINE.toISOString(), end: new Date(DEADLINE.getTime() + 2 * 3_600_000).toISOString(), purpose: '开标' });
    const evaluationAt = new Date(DEADLINE.getTime() + DAY);
    await book('bookEvaluation', { roomKind: 'evaluation_room', start: evaluationAt.toISOString(), end: new Date(evaluationAt.getTime() + 4 * 3_600_000).toISOString(), purpose: '评标' });
    const before = await db('venue_bookings').whereNull('released_at').orderBy('id');
    const to = new Date(DEADLINE.getTime() + 7 * DAY);
    const { postponement } = await db.transaction((trx) => postponeBidDeadline(trx, { dealCode: DEAL, to, cause: 'requested', reason: '补充踏勘现场', requestKey: 'req-venue-1', actor: 'staff', now: at(5) }));
    const after = await db('venue_bookings as b').join('venue_rooms as r', 'r.id', 'b.room_id').whereNull('b.released_at').orderBy('b.id').select('b.id', 'b.starts_at', 'b.ends_at', 'b.purpose', 'r.room_code');
    expect(after).toHaveLength(2);
    for (const [i, moved] of after.entries()) {
      const old = before[i]!;
      expect(moved.purpose).toBe(old.purpose);
      expect(new Date(moved.starts_at).getTime() - new Date(old.starts_at).getTime()).toBe(7 * DAY);
      expect(new Date(moved.ends_at).getTime() - new Date(old.ends_at).getTime()).toBe(7 * DAY);
    }
    expect(after[0].room_code).toBe('990100-KB-01');
    expect(await db('venue_bookings').whereIn('id', before.map((b: { id: number }) => b.id)).whereNull('released_at')).toEqual([]);
    expect((await db('notices').where('id', postponement.noticeId).first()).body).toContain('开标地点不变');
    const event = JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'deadline.postponed' }).first()).payload);
    expect(event.venues.map((v: { roomCode: string | null }) => v.roomCode)).toEqual([after[0].room_code, after[1].room_code]);
  });

  test('bank notifications: accepted once per transaction into the ledger; a payment not from the basic account, too small or to an unknown account is refused and kept', async () => {
    await publishTender();
    await publishTenderDocuments(db, { dealCode: DEAL, fileName: 'a.pdf', mediaType: 'application/pdf', content: Buffer.from('x'), objects: defaultObjectStore(), deposits: [{ sectionCode: S1, depositFen: 200_000 }], actor: agency, now: at(1) });
    const r1 = await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    const r2 = await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b2, now: at(1) });
    const pay = (transactionId: string, creditedAccount: string, payerAccount: string, amountFen = 200_000) => receiveBankNotification(db, {
      bankId: 'dhbank', transactionId, creditedAccount, payerAccount, payerName: '付款人', amountFen, bookedAt: at(2).toISOString(),
    }, at(2));

    const other = await pay('T-A', r2.depositAccountNo, '6222999999999999');
    expect(other).toMatchObject({ status: 'refused', code: 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT', returnToPayer: true });
    expect(await db('deposits')).toEqual([]);
    expect(await db('journal_entries')).toEqual([]);
    const flagged = await db('supervision_events').where({ deal_code: DEAL, kind: 'deposit.payment_refused' }).first();
    expect(JSON.parse(flagged.payload)).toMatchObject({ bidder: b2.creditCode, payerAccount: '6222999999999999', code: 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT' });
    expect((await pay('T-B', r2.depositAccountNo, bidderSubject(2).basicAccount, 100_000))).toMatchObject({ status: 'refused', code: 'DEPOSIT_BELOW_REQUIRED' });
    expect((await pay('T-C', '990100999999999990', bidderSubject(2).basicAccount))).toMatchObject({ status: 'refused', code: 'DEPOSIT_ACCOUNT_UNKNOWN' });

    const ok = await pay('T-D', r1.depositAccountNo, bidderSubject(1).basicAccount);
    expect(ok).toMatchObject({ status: 'accepted', depositId: expect.any(Number) });
    const before = await dumpDatabase(db);
    expect(await pay('T-D', r1.depositAccountNo, bidderSubject(1).basicAccount)).toEqual({ ...ok, replayed: true });
    expect(await pay('T-A', r2.depositAccountNo, '6222999999999999')).toEqual({ ...other, replayed: true });
    expect(await dumpDatabase(db)).toEqual(before);
    expect((await refusal(pay('T-D', r1.depositAccountNo, bidderSubject(1).basicAccount, 300_000))).code).toBe('BANK_TRANSACTION_CONFLICT');
    // a second payment for the same section is refused by the collect step's own rule
    expect(await pay('T-E', r1.depositAccountNo, bidderSubject(1).basicAccount)).toMatchObject({ status: 'refused', code: 'DEPOSIT_ALREADY_COLLECTED' });
    const escrow = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', `deposit-escrow:${S1}`).sum({ total: 'l.amount_fen' }).first();
    expect(Number(escrow.total)).toBe(200_000);
    const view = (await dealForParty(db, DEAL, b2, at(3)))!;
    expect(view.sections[0]!.deposit).toMatchObject({ status: 'none', refusedPayments: [{ transactionId: 'T-A', code: 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT' }, { transactionId: 'T-B', code: 'DEPOSIT_BELOW_REQUIRED' }] });
    expect((await dealForParty(db, DEAL, b1, at(3)))!.sections[0]!.deposit).toMatchObject({ status: 'received', form: 'cash', amountFen: 200_000 });
    expect((await verifyTrail(db, null)).ok).toBe(true);
  });

  test('electronic guarantees: checked with the issuer, then collected; unknown, too low, expired, for another bidder or the issuer down are refused and write nothing', async () => {
    await publishTender();
    const give = (issuers: GuaranteeIssuers, guaranteeNo: string, who = b1, issuerId = 'dhbank') =>
      submitGuarantee(db, issuers, { dealCode: DEAL, sectionCode: S1, issuerId, guaranteeNo, requestId: `g-${guaranteeNo}`, actor: who, now: at(2) });
    const valid = (over: Partial<Extract<GuaranteeCheck, { status: 'valid' }>> = {}) => fakeIssuers((r) => ({
      status: 'valid', guaranteeNo: r.guaranteeNo, applicantCreditCode: b1.creditCode, dealCode: DEAL, sectionCode: S1, amountFen: 200_000,
      validFrom: '2026-03-01', validUntil: '2026-06-30', ...over,
    }));
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    expect((await refusal(give(valid(), 'BH-1'))).code).toBe('DEPOSIT_AMOUNT_NOT_SET');
    await publishTenderDocuments(db, { dealCode: DEAL, fileName: 'a.pdf', mediaType: 'application/pdf', content: Buffer.from('x'), objects: defaultObjectStore(), deposits: [{ sectionCode: S1, depositFen: 200_000 }], actor: agency, now: at(1) });
    const before = await dumpDatabase(db);
    const cases: Array<[GuaranteeIssuers, string]> = [
      [fakeIssuers(() => ({ status: 'unavailable', reason: 'HTTP 503' })), 'GUARANTEE_ISSUER_UNAVAILABLE'],
      [fakeIssuers((r) => ({ status: 'unknown', guaranteeNo: r.guaranteeNo })), 'GUARANTEE_UNKNOWN'],
      [fakeIssuers((r) => ({ status: 'revoked', guaranteeNo: r.guaranteeNo })), 'GUARANTEE_NOT_VALID'],
      [valid({ amountFen: 199_999 }), 'GUARANTEE_AMOUNT_TOO_LOW'],
      [valid({ validUntil: '2026-03-20' }), 'GUARANTEE_EXPIRES_TOO_SOON'],
      [valid({ validUntil: '2026-03-01' }), 'GUARANTEE_EXPIRED'],
      [valid({ applicantCreditCode: b2.creditCode }), 'GUARANTEE_MISMATCH'],
    ];
    for (const [issuers, code] of cases) expect((await refusal(give(issuers, 'BH-2'))).code).toBe(code);
    expect((await refusal(give(valid(), 'BH-2', b1, 'nobank'))).code).toBe('GUARANTEE_ISSUER_UNKNOWN');
    expect((await refusal(give(valid(), 'BH-2', b2))).code).toBe('NOT_REGISTERED_BIDDER');
    expect(await dumpDatabase(db)).toEqual(before);

    const issuers = valid();
    const taken = await give(issuers, 'BH-2');
    expect(taken).toMatchObject({ amountFen: 200_000, validUntil: '2026-06-30' });
    expect(taken.receipt.receipt).toMatchObject({ kind: 'guarantee', details: { guaranteeNo: 'BH-2', issuer: '东湖银行' } });
    expect(await db('deposits').where('id', taken.depositId).first()).toMatchObject({ form: 'guarantee', guarantee_no: 'BH-2', guarantee_issuer: '东湖银行' });
    expect((await dealForParty(db, DEAL, b1, at(3)))!.sections[0]!.deposit).toMatchObject({ status: 'guaranteed', guarantee: { number: 'BH-2' } });
    expect((await refusal(give(valid(), 'BH-3'))).code).toBe('DEPOSIT_ALREADY_COLLECTED');
  });

  test('my deals: each party sees its own deals, registrations, deposits and receipts — and the organiser its questions to answer', async () => {
    await publishTender();
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    await registerForSection(db, { dealCode: DEAL, sectionCode: S2, actor: b1, now: at(1) });
    await askQuestion(db, { dealCode: DEAL, question: '是否接受联合体？', requestId: 'q-mine-01', actor: b1, now: at(2) });
    const mine = await myDeals(db, b1, at(3));
    expect(mine.map((d) => [d.dealCode, d.roles])).toEqual([[DEAL, ['bidder']]]);
    expect(mine[0]!.sections.map((s) => [s.sectionCode, s.registration?.status, s.deposit?.status])).toEqual([[S1, 'registered', 'none'], [S2, 'registered', 'none']]);
    expect(mine[0]!.receipts.map((r) => r.kind)).toEqual(['registration', 'registration', 'question']);
    expect(mine[0]!.questions.mine).toHaveLength(1);
    expect(await myDeals(db, b2, at(3))).toEqual([]);
    const organiser = await myDeals(db, agency, at(3));
    expect(organiser[0]!.roles).toEqual(['agency']);
    expect(organiser[0]!.questions.toAnswer.map((q) => q.question)).toEqual(['是否接受联合体？']);
    expect(organiser[0]!.sections.every((s) => s.registration === null)).toBe(true);
    expect(organiser[0]!.receipts).toEqual([]);
  });
});
