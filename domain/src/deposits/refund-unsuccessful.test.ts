import { putWorkCalendar, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';

const S1 = `${DEAL}-01`; // budget 10,000,000 yuan: cap 200,000 yuan
const S2 = `${DEAL}-02`; // budget 2,000,000 yuan

const acceptAs = (procedureKind: string): TaskCall => ({ ...accept, input: { ...accept.input, procedureKind } });
const register = (n: number, section = S1): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register:${section}#${n}`, input: { sectionCode: section, bidder: bidder(n) },
});
const cash = (n: number, amountFen: number, section = S1): TaskCall => ({
  type: 'deposits.collect', nodeId: 'collect', key: `wf-test:collect:${section}#${n}`,
  input: { sectionCode: section, bidder: bidder(n).creditCode, amountFen, payingAccount: bidder(n).basicAccount },
});
const guarantee = (n: number, amountFen: number, section = S1): TaskCall => ({
  type: 'deposits.collect', nodeId: 'collect', key: `wf-test:collect:${section}#${n}`,
  input: { sectionCode: section, bidder: bidder(n).creditCode, form: 'guarantee', amountFen, guarantee: { number: `BH-${section}-${n}`, issuer: '示范省融资担保有限公司', validFrom: '2026-02-20', validUntil: '2026-09-30' } },
});
const award = (n: number, section = S1): TaskCall => ({
  type: 'awards.issueNotice', nodeId: 'award', key: `wf-test:award:${section}`, input: { sectionCode: section, winner: bidder(n).creditCode, priceFen: 900_000_000 },
});
const refundUnsuccessful = (input: Record<string, unknown> = {}, key = 'wf-test:refundUnsuccessful#1'): TaskCall => ({ type: 'deposits.refundUnsuccessful', nodeId: 'refundUnsuccessful', key, input });

