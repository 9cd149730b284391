import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';
import { computeFee, type FeeSchedule } from './schedule';

const S1 = `${DEAL}-01`;
const PRICE = 987_654_321; // 9,876,543.21 yuan
const WAN = 1_000_000; // 1 万元 in fen

const registerCall = (n: number, section = S1, dealCode = DEAL): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register:${section}#${n}`, dealCode, input: { sectionCode: section, bidder: bidder(n) },
});
const issue = (winner = 2, section = S1, dealCode = DEAL): TaskCall => ({
  type: 'awards.issueNotice', nodeId: 'award', key: `wf-test:award:${section}`, dealCode,
  input: { sectionCode: section, winner: bidder(winner).creditCode, priceFen: PRICE, noticeDate: '2026-03-01' },
});
const charge = (section = S1, key = `wf-test:fee:${section}`, dealCode = DEAL): TaskCall => ({ type: 'fees.charge', nodeId: 'fee', key, dealCode, input: { sectionCode: section } });

const construction: FeeSchedule = {
  id: 1, procedureKind: 'construction-open-tender', regionCode: null, effectiveFrom: '2020-01-01', minimumFen: null, maximumFen: null, source: 'test',
  bands: [
    { fromFen: 0, toFen: 100 * WAN, ratePpm: 10_000 }, { fromFen: 100 * WAN, toFen: 500 * WAN, ratePpm: 7000 },
    { fromFen: 500 * WAN, toFen: 1000 * WAN, ratePpm: 5500 }, { fromFen: 1000 * WAN, toFen: null, ratePpm: 3500 },
  ],
};

describe('service fee computation', () => {
  test('progressive bands: each part of the amount at its band\'s rate, the sum rounded half up once', () => {
    // 1,000,000 + 2,800,000 + 2,750,000 + 234,567,890 × 0.35 % (820,987.615) = 7,370,987.615 fen
    expect(computeFee(1_234_567_890, construction)).toMatchObject({ feeFen: 7_370_988, exactFen: '7370987.615000' });
    expect(computeFee(100 * WAN, construction)).toMatchObject({ feeFen: 1_000_000, lines: [{ fromFen: 0, portionFen: 100 * WAN }] });
    expect(computeFee(50, construction)).toMatchObject({ feeFen: 1, exactFen: '0.500000' }); // half a fen rounds up
    expect(computeFee(49, construction)).toMatchObject({ feeFen: 0 });
    expect(computeFee(1_234_567_890, { ...construction, maximumFen: 5_000_000 }).feeFen).toBe(5_000_000);
    expect(computeFee(49, { ...construction, minimumFen: 10_000 }).feeFen).toBe(10_000);
  });

  test('a schedule with a gap, a bounded end or no band at 0 is refused', () => {
    const broken = (bands: FeeSchedule['bands']) => () => computeFee(1000, { ...construction, bands });
    expect(broken([{ fromFen: 0, toFen: 100, ratePpm: 1 }, { fromFen: 200, toFen: null, ratePpm: 1 }])).toThrow(/FEE_SCHEDULE_INVALID/);
    expect(broken([{ fromFen: 0, toFen: 100, ratePpm: 1 }])).toThrow(/unbounded/);
    expect(broken([{ fromFen: 10, toFen: null, ratePpm: 1 }])).toThrow(/start at 0/);
    expect(broken([])).toThrow(/FEE_SCHEDULE_INVALID/);
  });
});

