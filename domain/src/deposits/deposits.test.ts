import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';
import { LedgerInvariantError, postEntry, toBigInt } from './ledger';

const S1 = `${DEAL}-01`; // 施工, estimate 10,000,000 yuan: cap 200,000 yuan
const S2 = `${DEAL}-02`; // 监理, estimate 2,000,000 yuan: cap 40,000 yuan
const S3 = `${DEAL}-03`; // 勘察, no estimate
const CAP_S1 = 20_000_000;

/** The test deal with a third section that has no estimate. */
const acceptCall: TaskCall = { ...accept, input: { ...accept.input, sections: [...(accept.input.sections as object[]), { name: '勘察' }] } };
const SHARED = '6222999900001111';
const registerCall = (n: number, section = S1, basicAccount?: string): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register:${section}#${n}`,
  input: { sectionCode: section, bidder: { ...bidder(n), basicAccount: basicAccount ?? bidder(n).basicAccount } },
});
const cash = (n: number, amountFen: number, section = S1, payingAccount = bidder(n).basicAccount): TaskCall => ({
  type: 'deposits.collect', nodeId: 'collect', key: `wf-test:collect:${section}#${n}`,
  input: { sectionCode: section, bidder: bidder(n).creditCode, amountFen, payingAccount },
});
const guarantee = (n: number, amountFen: number, section = S1, validity = { validFrom: '2026-02-20', validUntil: '2026-09-30' }): TaskCall => ({
  type: 'deposits.collect', nodeId: 'collect', key: `wf-test:collect:${section}#${n}`,
  input: { sectionCode: section, bidder: bidder(n).creditCode, form: 'guarantee', amountFen, guarantee: { number: `BH2026-${section}-${n}`, issuer: '示范省融资担保有限公司', ...validity } },
});
const refund = (n: number, reason: string, triggeredOn?: string, section = S1, attempt = 1): TaskCall => ({
  type: 'deposits.refund', nodeId: 'refund', key: `wf-test:refund:${section}#${n}.${attempt}`,
  input: { sectionCode: section, bidder: bidder(n).creditCode, reason, ...(triggeredOn ? { triggeredOn } : {}) },
});
const refundAll = (input: Record<string, unknown> = {}, key = 'wf-test:refundAll#1'): TaskCall => ({ type: 'deposits.refundAll', nodeId: 'refundAll', key, input });