/** A clock at a local (China Standard Time) date and hour. */
const at = (date: string, hour = 10) => ({ now: () => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`) });

async function balance(db: Db, accountCode: string): Promise<number> {
  const row = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', accountCode)
    .first(db.raw('coalesce(sum(l.amount_fen), 0) as total'));
  return Number(row.total);
}

async function eventsOf(db: Db, kind: string): Promise<Array<Record<string, unknown>>> {
  const rows = await db('supervision_events').where({ deal_code: DEAL, kind }).orderBy('seq');
  return rows.map((r: { payload: string }) => JSON.parse(r.payload));
}

describe.each(DATABASES)('deposits.refundUnsuccessful on %s', (_name, create) => {
  let database: TestDatabase | undefined;
  let db: Db;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  /** A deal of the procedure with three bidders in S1 (two in cash, one by guarantee) who paid on Monday 2026-03-02. */
  async function dealWithDeposits(procedureKind: string): Promise<void> {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, acceptAs(procedureKind));
    for (const n of [1, 2, 3]) await runTask(db, register(n));
    await runTask(db, cash(1, 10_000_000), at('2026-03-02'));
    await runTask(db, cash(2, 12_000_000), at('2026-03-02'));
    await runTask(db, guarantee(3, 8_000_000), at('2026-03-02'));
  }

  test('procurement: the unsuccessful suppliers are paid back within 5 working days of the award notice, without interest; the winner\'s deposit stays', async () => {
    await dealWithDeposits('government-procurement-open');
    // award notice on Thursday 03-05: the fifth working day after it is Thursday 03-12 (S2 holds no deposit and is passed over)
    await runTask(db, award(2), at('2026-03-05'));
    const answer = await runTask(db, refundUnsuccessful(), at('2026-03-11'));
    expect(answer.result).toEqual({
      dealCode: DEAL, sectionCode: null, count: 2, principalFen: 10_000_000, interestFen: 0, late: 0,
      refunds: [
        {
          depositId: expect.any(Number), sectionCode: S1, bidder: bidder(1).creditCode, form: 'cash', reason: 'loser', principalFen: 10_000_000,
          interestFen: 0, interestDays: 0, annualRatePpm: 0, triggeredOn: '2026-03-05', dueOn: '2026-03-12', refundedOn: '2026-03-11', onTime: true,
        },
        {
          depositId: expect.any(Number), sectionCode: S1, bidder: bidder(3).creditCode, form: 'guarantee', reason: 'loser', principalFen: 0,
          interestFen: 0, interestDays: 0, annualRatePpm: 0, triggeredOn: '2026-03-05', dueOn: '2026-03-12', refundedOn: '2026-03-11', onTime: true,
        },
      ],
      retained: [{ sectionCode: S1, bidder: bidder(2).creditCode, depositId: expect.any(Number), amountFen: 12_000_000 }],
    });
    const rows = await db('deposit_refunds as r').join('deposits as d', 'd.id', 'r.deposit_id').join('subjects as s', 's.id', 'd.bidder_subject_id')
      .orderBy('s.credit_code').select('s.credit_code', 'r.reason', 'r.triggered_on', 'r.due_on', 'r.refunded_on', 'r.interest_fen', 'r.principal_fen', 'r.journal_entry_id');
    expect(rows.map((r: Record<string, unknown>) => [r.credit_code, r.reason, r.triggered_on, r.due_on, r.refunded_on, Number(r.principal_fen), Number(r.interest_fen)])).toEqual([
      [bidder(1).creditCode, 'loser', '2026-03-05', '2026-03-12', '2026-03-11', 10_000_000, 0],
      [bidder(3).creditCode, 'loser', '2026-03-05', '2026-03-12', '2026-03-11', 0, 0],
    ]);
    // the cash refund is two principal lines and no interest lines; the winner's money is still in escrow
    const cashRow = rows.find((r: { credit_code: string }) => r.credit_code === bidder(1).creditCode);
    const lines = await db('journal_lines').where('entry_id', cashRow.journal_entry_id).orderBy('line_no');
    expect(lines.map((l: { amount_fen: unknown; memo: string }) => [Number(l.amount_fen), l.memo])).toEqual([[10_000_000, 'principal'], [-10_000_000, 'principal']]);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(12_000_000);
    expect(await balance(db, `deposit-payable:${S1}:${bidder(1).creditCode}`)).toBe(0);
    expect(await balance(db, `deposit-payable:${S1}:${bidder(2).creditCode}`)).toBe(-12_000_000);
    expect(await balance(db, 'interest-expense:990100')).toBe(0);

    const refunded = await eventsOf(db, 'deposit.refunded');
    expect(refunded).toHaveLength(1);
    expect(refunded[0]).toMatchObject({ taskType: 'deposits.refundUnsuccessful', bidder: bidder(1).creditCode, reason: 'loser', dueOn: '2026-03-12', legalBasis: { zh: expect.stringContaining('《政府采购法实施条例》第三十三条') } });
    expect(await eventsOf(db, 'deposit.guaranteeReleased')).toEqual([expect.objectContaining({ bidder: bidder(3).creditCode, legalBasis: expect.objectContaining({ zh: expect.stringContaining('第三十三条') }) })]);
    expect(await eventsOf(db, 'deposits.refundedUnsuccessful')).toEqual([expect.objectContaining({
      procedureKind: 'government-procurement-open', count: 2, principalFen: 10_000_000, late: 0,
      retained: [{ sectionCode: S1, bidder: bidder(2).creditCode, depositId: expect.any(Number) }],
    })]);

    // after the contract the winner's deposit goes back with the rest of the deal's
    const rest = await runTask(db, { type: 'deposits.refundAll', nodeId: 'refundAll', key: 'wf-test:refundAll#1', input: { reason: 'contractSigned', triggeredOn: '2026-03-20' } }, at('2026-03-23'));
    expect((rest.result as { refunds: Array<{ bidder: string; reason: string }> }).refunds.map((r) => [r.bidder, r.reason])).toEqual([[bidder(2).creditCode, 'winner']]);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(0);
  });

  test('land: the other bidders are paid back within 5 working days of the close of listing, on the region\'s calendar; a late refund is reported', async () => {
    await dealWithDeposits('land-listing');
    const admin = await db('users').where('username', 'admin').first('id');
    // 03-09 and 03-10 are holidays of the region, 03-14 (Saturday) a make-up working day
    await putWorkCalendar(db, '990100', 2026, { holidays: ['2026-03-09', '2026-03-10'], workdays: ['2026-03-14'] }, Number(admin.id));
    await runTask(db, award(1), at('2026-03-05'));
    // listing closed Wednesday 03-04: Thu 05, Fri 06, Wed 11, Thu 12, Fri 13 → due 03-13; paid 03-16
    const answer = await runTask(db, refundUnsuccessful({ triggeredOn: '2026-03-04' }), at('2026-03-16'));
    const result = answer.result as { count: number; late: number; interestFen: number; refunds: Array<Record<string, unknown>>; retained: Array<Record<string, unknown>> };
    expect(result).toMatchObject({ count: 2, late: 2, interestFen: 0 });
    expect(result.refunds.map((r) => [r.bidder, r.dueOn, r.onTime, r.interestFen])).toEqual([
      [bidder(2).creditCode, '2026-03-13', false, 0], [bidder(3).creditCode, '2026-03-13', false, 0],
    ]);
    expect(result.retained).toEqual([{ sectionCode: S1, bidder: bidder(1).creditCode, depositId: expect.any(Number), amountFen: 10_000_000 }]);
    const late = await eventsOf(db, 'deposit.refundLate');
    expect(late.map((e) => [e.bidder, e.dueOn, e.refundedOn, e.daysLate])).toEqual([
      [bidder(2).creditCode, '2026-03-13', '2026-03-16', 3], [bidder(3).creditCode, '2026-03-13', '2026-03-16', 3],
    ]);
    expect(late[0]!.legalBasis).toMatchObject({ zh: expect.stringContaining('第二十一条') });
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(10_000_000);
    expect((await eventsOf(db, 'deposits.refundedUnsuccessful'))[0]).toMatchObject({ startsOn: { zh: '挂牌活动结束之日' }, late: 2 });
  });

  test('every section of the deal at once, each from its own award notice; a section without its award stops the whole call', async () => {
    await dealWithDeposits('government-procurement-open');
    for (const n of [4, 5]) await runTask(db, register(n, S2));
    for (const n of [4, 5]) await runTask(db, cash(n, 1_000_000, S2), at('2026-03-02'));
    await runTask(db, award(2), at('2026-03-05'));
    const before = await dumpDatabase(db);
    const refused = await businessErrorOf(runTask(db, refundUnsuccessful(), at('2026-03-06')));
    expect(refused).toMatchObject({ code: 'AWARD_NOT_ISSUED', nonRetryable: true, details: { sectionCode: S2 } });
    expect(await dumpDatabase(db)).toEqual(before);

    await runTask(db, award(5, S2), at('2026-03-06'));
    const answer = await runTask(db, refundUnsuccessful({}, 'wf-test:refundUnsuccessful#2'), at('2026-03-09'));
    const result = answer.result as { count: number; refunds: Array<Record<string, unknown>>; retained: Array<Record<string, unknown>> };
    expect(result.refunds.map((r) => [r.sectionCode, r.bidder, r.triggeredOn, r.dueOn])).toEqual([
      [S1, bidder(1).creditCode, '2026-03-05', '2026-03-12'], [S1, bidder(3).creditCode, '2026-03-05', '2026-03-12'],
      [S2, bidder(4).creditCode, '2026-03-06', '2026-03-13'],
    ]);
    expect(result.retained.map((r) => [r.sectionCode, r.bidder])).toEqual([[S1, bidder(2).creditCode], [S2, bidder(5).creditCode]]);
    // a later call (another key) finds nobody left to pay: nothing is refunded twice
    const again = await runTask(db, refundUnsuccessful({ sectionCode: S2 }, 'wf-test:refundUnsuccessful#3'), at('2026-03-10'));
    expect(again.result).toMatchObject({ count: 0, refunds: [], retained: [{ sectionCode: S2, bidder: bidder(5).creditCode }] });
    expect(Number((await db('deposit_refunds').count('* as n').first())!.n)).toBe(3);
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    await dealWithDeposits('government-procurement-open');
    await runTask(db, award(2), at('2026-03-05'));
    const first = await runTask(db, refundUnsuccessful(), at('2026-03-06'));
    const before = await dumpDatabase(db);
    expect(await runTask(db, refundUnsuccessful(), at('2026-03-20'))).toEqual(first);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [
      acceptAs('government-procurement-open'), register(1), register(2), register(3), cash(1, 10_000_000), cash(2, 12_000_000), guarantee(3, 8_000_000),
      award(2), refundUnsuccessful(),
    ]);
    expect(outcome.crashes).toBe(9);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
    expect((outcome.cleanAnswers.at(-1)!.result as { count: number }).count).toBe(2);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await dealWithDeposits('government-procurement-open');
    const before = await dumpDatabase(db);
    const cases: Array<[string, TaskCall, string]> = [
      ['no award yet', refundUnsuccessful(), 'AWARD_NOT_ISSUED'],
      ['a named section without its award (and without deposits)', refundUnsuccessful({ sectionCode: S2 }), 'AWARD_NOT_ISSUED'],
      ['unknown section', refundUnsuccessful({ sectionCode: `${DEAL}-09` }), 'SECTION_NOT_FOUND'],
      ['unknown deal', { ...refundUnsuccessful(), dealCode: '990100-2026-ZC-09999' }, 'DEAL_NOT_FOUND'],
      ['no deal', { ...refundUnsuccessful(), dealCode: null }, 'DEAL_CODE_MISSING'],
      ['not a date', refundUnsuccessful({ triggeredOn: '2026-02-30' }), 'INVALID_INPUT'],
      ['an input it does not take', refundUnsuccessful({ reason: 'loser' }), 'INVALID_INPUT'],
      ['a bad section code', refundUnsuccessful({ sectionCode: '' }), 'INVALID_INPUT'],
    ];
    const check = async (what: string, call: TaskCall, code: string, clock = at('2026-03-06')) => {
      const error = await businessErrorOf(runTask(db, call, clock));
      expect({ what, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ what, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    };
    for (const [what, call, code] of cases) await check(what, call, code);
    expect(await dumpDatabase(db)).toEqual(before);

    await runTask(db, award(2), at('2026-03-05'));
    const awarded = await dumpDatabase(db);
    await check('a clock starting tomorrow', refundUnsuccessful({ triggeredOn: '2026-03-07' }, 'wf-test:bad#1'), 'REFUND_DATE_INVALID');
    await db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    await check('a terminated deal', refundUnsuccessful({}, 'wf-test:bad#2'), 'DEAL_TERMINATED');
    await db('deals').where('deal_code', DEAL).update({ status: 'registered' });
    expect(await dumpDatabase(db)).toEqual(awarded);
  });

  test('a construction tender is refused: its losers are refunded with the winner after the contract (实施条例 §57)', async () => {
    await dealWithDeposits('construction-open-tender');
    await runTask(db, award(2), at('2026-03-05'));
    const before = await dumpDatabase(db);
    const error = await businessErrorOf(runTask(db, refundUnsuccessful(), at('2026-03-06')));
    expect(error).toMatchObject({ code: 'UNSUCCESSFUL_REFUND_NOT_APPLICABLE', nonRetryable: true, details: { procedureKind: 'construction-open-tender' } });
    expect(error.message.zh).toContain('第五十七条');
    expect(await dumpDatabase(db)).toEqual(before);
  });
});
