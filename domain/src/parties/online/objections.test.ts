// 异议 outside the hall on both databases: the statutory windows, the due date, who sees what, the clarification a
// documents answer publishes, and the hold — placed once, released by the last answer, never over another directive.
// The workflow is played by a recorder that keeps a lifecycle as the real one does (the real one: test/integration).
import { Subject, SubjectPerson, User, withCheckCharacter, type Db } from '@ggzy/db';
import type { DirectiveRequest } from '@ggzy/workflows';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../../test/support/databases';
import { AGENT, TENDEREE, accept } from '../../../../test/support/deal-fixtures';
import { DEAL, PINNED_NOW, dumpDatabase, runTask } from '../../../../test/support/activities';
import { BusinessError } from '../../step';
import { appendSupervisionEvent, verifyTrail } from '../../supervision/trail';
import { CERTIFICATE_ONLY } from '../sign-in';
import {
  answerDealObjection, objectionsForParty, objectionsForStaff, raiseDealObjection, registerForSection, withdrawRegistration,
  type DealDirectives, type HoldOutcome, type PartyActor,
} from '.';

const DAY = 86_400_000;
const at = (days: number) => new Date(PINNED_NOW.getTime() + days * DAY);
const DEADLINE = at(30);
const S1 = `${DEAL}-01`;

async function partyActor(db: Db, subject: { creditCode: string; name: string; kind: string }, person: string): Promise<PartyActor> {
  await Subject.query(db).insert({ credit_code: subject.creditCode, name: subject.name, kind: subject.kind, created_at: PINNED_NOW.toISOString() }).onConflict('credit_code').ignore();
  const row = (await Subject.query(db).modify('byCreditCode', subject.creditCode).first())!;
  const p = await SubjectPerson.query(db).insert({ subject_id: row.id, name: person, role: 'authorized_agent', status: 'active', created_at: PINNED_NOW.toISOString() });
  const username = `p-${subject.creditCode.toLowerCase()}-${p.id}`;
  const user = await User.query(db).insert({ username, display_name: person, role: 'party', region_code: '990100', password_hash: CERTIFICATE_ONLY, is_demo: false, subject_id: row.id, person_id: p.id });
  return { userId: user.id, username, subjectId: Number(row.id), creditCode: subject.creditCode, subjectName: subject.name, personId: Number(p.id), personName: person };
}