/** A clock at a local (China Standard Time) date and hour. */
const at = (date: string, hour = 10) => ({ now: () => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`) });

async function balance(db: Db, accountCode: string): Promise<number> {
  const row = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('a.account_code', accountCode)
    .first(db.raw('coalesce(sum(l.amount_fen), 0) as total'));
  return Number(row.total);
}

async function eventsOf(db: Db, kind?: string): Promise<Array<{ kind: string; payload: Record<string, unknown> }>> {
  const rows = await db('supervision_events').where('deal_code', DEAL).modify((q) => { if (kind) q.where('kind', kind); }).orderBy('seq');
  return rows.map((r: { kind: string; payload: string }) => ({ kind: r.kind, payload: JSON.parse(r.payload) }));
}

async function sumOfAllLines(db: Db): Promise<bigint> {
  return toBigInt((await db('journal_lines').first(db.raw('coalesce(sum(amount_fen), 0) as total'))).total);
}

describe.each(DATABASES)('deposits on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await runTask(db, acceptCall);
    for (const n of [1, 2, 3]) await runTask(db, registerCall(n));
    await runTask(db, registerCall(1, S2));
  });
  afterEach(async () => { await database.close(); });

  test('a cash deposit moves into the section escrow against the bidder payable, and supervision hears of it', async () => {
    const answer = await runTask(db, cash(1, CAP_S1));
    expect(answer.result).toMatchObject({ sectionCode: S1, bidder: bidder(1).creditCode, form: 'cash', amountFen: CAP_S1, sharedAccountWith: [] });
    const deposit = await db('deposits').first();
    expect(deposit).toMatchObject({ form: 'cash', paying_account: bidder(1).basicAccount, guarantee_no: null, collected_key: 'wf-test:collect:' + S1 + '#1' });
    expect(Number(deposit.amount_fen)).toBe(CAP_S1);
    const lines = await db('journal_lines').where('entry_id', deposit.journal_entry_id).orderBy('line_no');
    expect(lines.map((l: { amount_fen: unknown }) => Number(l.amount_fen))).toEqual([CAP_S1, -CAP_S1]);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(CAP_S1);
    expect(await balance(db, `deposit-payable:${S1}:${bidder(1).creditCode}`)).toBe(-CAP_S1);
    const [event] = await eventsOf(db, 'deposit.collected');
    expect(event!.payload).toMatchObject({ taskType: 'deposits.collect', sectionCode: S1, bidder: bidder(1).creditCode, amountFen: CAP_S1, capFen: CAP_S1, payerAccount: bidder(1).basicAccount });
  });

  test('a withdrawal refund pays principal and interest by the statutory day, the interest on its own lines', async () => {
    await runTask(db, cash(1, CAP_S1), at('2026-03-02'));
    // notice received Thursday 03-05: due Tuesday 03-10; paid Monday 03-09 after 7 days of interest (03-02 … 03-08)
    const answer = await runTask(db, refund(1, 'withdrawal', '2026-03-05'), at('2026-03-09'));
    // 20,000,000 fen × 0.35 % × 7 / 360 = 1,361.1 fen → 1,361
    expect(answer.result).toEqual({
      depositId: expect.any(Number), sectionCode: S1, bidder: bidder(1).creditCode, form: 'cash', reason: 'withdrawal', principalFen: CAP_S1,
      interestFen: 1361, interestDays: 7, annualRatePpm: 3500, triggeredOn: '2026-03-05', dueOn: '2026-03-10', refundedOn: '2026-03-09', onTime: true,
    });
    const row = await db('deposit_refunds').first();
    expect(row).toMatchObject({ reason: 'withdrawal', due_on: '2026-03-10', refunded_on: '2026-03-09', interest_days: 7 });
    expect(Boolean(row.on_time)).toBe(true);
    const lines = await db('journal_lines as l').join('ledger_accounts as a', 'a.id', 'l.account_id').where('l.entry_id', row.journal_entry_id)
      .orderBy('l.line_no').select('a.purpose', 'l.amount_fen', 'l.memo');
    expect(lines.map((l: { purpose: string; amount_fen: unknown; memo: string }) => [l.purpose, Number(l.amount_fen), l.memo])).toEqual([
      ['deposit_payable', CAP_S1, 'principal'], ['deposit_escrow', -CAP_S1, 'principal'],
      ['interest_expense', 1361, 'interest'], ['interest_settlement', -1361, 'interest'],
    ]);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(0);
    expect(await balance(db, `deposit-payable:${S1}:${bidder(1).creditCode}`)).toBe(0);
    expect(await balance(db, 'interest-expense:990100')).toBe(1361);
    expect(await sumOfAllLines(db)).toBe(0n);
    const [event] = await eventsOf(db, 'deposit.refunded');
    expect(event!.payload).toMatchObject({ reason: 'withdrawal', principalFen: CAP_S1, interestFen: 1361, dueOn: '2026-03-10', onTime: true, legalBasis: { zh: expect.stringContaining('第三十五条') } });
    expect(await eventsOf(db, 'deposit.refundLate')).toEqual([]);
  });

  test('a period ending on a weekend ends on the next working day; a refund after it is recorded late and reported', async () => {
    await runTask(db, cash(2, 1_000_000), at('2026-03-02'));
    // notice received Monday 03-02: five days end Saturday 03-07, so the refund is due Monday 03-09; paid 03-12
    const answer = await runTask(db, refund(2, 'withdrawal', '2026-03-02'), at('2026-03-12'));
    expect(answer.result).toMatchObject({ dueOn: '2026-03-09', refundedOn: '2026-03-12', onTime: false, interestDays: 10, interestFen: 97 });
    expect(Boolean((await db('deposit_refunds').first()).on_time)).toBe(false);
    const [late] = await eventsOf(db, 'deposit.refundLate');
    expect(late!.payload).toMatchObject({ bidder: bidder(2).creditCode, dueOn: '2026-03-09', refundedOn: '2026-03-12', daysLate: 3 });
  });

  test('an electronic guarantee satisfies the deposit without moving cash, and is released instead of refunded', async () => {
    const answer = await runTask(db, guarantee(3, 5_000_000));
    expect(answer.result).toMatchObject({ form: 'guarantee', amountFen: 5_000_000 });
    const deposit = await db('deposits').first();
    expect(deposit).toMatchObject({ form: 'guarantee', paying_account: null, journal_entry_id: null, guarantee_no: `BH2026-${S1}-3`, guarantee_valid_until: '2026-09-30' });
    expect(await db('journal_entries').count('* as n').first()).toMatchObject({ n: expect.anything() });
    expect(Number((await db('journal_entries').count('* as n').first())!.n)).toBe(0);
    const released = await runTask(db, refund(3, 'termination'), at('2026-03-20'));
    expect(released.result).toMatchObject({ form: 'guarantee', principalFen: 0, interestFen: 0, reason: 'termination', onTime: true });
    expect(await eventsOf(db, 'deposit.guaranteeReleased')).toHaveLength(1);
    expect(Number((await db('journal_lines').count('* as n').first())!.n)).toBe(0);
  });

  test('a paying account another bidder of the section used is recorded and reported to supervision with both bidders', async () => {
    for (const n of [4, 5]) await runTask(db, registerCall(n, S1, SHARED));
    await runTask(db, cash(4, 1_000_000, S1, SHARED));
    expect(await eventsOf(db, 'deposit.sharedAccount')).toEqual([]);
    const answer = await runTask(db, cash(5, 1_000_000, S1, SHARED));
    expect(answer.result).toMatchObject({ sharedAccountWith: [bidder(4).creditCode] });
    expect(Number((await db('deposits').where('paying_account', SHARED).count('* as n').first())!.n)).toBe(2);
    const [shared] = await eventsOf(db, 'deposit.sharedAccount');
    expect(shared!.payload).toMatchObject({
      sectionCode: S1, payerAccount: SHARED, bidder: bidder(5).creditCode, sharedWith: [bidder(4).creditCode],
      bidders: [bidder(4).creditCode, bidder(5).creditCode].sort(), legalBasis: { zh: expect.stringContaining('第四十条第（六）项') },
    });
    // the alert rule reads the same evidence from the trail
    await runTask(db, { type: 'alerts.evaluate', key: 'wf-test:alerts#1', input: { rules: ['SHARED_DEPOSIT_ACCOUNT'] } });
    const alert = await db('supervision_alerts').where({ deal_code: DEAL, rule_id: 'SHARED_DEPOSIT_ACCOUNT' }).first();
    expect(alert.result).toBe('found');
    expect(JSON.parse(alert.evidence).shared).toEqual([{ sectionCode: S1, account: SHARED, bidders: [bidder(4).creditCode, bidder(5).creditCode].sort() }]);
  });

  test('refundAll pays back every deposit still held in the deal, once', async () => {
    await runTask(db, cash(1, CAP_S1), at('2026-03-02'));
    await runTask(db, cash(2, 3_000_000), at('2026-03-02'));
    await runTask(db, guarantee(3, 2_000_000));
    await runTask(db, cash(1, 4_000_000, S2), at('2026-03-03'));
    await runTask(db, refund(2, 'withdrawal', '2026-03-04'), at('2026-03-05'));
    const answer = await runTask(db, refundAll({ triggeredOn: '2026-03-10' }), at('2026-03-12'));
    const result = answer.result as { count: number; principalFen: number; interestFen: number; refunds: Array<{ bidder: string; sectionCode: string; reason: string }> };
    expect(result.count).toBe(3);
    expect(result.principalFen).toBe(CAP_S1 + 4_000_000);
    expect(result.refunds.map((r) => [r.sectionCode, r.bidder, r.reason])).toEqual([
      [S1, bidder(1).creditCode, 'termination'], [S1, bidder(3).creditCode, 'termination'], [S2, bidder(1).creditCode, 'termination'],
    ]);
    expect(Number((await db('deposit_refunds').count('* as n').first())!.n)).toBe(4);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(0);
    expect(await balance(db, `deposit-escrow:${S2}`)).toBe(0);
    expect(await sumOfAllLines(db)).toBe(0n);
    const again = await runTask(db, refundAll({}, 'wf-test:refundAll#2'), at('2026-03-13'));
    expect(again.result).toMatchObject({ count: 0, principalFen: 0, refunds: [] });
    expect((await eventsOf(db, 'deposits.refundedAll')).map((e) => e.payload.count)).toEqual([3, 0]);
  });

  test('after the award, the winner and the losers are refunded within 5 days of the contract (§57), each on the right side of it', async () => {
    for (const n of [1, 2, 3]) await runTask(db, cash(n, 1_000_000), at('2026-03-02'));
    await runTask(db, { type: 'awards.issueNotice', key: 'wf-test:award#1', input: { sectionCode: S1, winner: bidder(2).creditCode, priceFen: 900_000_000 } }, at('2026-03-20'));
    const before = await dumpDatabase(db);
    for (const [call, code] of [
      [refund(1, 'winner', '2026-03-25'), 'REFUND_REASON_MISMATCH'], [refund(2, 'loser', '2026-03-25'), 'REFUND_REASON_MISMATCH'],
      [refund(2, 'withdrawal', '2026-03-25'), 'REFUND_REASON_MISMATCH'],
    ] as Array<[TaskCall, string]>) {
      expect((await businessErrorOf(runTask(db, call, at('2026-03-26')))).code).toBe(code);
    }
    expect(await dumpDatabase(db)).toEqual(before);
    const winner = await runTask(db, refund(2, 'winner', '2026-03-25'), at('2026-03-27'));
    expect(winner.result).toMatchObject({ reason: 'winner', dueOn: '2026-03-30', onTime: true, interestDays: 25, interestFen: 243 });
    const rest = await runTask(db, refundAll({ reason: 'contractSigned', triggeredOn: '2026-03-25' }), at('2026-04-01'));
    expect((rest.result as { refunds: Array<{ bidder: string; reason: string; onTime: boolean }> }).refunds.map((r) => [r.bidder, r.reason, r.onTime])).toEqual([
      [bidder(1).creditCode, 'loser', false], [bidder(3).creditCode, 'loser', false],
    ]);
    expect((await eventsOf(db, 'deposit.refundLate')).map((e) => e.payload.bidder)).toEqual([bidder(1).creditCode, bidder(3).creditCode]);
    expect(await balance(db, `deposit-escrow:${S1}`)).toBe(0);
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    const calls = [cash(1, CAP_S1), guarantee(2, 1_000), refund(1, 'withdrawal'), refundAll()];
    for (const call of calls) {
      const first = await runTask(db, call);
      const before = await dumpDatabase(db);
      expect(await runTask(db, call, at('2026-03-30'))).toEqual(first);
      expect(await dumpDatabase(db)).toEqual(before);
    }
  });

  test('commit, then fail: the retried run leaves exactly what one clean run leaves', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [
      acceptCall, registerCall(1), registerCall(2), registerCall(3), cash(1, CAP_S1), guarantee(2, 1_000_000), cash(3, 2_000_000),
      refund(1, 'withdrawal'), refundAll(),
    ]);
    expect(outcome.crashes).toBe(9);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(db, cash(1, 1_000_000));
    await runTask(db, cash(2, 1_000_000), at('2026-03-02'));
    await runTask(db, refund(2, 'withdrawal', '2026-03-02'), at('2026-03-03'));
    await runTask(db, registerCall(2, S3));
    const before = await dumpDatabase(db);
    const withInput = (call: TaskCall, input: Record<string, unknown>): TaskCall => ({ ...call, key: `${call.key}:bad`, input: { ...call.input, ...input } });
    const cases: Array<[string, TaskCall, string]> = [
      ['unknown deal', { ...cash(3, 1_000), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      ['no deal', { ...cash(3, 1_000), dealCode: null }, 'DEAL_CODE_MISSING'],
      ['unknown section', cash(3, 1_000, `${DEAL}-09`), 'SECTION_NOT_FOUND'],
      ['negative deposit', cash(3, -1), 'INVALID_INPUT'],
      ['zero deposit', cash(3, 0), 'INVALID_INPUT'],
      ['fractional fen', cash(3, 10.5), 'INVALID_INPUT'],
      ['cash without its account', withInput(cash(3, 1_000), { payingAccount: undefined }), 'INVALID_INPUT'],
      ['guarantee with an account', withInput(guarantee(3, 1_000), { payingAccount: SHARED }), 'INVALID_INPUT'],
      ['guarantee ending before it starts', guarantee(3, 1_000, S1, { validFrom: '2026-04-01', validUntil: '2026-03-01' }), 'INVALID_INPUT'],
      ['no such date', guarantee(3, 1_000, S1, { validFrom: '2026-02-30', validUntil: '2026-09-01' }), 'INVALID_INPUT'],
      ['bad credit code', withInput(cash(3, 1_000), { bidder: '91990100MA00000019' }), 'INVALID_INPUT'],
      ['over the 2 % cap', cash(3, CAP_S1 + 1), 'DEPOSIT_OVER_CAP'],
      ['section without estimate', cash(2, 1_000, S3), 'SECTION_ESTIMATE_MISSING'],
      ['bidder not registered', cash(9, 1_000), 'BIDDER_NOT_REGISTERED'],
      ['not the basic account', cash(3, 1_000, S1, SHARED), 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT'],
      ['expired guarantee', guarantee(3, 1_000, S1, { validFrom: '2026-01-01', validUntil: '2026-03-01' }), 'GUARANTEE_EXPIRED'],
      ['guarantee not yet valid', guarantee(3, 1_000, S1, { validFrom: '2026-03-03', validUntil: '2026-09-01' }), 'GUARANTEE_NOT_YET_VALID'],
      ['second deposit', { ...cash(1, 1_000), key: 'wf-test:collect-again#1' }, 'DEPOSIT_ALREADY_COLLECTED'],
      ['refund of a deposit never made', refund(3, 'withdrawal'), 'DEPOSIT_NOT_FOUND'],
      ['refund of an unknown bidder', refund(9, 'termination'), 'DEPOSIT_NOT_FOUND'],
      ['double refund', refund(2, 'termination', undefined, S1, 2), 'DEPOSIT_ALREADY_REFUNDED'],
      ['unknown reason', withInput(refund(1, 'withdrawal'), { reason: 'generosity' }), 'INVALID_INPUT'],
      ['winner refund without the contract day', refund(1, 'winner'), 'INVALID_INPUT'],
      ['winner refund without an award', refund(1, 'winner', '2026-03-01'), 'AWARD_NOT_ISSUED'],
      ['loser refund without an award', refund(1, 'loser', '2026-03-01'), 'AWARD_NOT_ISSUED'],
      ['clock starting in the future', refund(1, 'withdrawal', '2026-03-05'), 'REFUND_DATE_INVALID'],
      ['refundAll of an unknown section', refundAll({ sectionCode: `${DEAL}-09` }), 'SECTION_NOT_FOUND'],
      ['refundAll after a contract without an award', refundAll({ reason: 'contractSigned', triggeredOn: '2026-03-01' }), 'AWARD_NOT_ISSUED'],
      ['refundAll after a contract without its day', refundAll({ reason: 'contractSigned' }), 'INVALID_INPUT'],
      ['refundAll of an unknown deal', { ...refundAll(), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
    ];
    for (const [what, call, code] of cases) {
      const error = await businessErrorOf(runTask(db, call));
      expect({ what, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ what, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(db)).toEqual(before);
    await db('deals').where('deal_code', DEAL).update({ status: 'terminated' });
    expect((await businessErrorOf(runTask(db, cash(3, 1_000)))).code).toBe('DEAL_TERMINATED');
  });

  test('the database refuses an unbalanced entry, an edited or deleted line, and a second refund of a deposit', async () => {
    await runTask(db, cash(1, 1_000_000), at('2026-03-02'));
    await runTask(db, refund(1, 'withdrawal', '2026-03-02'), at('2026-03-03'));
    const before = await dumpDatabase(db);
    const [account] = await db('ledger_accounts').orderBy('id').pluck('id');
    const deal = await db('deals').first('id');
    const unbalanced = db.transaction(async (trx) => {
      const [row] = await trx('journal_entries').insert({
        entry_key: 'forged', kind: 'deposit.collect', deal_id: deal.id, line_count: 2, memo: 'forged', activity_key: 'forged', posted_at: PINNED_NOW.toISOString(),
      }).returning('id');
      const entryId = row.id ?? row;
      await trx('journal_lines').insert({ entry_id: entryId, line_no: 1, account_id: account, amount_fen: 500, memo: 'principal' });
      await trx('journal_lines').insert({ entry_id: entryId, line_no: 2, account_id: account, amount_fen: -499, memo: 'principal' });
    });
    await expect(unbalanced).rejects.toMatchObject({ message: expect.stringMatching(/balance/) });
    await expect(db('journal_lines').where('line_no', 1).update({ amount_fen: 1 })).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
    await expect(db('journal_lines').where('line_no', 2).del()).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
    await expect(db('journal_entries').del()).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
    await expect(db('deposit_refunds').update({ principal_fen: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
    const refunded = await db('deposit_refunds').first();
    await expect(db('deposit_refunds').insert({ ...refunded, id: undefined, refunded_key: 'again' })).rejects.toMatchObject({ message: expect.stringMatching(/unique|UNIQUE/) });
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('an entry with fewer lines than it declares, or with lines beyond, never commits', async () => {
    const [account] = await db('ledger_accounts').insert({
      account_code: 'probe', kind: 'asset', purpose: 'deposit_escrow', region_code: '990100', name: 'probe', created_at: PINNED_NOW.toISOString(),
    }).returning('id');
    const accountId = account.id ?? account;
    const deal = await db('deals').first('id');
    const entry = (trx: Db, key: string, lineCount: number) => trx('journal_entries').insert({
      entry_key: key, kind: 'deposit.collect', deal_id: deal.id, line_count: lineCount, memo: key, activity_key: key, posted_at: PINNED_NOW.toISOString(),
    }).returning('id').then(([row]) => row.id ?? row);
    const beyond = db.transaction(async (trx) => {
      const id = await entry(trx, 'beyond', 2);
      await trx('journal_lines').insert([1, 2, 3].map((n) => ({ entry_id: id, line_no: n, account_id: accountId, amount_fen: n === 1 ? 1 : n === 2 ? -1 : 5, memo: 'principal' })));
    });
    await expect(beyond).rejects.toMatchObject({ message: expect.stringMatching(database.kind === 'postgres' ? /3 lines, declared 2/ : /beyond/) });
    if (database.kind === 'postgres') {
      // PostgreSQL checks at commit that the declared lines are all there; on SQLite postEntry checks it (next test).
      await expect(db.transaction(async (trx) => { await entry(trx, 'empty', 2); })).rejects.toMatchObject({ message: expect.stringMatching(/0 lines, declared 2/) });
    }
    expect(Number((await db('journal_entries').count('* as n').first())!.n)).toBe(0);
  });

  test('a balanced entry that drains the escrow behind the deposits\' back stops the next deposit movement (checked in its transaction)', async () => {
    await runTask(db, cash(1, 1_000_000));
    const escrow = await db('ledger_accounts').where('account_code', `deposit-escrow:${S1}`).first('id');
    const deal = await db('deals').first('id');
    await db.transaction(async (trx) => {
      const [row] = await trx('journal_entries').insert({
        entry_key: 'drain', kind: 'deposit.refund', deal_id: deal.id, line_count: 2, memo: 'drain', activity_key: 'drain', posted_at: PINNED_NOW.toISOString(),
      }).returning('id');
      const [other] = await trx('ledger_accounts').insert({
        account_code: 'elsewhere', kind: 'asset', purpose: 'interest_settlement', region_code: '990100', name: 'elsewhere', created_at: PINNED_NOW.toISOString(),
      }).returning('id');
      await trx('journal_lines').insert([
        { entry_id: row.id ?? row, line_no: 1, account_id: escrow.id, amount_fen: -500, memo: 'principal' },
        { entry_id: row.id ?? row, line_no: 2, account_id: other.id ?? other, amount_fen: 500, memo: 'principal' },
      ]);
    });
    const before = await dumpDatabase(db);
    await expect(runTask(db, cash(2, 1_000_000))).rejects.toMatchObject({ message: expect.stringMatching(/ledger invariant broken: escrow of .* holds 1999500 fen, deposits say 2000000 fen/) });
    await expect(runTask(db, refund(1, 'withdrawal'))).rejects.toBeInstanceOf(LedgerInvariantError);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('postEntry refuses an unbalanced entry before writing (the application check on both databases)', async () => {
    const deal = await db('deals').first('id');
    const section = await db('sections').first('id');
    const post = (lines: Array<{ accountId: number; amountFen: number; memo: 'principal' }>) => db.transaction((trx) => postEntry(trx, {
      entryKey: `app-${lines.length}-${lines[0]?.amountFen}`, kind: 'deposit.collect', dealId: deal.id, sectionId: section.id, memo: 'test', activityKey: 'test', postedAt: PINNED_NOW, lines,
    }));
    await expect(post([{ accountId: 1, amountFen: 5, memo: 'principal' }, { accountId: 1, amountFen: -4, memo: 'principal' }])).rejects.toBeInstanceOf(LedgerInvariantError);
    await expect(post([{ accountId: 1, amountFen: 0, memo: 'principal' }, { accountId: 1, amountFen: 0, memo: 'principal' }])).rejects.toBeInstanceOf(LedgerInvariantError);
    await expect(post([{ accountId: 1, amountFen: 1, memo: 'principal' }])).rejects.toBeInstanceOf(LedgerInvariantError);
    expect(Number((await db('journal_entries').count('* as n').first())!.n)).toBe(0);
  });
});
