import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept } from '../../../test/support/deal-fixtures';
import { NOTICE_PERIOD_RULES, NOTICE_TYPES, periodRuleFor } from './periods';

// PINNED_NOW is Monday 2026-03-02 09:00 in China Standard Time.
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(PINNED_NOW.getTime() + offsetMs);

const publish = (noticeType: string, extra: Record<string, unknown> = {}, n = 1): TaskCall => ({
  type: 'notices.publish', nodeId: `publish-${noticeType}`, key: `wf-test:publish-${noticeType}#${n}`,
  input: { noticeType, title: `东湖市第一中学教学楼新建工程${noticeType}公告`, body: '## 公告内容\n\n详见附件。', ...extra },
});
const withdraw = (input: Record<string, unknown>, n = 1): TaskCall => ({
  type: 'notices.withdraw', nodeId: 'withdraw', key: `wf-test:withdraw#${n}`, input,
});
const procurementDeal: TaskCall = { ...accept, input: { ...accept.input, procedureKind: 'government-procurement-open' } };
const landDeal: TaskCall = { ...accept, input: { ...accept.input, procedureKind: 'land-listing' } };

async function holiday(db: Db, dates: string[]) {
  await db('work_calendars').insert({ region_code: '990100', year: 2026, holidays: JSON.stringify(dates), workdays: '[]', updated_at: PINNED_NOW.toISOString() });
}

