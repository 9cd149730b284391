import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { TENDEREE, accept, bidder } from '../../../test/support/deal-fixtures';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';

const registerCall = (n: number, section = `${DEAL}-01`): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register#${n}`, input: { sectionCode: section, bidder: bidder(n) },
});

async function sanction(db: Db, creditCode: string, validUntil: string | null, revoked = false) {
  const [row] = await db('subjects').insert({ credit_code: creditCode, name: '失信企业', kind: 'bidder', created_at: PINNED_NOW.toISOString() }).onConflict('credit_code').merge().returning('id');
  await db('credit_sanctions').insert({
    subject_id: row.id ?? row, measure: 'bar_from_bidding', reason: '串通投标', decided_by_region: '990200',
    legal_basis: '招标投标法实施条例 第六十七条', valid_from: '2026-01-01T00:00:00.000Z', valid_until: validUntil,
    revoked_at: revoked ? '2026-02-01T00:00:00.000Z' : null,
  });
}

describe.each(DATABASES)('registration on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  test('accepts a deal with its sections and parties, and notifies supervision in the same transaction', async () => {
    const answer = await runTask(database.db, accept);
    expect(answer.variables).toEqual({ sectionCodes: [`${DEAL}-01`, `${DEAL}-02`] });
    const deal = await database.db('deals').where('deal_code', DEAL).first();
    expect(deal).toMatchObject({ region_code: '990100', status: 'registered', workflow_id: 'wf-test', procedure_kind: 'construction-open-tender' });
    expect(Number(deal.estimate_fen)).toBe(1_200_000_000);
    const sections = await database.db('sections').where('deal_id', deal.id).orderBy('section_code');
    expect(sections.map((s: { name: string }) => s.name)).toEqual(['施工', '监理']);
    const tenderee = await database.db('subjects').where('id', deal.tenderee_subject_id).first();
    expect(tenderee.credit_code).toBe(TENDEREE.creditCode);
    const events = await database.db('supervision_events').where('deal_code', DEAL);
    expect(events).toHaveLength(1);
    expect(events[0].kind).toBe('deal.registered');
    expect(JSON.parse(events[0].payload)).toMatchObject({ taskType: 'registration.acceptDeal', sections: [{ code: `${DEAL}-01` }, { code: `${DEAL}-02` }] });
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    const first = await runTask(database.db, accept);
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, accept)).toEqual(first);
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves', async () => {
    const close: TaskCall = { type: 'registration.closeDeal', nodeId: 'close', input: { outcome: 'completed' } };
    const outcome = await commitThenFail(() => createSeededDatabase(create), [accept, registerCall(1), registerCall(2), close]);
    expect(outcome.crashes).toBe(4);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [{ ...accept, input: { ...accept.input, sections: [] } }, 'INVALID_INPUT'],
      [{ ...accept, input: { ...accept.input, estimateFen: -1 } }, 'INVALID_INPUT'],
      [{ ...accept, input: { ...accept.input, tenderee: { ...TENDEREE, creditCode: '91990100MA00000019' } } }, 'INVALID_INPUT'],
      [{ ...accept, dealCode: null }, 'DEAL_CODE_MISSING'],
      [registerCall(1), 'SECTION_NOT_FOUND'],
    ];
    for (const [call, code] of cases) {
      const error = await businessErrorOf(runTask(database.db, call));
      expect({ code: error.code, nonRetryable: error.nonRetryable }).toEqual({ code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('a deal code registers once', async () => {
    await runTask(database.db, accept);
    const error = await businessErrorOf(runTask(database.db, { ...accept, key: 'wf-other:accept#1', workflowId: 'wf-other' }));
    expect(error.code).toBe('DEAL_ALREADY_REGISTERED');
  });

  test('a process of another city cannot act on a deal, and a key used by another process is not answered from its run', async () => {
    await runTask(database.db, accept);
    await runTask(database.db, registerCall(1));
    const before = await dumpDatabase(database.db);
    // 西山市's process names 东湖市's deal code (a reused code): every step is refused before it writes
    for (const call of [
      { ...accept, workflowId: 'wf-west', key: 'wf-west:accept#1', regionCode: '990200' },
      { ...registerCall(2), workflowId: 'wf-west', key: 'wf-west:register#2', regionCode: '990200' },
      { type: 'registration.closeDeal', nodeId: 'close', workflowId: 'wf-west', key: 'wf-west:close#1', regionCode: '990200', input: { outcome: 'completed' } },
    ] as TaskCall[]) {
      const refused = await businessErrorOf(runTask(database.db, call));
      expect(refused).toMatchObject({ code: 'DEAL_OF_ANOTHER_REGION', nonRetryable: true, details: { dealCode: DEAL, dealRegionCode: '990100', processRegionCode: '990200' } });
      expect(refused.message.zh).toContain('990100');
    }
    // a stored answer is only ever handed back to the step that wrote it
    const reused = await businessErrorOf(runTask(database.db, { ...registerCall(1), workflowId: 'wf-west' }));
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', nonRetryable: true, details: { storedWorkflowId: 'wf-test' } });
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('一处失信，处处受限: a sanction decided in another city refuses the bidder; expired and revoked ones do not', async () => {
    await runTask(database.db, accept);
    await sanction(database.db, bidder(1).creditCode, null);
    await sanction(database.db, bidder(2).creditCode, '2026-02-01T00:00:00.000Z');
    await sanction(database.db, bidder(3).creditCode, null, true);
    const before = await dumpDatabase(database.db);
    const refused = await businessErrorOf(runTask(database.db, registerCall(1)));
    expect(refused).toMatchObject({ code: 'CREDIT_SANCTIONED', nonRetryable: true, details: { decidedByRegion: '990200', measure: 'bar_from_bidding' } });
    expect(refused.message.zh).toContain('招标投标法实施条例');
    expect(await dumpDatabase(database.db)).toEqual(before);
    await runTask(database.db, registerCall(2));
    await runTask(database.db, registerCall(3));
    const error = await businessErrorOf(runTask(database.db, { ...registerCall(3), key: 'wf-test:register#33' }));
    expect(error.code).toBe('BID_ALREADY_REGISTERED');
    expect(await database.db('bids').count('* as n').first()).toMatchObject({ n: expect.anything() });
    expect(Number((await database.db('bids').count('* as n').first())!.n)).toBe(2);
  });

  test('closing a deal ends it once; an unknown deal cannot be closed', async () => {
    const close: TaskCall = { type: 'registration.closeDeal', nodeId: 'close', input: { outcome: 'failed', reason: '两次流标' } };
    expect((await businessErrorOf(runTask(database.db, close))).code).toBe('DEAL_NOT_FOUND');
    await runTask(database.db, accept);
    expect(await runTask(database.db, close)).toEqual({ variables: { dealOutcome: 'failed' } });
    expect(await database.db('deals').where('deal_code', DEAL).first('status')).toEqual({ status: 'failed' });
    expect((await database.db('sections').select('status')).map((r: { status: string }) => r.status)).toEqual(['failed', 'failed']);
    expect((await businessErrorOf(runTask(database.db, { ...close, key: 'wf-test:close#2' }))).code).toBe('DEAL_ALREADY_CLOSED');
    const kinds = (await database.db('supervision_events').where('deal_code', DEAL).orderBy('seq')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['deal.registered', 'deal.closed']);
  });
});
