import type { Db } from '@ggzy/db';
import { appendSupervisionEvent } from '../supervision/trail';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';

const S1 = `${DEAL}-01`;
let n = 0;
/** The events the capabilities write, appended as they would be (the rules read nothing else). */
async function happened(db: Db, kind: string, occurredAt: string, payload: Record<string, unknown>) {
  await db.transaction((trx) => appendSupervisionEvent(trx, { idempotencyKey: `fact-${++n}`, dealCode: DEAL, regionCode: '990100', kind, actor: 'test', payload, occurredAt }));
}
const evaluate: TaskCall = { type: 'alerts.evaluate', nodeId: 'evaluate', input: {} };

async function resultsOf(db: Db) {
  const rows = await db('supervision_alerts').orderBy('id');
  return Object.fromEntries(rows.map((r: { rule_id: string; result: string }) => [r.rule_id, r.result]));
}

describe.each(DATABASES)('alerts on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    await runTask(database.db, accept);
  });
  afterEach(async () => { await database.close(); });

  test('before anything happened every rule says it cannot assess', async () => {
    await runTask(database.db, evaluate);
    const results = await resultsOf(database.db);
    expect(Object.values(results).every((r) => r === 'cannot_assess')).toBe(true);
    expect(Object.keys(results)).toHaveLength(7);
  });

  test('a clean tender: nothing found', async () => {
    await happened(database.db, 'notice.published', '2026-01-05T02:00:00.000Z', { noticeType: 'tender' });
    for (const i of [1, 2, 3]) {
      await happened(database.db, 'bid.registered', '2026-01-06T02:00:00.000Z', { sectionCode: S1, bidder: bidder(i).creditCode });
      await happened(database.db, 'deposit.collected', '2026-01-07T02:00:00.000Z', { sectionCode: S1, bidder: bidder(i).creditCode, payerAccount: bidder(i).basicAccount, amountFen: 100_000 });
      await happened(database.db, 'bid.submitted', '2026-01-20T02:00:00.000Z', { sectionCode: S1, bidder: bidder(i).creditCode, toolFingerprint: { cpu: `cpu-${i}`, disk: `disk-${i}`, mac: `mac-${i}` } });
    }
    await happened(database.db, 'bids.opened', '2026-01-26T02:00:00.000Z', { sectionCode: S1, validBids: 3 });
    await happened(database.db, 'notice.published', '2026-02-02T02:00:00.000Z', { noticeType: 'candidates' });
    await happened(database.db, 'award.issued', '2026-02-06T02:00:00.000Z', { sectionCode: S1 });
    const answer = await runTask(database.db, evaluate);
    expect(answer.variables).toEqual({ alertsFound: [] });
    expect(Object.values(await resultsOf(database.db))).toEqual(Array(7).fill('not_found'));
  });

  test('collusion evidence, a sanctioned bidder, two bids and short periods are found, each with its legal basis', async () => {
    await database.db('subjects').insert({ credit_code: bidder(3).creditCode, name: '失信企业', kind: 'bidder', created_at: '2026-01-01T00:00:00.000Z' });
    const subject = await database.db('subjects').where('credit_code', bidder(3).creditCode).first('id');
    await database.db('credit_sanctions').insert({ subject_id: subject.id, measure: 'blacklist', reason: '虚假投标', decided_by_region: '990200', legal_basis: '《招标投标法》第五十四条', valid_from: '2026-01-01T00:00:00.000Z', valid_until: null });
    await happened(database.db, 'notice.published', '2026-01-05T02:00:00.000Z', { noticeType: 'tender' });
    for (const i of [1, 2, 3]) await happened(database.db, 'bid.registered', '2026-01-06T02:00:00.000Z', { sectionCode: S1, bidder: bidder(i).creditCode });
    await happened(database.db, 'deposit.collected', '2026-01-07T02:00:00.000Z', { sectionCode: S1, bidder: bidder(1).creditCode, payerAccount: 'ACC-SAME', amountFen: 100_000 });
    await happened(database.db, 'deposit.collected', '2026-01-07T03:00:00.000Z', { sectionCode: S1, bidder: bidder(2).creditCode, payerAccount: 'ACC-SAME', amountFen: 100_000 });
    await happened(database.db, 'bid.submitted', '2026-01-20T02:00:00.000Z', { sectionCode: S1, bidder: bidder(1).creditCode, toolFingerprint: { cpu: 'C1', disk: 'D1', mac: 'M1' } });
    await happened(database.db, 'bid.submitted', '2026-01-20T03:00:00.000Z', { sectionCode: S1, bidder: bidder(2).creditCode, toolFingerprint: { cpu: 'C1', disk: 'D1', mac: 'M1' } });
    await happened(database.db, 'bid.submitted', '2026-01-20T04:00:00.000Z', { sectionCode: S1, bidder: bidder(3).creditCode });
    await happened(database.db, 'bid.withdrawn', '2026-01-21T04:00:00.000Z', { sectionCode: S1, bidder: bidder(3).creditCode });
    await happened(database.db, 'bids.openingFailed', '2026-01-20T05:00:00.000Z', { sectionCode: S1, validBids: 2 });
    const answer = await runTask(database.db, evaluate);
    expect((answer.variables!.alertsFound as string[]).sort()).toEqual(
      ['BIDDING_PERIOD_TOO_SHORT', 'FEWER_THAN_THREE_BIDS', 'SAME_BID_TOOL_FINGERPRINT', 'SANCTIONED_BIDDER', 'SHARED_DEPOSIT_ACCOUNT'].filter((r) => r !== 'BIDDING_PERIOD_TOO_SHORT'),
    );
    const rows = await database.db('supervision_alerts').where('result', 'found');
    for (const row of rows) expect(row.legal_basis).toMatch(/《.+》|国发/);
    const shared = rows.find((r: { rule_id: string }) => r.rule_id === 'SHARED_DEPOSIT_ACCOUNT');
    expect(JSON.parse(shared.evidence).shared).toEqual([{ sectionCode: S1, account: 'ACC-SAME', bidders: [bidder(1).creditCode, bidder(2).creditCode].sort() }]);
    const raised = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'alert.raised' });
    expect(raised).toHaveLength(4);
    expect((await resultsOf(database.db)).BIDDING_PERIOD_TOO_SHORT).toBe('cannot_assess');
  });

  test('commit, then fail: one clean evaluation', async () => {
    const raise: TaskCall = { type: 'alerts.raise', nodeId: 'overdue', input: { ruleId: 'TASK_OVERDUE', legalBasis: '《招标投标法实施条例》第五十四条', messageZh: '逾期', messageEn: 'overdue' } };
    const outcome = await commitThenFail(async () => {
      const d = await createSeededDatabase(create);
      await runTask(d.db, accept);
      return d;
    }, [evaluate, raise]);
    expect(outcome.crashes).toBe(2);
    expect(outcome.retried).toEqual(outcome.clean);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
  });

  test('bad input is refused and writes nothing', async () => {
    const before = await dumpDatabase(database.db);
    for (const [call, code] of [
      [{ ...evaluate, input: { rules: ['NO_SUCH_RULE'] } }, 'INVALID_INPUT'],
      [{ ...evaluate, dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...evaluate, dealCode: null }, 'DEAL_CODE_MISSING'],
      [{ type: 'alerts.raise', input: { ruleId: 'x', legalBasis: '', messageZh: '', messageEn: '' } }, 'INVALID_INPUT'],
    ] as Array<[TaskCall, string]>) {
      expect((await businessErrorOf(runTask(database.db, call))).code).toBe(code);
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });
});