describe.each(DATABASES)('fees.charge on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, accept);
    for (const n of [1, 2]) await runTask(db, registerCall(n));
  });
  afterEach(async () => { await database.close(); });

  test('charges the winner the scheduled fee on the awarded price, receivable against income, and tells supervision', async () => {
    await runTask(db, issue());
    const answer = await runTask(db, charge());
    // 1,000,000 + 2,800,000 + 487,654,321 × 0.55 % (2,682,098.7655) = 6,482,098.7655 fen
    expect(answer.result).toMatchObject({ sectionCode: S1, payer: bidder(2).creditCode, baseFen: PRICE, feeFen: 6_482_099, breakdown: { exactFen: '6482098.765500' } });
    const fee = await db('fee_charges').first();
    expect(Number(fee.fee_fen)).toBe(6_482_099);
    expect(JSON.parse(fee.breakdown).lines.map((l: { portionFen: number }) => l.portionFen)).toEqual([100 * WAN, 400 * WAN, PRICE - 500 * WAN]);
    const lines = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('l.entry_id', fee.journal_entry_id)
      .orderBy('l.line_no').select('a.account_code', 'l.amount_fen');
    expect(lines.map((l: { account_code: string; amount_fen: unknown }) => [l.account_code, Number(l.amount_fen)])).toEqual([
      [`fee-receivable:${S1}:${bidder(2).creditCode}`, 6_482_099], ['fee-income:990100', -6_482_099],
    ]);
    const events = await db('supervision_events').where({ deal_code: DEAL, kind: 'fee.charged' });
    expect(JSON.parse(events[0].payload)).toMatchObject({ taskType: 'fees.charge', sectionCode: S1, payer: bidder(2).creditCode, feeFen: 6_482_099 });
  });

  test('a city\'s own schedule in force replaces the platform\'s', async () => {
    const [row] = await db('service_fee_schedules').insert({
      procedure_kind: 'construction-open-tender', region_code: '990100', effective_from: '2026-01-01', minimum_fen: 500_000, maximum_fen: null, source: '东湖市物价局（测试）',
    }).returning('id');
    await db('service_fee_bands').insert({ schedule_id: row.id ?? row, from_fen: 0, to_fen: null, rate_ppm: 5000 });
    await runTask(db, issue());
    // 987,654,321 × 0.5 % = 4,938,271.605
    expect((await runTask(db, charge())).result).toMatchObject({ feeFen: 4_938_272, scheduleId: Number(row.id ?? row) });
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    await runTask(db, issue());
    const first = await runTask(db, charge());
    const before = await dumpDatabase(db);
    expect(await runTask(db, charge())).toEqual(first);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [accept, registerCall(1), registerCall(2), issue(), charge()]);
    expect(outcome.crashes).toBe(5);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    const OTHER = '990100-2026-JS-00002';
    await runTask(db, { ...accept, key: 'wf-2:accept#1', workflowId: 'wf-2', dealCode: OTHER, input: { ...accept.input, procedureKind: 'property-transfer' } });
    await runTask(db, { ...registerCall(1, `${OTHER}-01`, OTHER), workflowId: 'wf-2' });
    await runTask(db, { ...issue(1, `${OTHER}-01`, OTHER), workflowId: 'wf-2' });
    await runTask(db, issue());
    await runTask(db, charge());
    const before = await dumpDatabase(db);
    const cases: Array<[string, TaskCall, string]> = [
      ['unknown deal', { ...charge(), key: 'k1', dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      ['no deal', { ...charge(), key: 'k2', dealCode: null }, 'DEAL_CODE_MISSING'],
      ['unknown section', charge(`${DEAL}-09`), 'SECTION_NOT_FOUND'],
      ['empty section code', { ...charge(), key: 'k3', input: { sectionCode: '' } }, 'INVALID_INPUT'],
      ['section without an award', charge(`${DEAL}-02`), 'AWARD_NOT_ISSUED'],
      ['second charge of a section', charge(S1, 'wf-test:fee-again'), 'FEE_ALREADY_CHARGED'],
      ['no schedule for the procedure kind', { ...charge(`${OTHER}-01`, 'k4', OTHER), workflowId: 'wf-2' }, 'FEE_SCHEDULE_MISSING'],
    ];
    for (const [what, call, code] of cases) {
      const error = await businessErrorOf(runTask(db, call));
      expect({ what, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ what, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });
});