const bidderSubject = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA3${String(n).padStart(6, '0')}`), name: `异议投标人${n}有限公司`, kind: 'bidder' });

/** A workflow's lifecycle as far as directives go: what was sent, and a refusal where the real one refuses. */
function recorder(): DealDirectives & { sent: DirectiveRequest[]; state: 'active' | 'suspended' } {
  const seen = new Set<string>();
  const fn = (async (_workflowId: string, request: DirectiveRequest): Promise<HoldOutcome> => {
    if (seen.has(request.directiveId)) return 'applied';
    if (request.kind === 'suspend' && fn.state !== 'active') return 'refused';
    if (request.kind === 'resume' && fn.state !== 'suspended') return 'refused';
    seen.add(request.directiveId);
    fn.sent.push(request);
    fn.state = request.kind === 'suspend' ? 'suspended' : 'active';
    return 'applied';
  }) as DealDirectives & { sent: DirectiveRequest[]; state: 'active' | 'suspended' };
  fn.sent = [];
  fn.state = 'active';
  return fn;
}

async function refusal(promise: Promise<unknown>): Promise<BusinessError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BusinessError) return err;
    throw err;
  }
  throw new Error('expected a refusal, the call succeeded');
}

describe.each(DATABASES)('bidders\' objections outside the hall on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  let tenderee: PartyActor;
  let b1: PartyActor;
  let b2: PartyActor;
  let stranger: PartyActor;
  let directives: ReturnType<typeof recorder>;

  const raise = (actor: PartyActor, kind: 'documents' | 'result' | 'opening', now: Date, requestId = `req-${actor.subjectId}-${kind}-${now.getTime()}`) =>
    raiseDealObjection(db, { dealCode: DEAL, kind, text: `对${kind}的异议：第三章评分标准排斥潜在投标人`, files: [], requestId, actor, now, directives });
  const answer = (objectionId: number, now: Date, text = '经复核，评分标准符合规定，不予修改。') =>
    answerDealObjection(db, { dealCode: DEAL, objectionId, answer: text, actor: tenderee, now, directives });

  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, accept);
    tenderee = await partyActor(db, { ...TENDEREE, kind: 'tenderee' }, '刘洋');
    await partyActor(db, { ...AGENT, kind: 'agent' }, '陈静');
    b1 = await partyActor(db, bidderSubject(1), '张伟');
    b2 = await partyActor(db, bidderSubject(2), '李娜');
    stranger = await partyActor(db, bidderSubject(3), '王强');
    await runTask(db, {
      type: 'notices.publish', nodeId: 'publishTender', variables: { openingAt: DEADLINE.toISOString() },
      input: { noticeType: 'tender', title: '东湖市第一中学教学楼新建工程招标公告', body: '招标公告正文', documentsOnSaleUntil: at(10).toISOString() },
    });
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(1) });
    await registerForSection(db, { dealCode: DEAL, sectionCode: S1, actor: b2, now: at(1) });
    directives = recorder();
  });
  afterEach(async () => { await database.close(); });

  test('a documents objection: due in 3 days, the deal held once, its answer published without the objector, the last answer resumes', async () => {
    const first = await raiseDealObjection(db, {
      dealCode: DEAL, kind: 'documents', text: '对documents的异议：第三章评分标准排斥潜在投标人', files: [{ sha256: 'ab'.repeat(32), fileName: '张伟公司异议函.pdf', sizeBytes: 10 }],
      requestId: `req-${b1.subjectId}-documents-${at(2).getTime()}`, actor: b1, now: at(2), directives,
    });
    expect(first.objection.files).toEqual([{ sha256: 'ab'.repeat(32), fileName: '张伟公司异议函.pdf', sizeBytes: 10 }]);
    expect(first).toMatchObject({ replayed: false, dealHeld: 'placed', objection: { kind: 'documents', status: 'pending', dueAt: at(5).toISOString(), overdue: false } });
    expect(directives.sent).toEqual([expect.objectContaining({ kind: 'suspend', actor: expect.objectContaining({ role: 'supervisor', username: 'system:objections' }) })]);
    expect(directives.sent[0]!.reason).toContain(`#${first.objection.id}`);
    const second = await raise(b2, 'documents', at(3));
    expect(second.dealHeld).toBe('already-held');
    expect(directives.sent).toHaveLength(1);

    // a retry is the same objection, nothing written again
    const before = await dumpDatabase(db);
    const again = await raise(b1, 'documents', at(2.5), `req-${b1.subjectId}-documents-${at(2).getTime()}`);
    expect(again).toMatchObject({ replayed: true, objection: { id: first.objection.id } });
    expect(await dumpDatabase(db)).toEqual(before);

    // who sees what: b2 only its own, the organiser both with the objector, staff of the city both, another city none
    const seenByB2 = await objectionsForParty(db, { dealCode: DEAL, subjectId: b2.subjectId, organiser: false, now: at(3) });
    expect(seenByB2.mine.map((o) => o.id)).toEqual([second.objection.id]);
    expect(seenByB2.toAnswer).toEqual([]);
    expect(JSON.stringify(seenByB2)).not.toContain(b1.creditCode);
    const seenByTenderee = await objectionsForParty(db, { dealCode: DEAL, subjectId: tenderee.subjectId, organiser: true, now: at(3) });
    expect(seenByTenderee.toAnswer.map((o) => [o.id, o.objector.creditCode])).toEqual([[first.objection.id, b1.creditCode], [second.objection.id, b2.creditCode]]);
    expect(seenByTenderee.hold.held).toBe(true);
    expect(await objectionsForStaff(db, { regions: ['990200'], limit: 50, now: at(3) })).toEqual([]);
    // past the due date unanswered: overdue for supervisors
    expect((await objectionsForStaff(db, { regions: ['990100'], overdueOnly: true, limit: 50, now: at(5.5) })).map((o) => o.id)).toEqual([first.objection.id]);

    const answered = await answer(first.objection.id, at(4));
    expect(answered).toMatchObject({ dealResumed: false, objection: { status: 'answered', answer: '经复核，评分标准符合规定，不予修改。' } });
    const notice = await db('notices').where('id', answered.objection.noticeId!).first();
    expect(notice).toMatchObject({ notice_type: 'clarification', status: 'published' });
    expect(`${notice.title}${notice.body}`).not.toContain(b1.subjectName);
    expect(`${notice.title}${notice.body}`).not.toContain(b1.creditCode);
    expect(directives.sent).toHaveLength(1); // b2's is still pending: held
    // the answer is a clarification every party of the deal reads, without the objector
    const seenByB2Later = await objectionsForParty(db, { dealCode: DEAL, subjectId: b2.subjectId, organiser: false, now: at(4) });
    expect(seenByB2Later.clarifications.map((o) => [o.id, o.answer, o.files])).toEqual([[first.objection.id, '经复核，评分标准符合规定，不予修改。', []]]);
    expect(JSON.stringify(seenByB2Later)).not.toContain(b1.creditCode);
    expect(JSON.stringify(seenByB2Later)).not.toContain(b1.subjectName);
    expect(JSON.stringify(seenByB2Later)).not.toContain('张伟公司异议函');

    const last = await answer(second.objection.id, at(6.5)); // after its due date (at(6)): answered late
    expect(last.dealResumed).toBe(true);
    expect(directives.sent.map((d) => d.kind)).toEqual(['suspend', 'resume']);
    expect(directives.state).toBe('active');
    const kinds = (await db('supervision_events').where('deal_code', DEAL).where('kind', 'like', 'objection.%').orderBy('seq')).map((e) => e.kind);
    expect(kinds).toEqual(['objection.raised', 'objection.hold_placed', 'objection.raised', 'objection.hold_not_placed', 'objection.answered', 'objection.answered', 'objection.hold_released']);
    const lateEvent = await db('supervision_events').where('deal_code', DEAL).where('kind', 'objection.answered').orderBy('seq', 'desc').first();
    expect(JSON.parse(lateEvent.payload)).toMatchObject({ late: true });
    expect((await objectionsForParty(db, { dealCode: DEAL, subjectId: tenderee.subjectId, organiser: true, now: at(6) })).hold.held).toBe(false);
    expect((await verifyTrail(db, null)).ok).toBe(true);
  });

  test('the windows: documents until 10 days before the deadline, opening ones go to the hall, result only during the candidates\' publicity', async () => {
    const before = await dumpDatabase(db);
    expect((await refusal(raise(b1, 'documents', at(20.5)))).code).toBe('OBJECTION_DOCUMENTS_LATE');
    expect((await refusal(raise(b1, 'opening', at(2)))).code).toBe('OBJECTION_IN_OPENING_HALL');
    expect((await refusal(raise(b1, 'result', at(2)))).code).toBe('OBJECTION_RESULT_NOT_PUBLICISED');
    expect((await refusal(raise(stranger, 'documents', at(2)))).code).toBe('NOT_REGISTERED_BIDDER');
    expect(await dumpDatabase(db)).toEqual(before);
    expect(directives.sent).toEqual([]);
    // exactly 10 days before is still in time
    expect((await raise(b1, 'documents', at(20))).objection.kind).toBe('documents');

    await runTask(db, { type: 'notices.publish', nodeId: 'publish-candidates', key: 'wf-test:publish-candidates#1', input: { noticeType: 'candidates', title: '中标候选人公示', body: '公示', sectionCode: S1 } }, { now: () => at(40) });
    const result = await raise(b2, 'result', at(41));
    expect(result.objection).toMatchObject({ kind: 'result', dueAt: at(44).toISOString() });
    expect(result.dealHeld).toBe('already-held'); // the documents objection still holds it
    expect((await refusal(raise(b1, 'result', at(43.5)))).code).toBe('OBJECTION_RESULT_LATE');
  });

  test('a hold is never released over another directive: a supervisor who resumed and suspended again keeps the deal suspended', async () => {
    const raised = await raise(b1, 'documents', at(2));
    // the supervisor resumes the objections' suspension and suspends for its own reason (as the workflow projects it)
    const hold = await db('objection_holds').first();
    let n = 0;
    for (const [kind, directiveId] of [['directive.suspend', hold.directive_id], ['directive.resume', 'sup-1'], ['directive.suspend', 'sup-2']] as const) {
      await appendSupervisionEvent(db, { idempotencyKey: `wf-test:directive#${++n}`, dealCode: DEAL, regionCode: '990100', kind, actor: 'supervisor', payload: { directiveId, reason: '核查' }, occurredAt: at(2.1).toISOString() });
    }
    const answered = await answer(raised.objection.id, at(3));
    expect(answered.dealResumed).toBe(false);
    expect(directives.sent.map((d) => d.kind)).toEqual(['suspend']);
    const released = await db('supervision_events').where('kind', 'objection.hold_released').first();
    expect(JSON.parse(released.payload)).toMatchObject({ resumed: false, why: 'another-directive-since' });
  });

  test('a deal suspended by someone else is not suspended again, nor resumed by the answer; only the organiser answers, once', async () => {
    directives.state = 'suspended'; // a complaint's suspension
    const raised = await raise(b1, 'documents', at(2));
    expect(raised.dealHeld).toBe('suspended-otherwise');
    expect((await refusal(answerDealObjection(db, { dealCode: DEAL, objectionId: raised.objection.id, answer: '答复', actor: b2, now: at(3), directives }))).code).toBe('NOT_ORGANISER');
    expect((await answer(raised.objection.id, at(3))).dealResumed).toBe(false);
    expect(directives.sent).toEqual([]);
    expect(directives.state).toBe('suspended');
    expect((await refusal(answer(raised.objection.id, at(3), '另一个答复'))).code).toBe('OBJECTION_ALREADY_ANSWERED');
    expect((await answer(raised.objection.id, at(3))).replayed).toBe(true);
    expect((await refusal(answer(999_999, at(3)))).code).toBe('OBJECTION_NOT_FOUND');
  });

  test('a withdrawn bidder can no longer object', async () => {
    await withdrawRegistration(db, { dealCode: DEAL, sectionCode: S1, actor: b1, now: at(2) });
    expect((await refusal(raise(b1, 'documents', at(3)))).code).toBe('NOT_REGISTERED_BIDDER');
  });
});