describe.each(DATABASES)('notices on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  test('publishes candidate publicity for at least 3 days, with its event in the same transaction', async () => {
    await runTask(database.db, accept);
    const answer = await runTask(database.db, publish('candidates', { sectionCode: `${DEAL}-01` }));
    expect(answer.result).toMatchObject({ noticeType: 'candidates', publishedAt: PINNED_NOW.toISOString(), minUntil: at(3 * DAY).toISOString(), sectionCode: `${DEAL}-01` });
    const row = await database.db('notices').where('id', (answer.result as { noticeId: number }).noticeId).first();
    expect(row).toMatchObject({ notice_type: 'candidates', status: 'published', region_code: '990100', body_format: 'markdown', period: 'P3D calendar', publish_key: 'wf-test:publish-candidates#1' });
    expect(row.period_basis).toContain('第五十四条');
    expect(new Date(row.min_until).toISOString()).toBe(at(3 * DAY).toISOString());
    const events = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'notice.published' });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ taskType: 'notices.publish', noticeType: 'candidates', minUntil: at(3 * DAY).toISOString() });
  });

  test('a government procurement result stays up one working day, counted on the region\'s calendar', async () => {
    await runTask(database.db, procurementDeal);
    await holiday(database.db, ['2026-03-03']);
    const answer = await runTask(database.db, publish('result'));
    // Tuesday is a holiday: the one working day is Wednesday.
    expect((answer.result as { minUntil: string }).minUntil).toBe(at(2 * DAY).toISOString());
    const construction = await createSeededDatabase(create);
    try {
      await runTask(construction.db, accept);
      expect((await runTask(construction.db, publish('result'))).result).toMatchObject({ minUntil: PINNED_NOW.toISOString() });
    } finally {
      await construction.close();
    }
  });

  test('a procurement notice runs five working days; a land listing needs 20 days\' notice and 10 working days of listing', async () => {
    await runTask(database.db, landDeal);
    const start = at(20 * DAY);
    const early = await businessErrorOf(runTask(database.db, publish('land-listing', { listingStartsAt: at(19 * DAY).toISOString() })));
    expect(early).toMatchObject({ code: 'NOTICE_LEAD_TOO_SHORT', nonRetryable: true, details: { earliestStart: start.toISOString() } });
    const short = await businessErrorOf(runTask(database.db, publish('land-listing', { listingStartsAt: start.toISOString(), listingEndsAt: at(27 * DAY).toISOString() })));
    expect(short.code).toBe('NOTICE_PERIOD_TOO_SHORT');
    // 2026-03-22 is a Sunday: ten working days later is Friday 2026-04-03.
    const listing = await runTask(database.db, publish('land-listing', { listingStartsAt: start.toISOString() }));
    expect((listing.result as { minUntil: string }).minUntil).toBe(at(32 * DAY).toISOString());
    const procurement = await runTask(database.db, publish('procurement'));
    expect((procurement.result as { minUntil: string }).minUntil).toBe(at(7 * DAY).toISOString());
  });

  test('a tender notice stays up while the documents are on sale, at least five days', async () => {
    await runTask(database.db, accept);
    const short = await businessErrorOf(runTask(database.db, publish('tender', { documentsOnSaleUntil: at(4 * DAY).toISOString() })));
    expect(short).toMatchObject({ code: 'NOTICE_PERIOD_TOO_SHORT', details: { earliestEnd: at(5 * DAY).toISOString() } });
    expect(short.message.zh).toContain('第十六条');
    const longer = await runTask(database.db, publish('tender', { documentsOnSaleUntil: at(8 * DAY).toISOString() }));
    expect((longer.result as { minUntil: string }).minUntil).toBe(at(8 * DAY).toISOString());
  });

  test('withdrawal within the statutory period is refused, except by a termination directive, which publishes the termination notice', async () => {
    await runTask(database.db, accept);
    const candidates = await runTask(database.db, publish('candidates', { sectionCode: `${DEAL}-01` }));
    const tender = await runTask(database.db, publish('tender'));
    const before = await dumpDatabase(database.db);
    const refused = await businessErrorOf(runTask(database.db, withdraw({ noticeType: 'candidates', reasonKind: 'correction', reason: '公示内容有误' })));
    expect(refused).toMatchObject({ code: 'NOTICE_PERIOD_RUNNING', nonRetryable: true, details: { minUntil: at(3 * DAY).toISOString() } });
    expect(refused.message.zh).toContain('第五十四条');
    expect(await dumpDatabase(database.db)).toEqual(before);

    const directive = await runTask(database.db, withdraw({ noticeType: 'candidates', sectionCode: `${DEAL}-01`, reasonKind: 'termination-directive', reason: '投诉查实存在串通投标', directiveRef: 'directive#7' }));
    const { terminationNoticeId } = directive.result as { terminationNoticeId: number };
    expect(directive.result).toMatchObject({ noticeId: (candidates.result as { noticeId: number }).noticeId, beforePeriodEnd: true, reasonKind: 'termination-directive' });
    const termination = await database.db('notices').where('id', terminationNoticeId).first();
    expect(termination).toMatchObject({ notice_type: 'termination', status: 'published', body_format: 'plain' });
    expect(termination.body).toContain('投诉查实存在串通投标');
    const withdrawn = await database.db('notices').where('id', (candidates.result as { noticeId: number }).noticeId).first();
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdraw_reason_kind: 'termination-directive', termination_notice_id: terminationNoticeId });
    // The second notice of the same terminated deal shares the one termination notice.
    const second = await runTask(database.db, withdraw({ noticeId: (tender.result as { noticeId: number }).noticeId, reasonKind: 'termination-directive', reason: '同上' }, 2));
    expect((second.result as { terminationNoticeId: number }).terminationNoticeId).toBe(terminationNoticeId);
    expect(await database.db('notices').where('notice_type', 'termination')).toHaveLength(1);
    const kinds = (await database.db('supervision_events').where('deal_code', DEAL).orderBy('seq')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['deal.registered', 'notice.published', 'notice.published', 'notice.published', 'notice.withdrawn', 'notice.withdrawn']);
  });

  test('after the period has run, a notice may be withdrawn for any reason, once', async () => {
    await runTask(database.db, accept);
    await runTask(database.db, publish('candidates', { sectionCode: `${DEAL}-01` }));
    const later = { now: () => at(3 * DAY) };
    const answer = await runTask(database.db, withdraw({ noticeType: 'candidates', reasonKind: 'other', reason: '公示期满' }), later);
    expect(answer.result).toMatchObject({ beforePeriodEnd: false, terminationNoticeId: null, withdrawnAt: at(3 * DAY).toISOString() });
    const again = await businessErrorOf(runTask(database.db, withdraw({ noticeId: (answer.result as { noticeId: number }).noticeId, reasonKind: 'other', reason: '再次' }, 2), later));
    expect(again.code).toBe('NOTICE_ALREADY_WITHDRAWN');
    // A scheduled notice not yet on the portal can be called off.
    const scheduled = await runTask(database.db, publish('tender', { publishAt: at(DAY).toISOString() }));
    const cancelled = await runTask(database.db, withdraw({ noticeId: (scheduled.result as { noticeId: number }).noticeId, reasonKind: 'correction', reason: '发布时间有误' }, 3));
    expect(cancelled.result).toMatchObject({ beforePeriodEnd: false });
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    await runTask(database.db, accept);
    const first = await runTask(database.db, publish('tender'));
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, publish('tender'))).toEqual(first);
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('commit, then fail: the retried runs leave exactly what clean runs leave', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [
      accept, publish('tender'), publish('candidates', { sectionCode: `${DEAL}-01` }),
      withdraw({ noticeType: 'candidates', reasonKind: 'termination-directive', reason: '监管终止' }),
    ]);
    expect(outcome.crashes).toBe(4);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(database.db, accept);
    await runTask(database.db, publish('tender'));
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [publish('notice-of-nothing'), 'INVALID_INPUT'],
      [publish('tender', { title: '  ' }), 'INVALID_INPUT'],
      [publish('tender', { publishAt: '2026-03-05' }), 'INVALID_INPUT'],
      [publish('tender', { listingStartsAt: at(30 * DAY).toISOString() }), 'INVALID_INPUT'],
      [publish('land-listing'), 'INVALID_INPUT'],
      [publish('candidates'), 'INVALID_INPUT'],
      [publish('tender', { internal: true }), 'INVALID_INPUT'],
      [publish('tender', { publishAt: at(-DAY).toISOString() }), 'NOTICE_BACKDATED'],
      [publish('candidates', { sectionCode: `${DEAL}-09` }), 'SECTION_NOT_FOUND'],
      [{ ...publish('tender'), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...publish('tender'), dealCode: null }, 'DEAL_CODE_MISSING'],
      [withdraw({ noticeId: 1, noticeType: 'tender', reasonKind: 'other', reason: 'x' }), 'INVALID_INPUT'],
      [withdraw({ reasonKind: 'other', reason: 'x' }), 'INVALID_INPUT'],
      [withdraw({ noticeType: 'tender', reasonKind: 'other', reason: 'x', terminationNotice: { title: 't', body: 'b' } }), 'INVALID_INPUT'],
      [withdraw({ noticeId: -1, reasonKind: 'other', reason: 'x' }), 'INVALID_INPUT'],
      [withdraw({ noticeId: 9999, reasonKind: 'other', reason: 'x' }), 'NOTICE_NOT_FOUND'],
      [withdraw({ noticeType: 'result', reasonKind: 'other', reason: 'x' }), 'NOTICE_NOT_FOUND'],
      [withdraw({ noticeType: 'tender', reasonKind: 'other', reason: '招标文件有误' }), 'NOTICE_PERIOD_RUNNING'],
    ];
    for (const [i, [call, code]] of cases.entries()) {
      const error = await businessErrorOf(runTask(database.db, { ...call, key: `wf-test:bad#${i}` }));
      expect({ input: call.input, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ input: call.input, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
    await database.db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    const terminated = await dumpDatabase(database.db);
    expect((await businessErrorOf(runTask(database.db, publish('result')))).code).toBe('DEAL_TERMINATED');
    expect(await dumpDatabase(database.db)).toEqual(terminated);
    await runTask(database.db, publish('termination'));
  });
});

test('every notice type has a rule, and each rule names its legal basis in both languages', () => {
  for (const type of NOTICE_TYPES) expect(periodRuleFor(type, 'construction-open-tender').noticeType).toBe(type);
  for (const rule of NOTICE_PERIOD_RULES) expect(rule.basis.zh && rule.basis.en).toBeTruthy();
  expect(periodRuleFor('result', 'government-procurement-open').minimum).toEqual({ duration: 'P1D', calendar: 'working' });
  expect(periodRuleFor('result', 'construction-open-tender').minimum).toBeNull();
});
