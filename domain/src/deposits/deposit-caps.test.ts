// The deposit cap follows the procedure: 2% of the estimate under the tendering regulations (§26) and under the
// procurement regulations (§33); a land listing's deposit is set by its notice, with no statutory cap.
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, businessErrorOf, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';

const S1 = `${DEAL}-01`; // estimate 10,000,000 yuan
const register: TaskCall = { type: 'registration.registerBidder', nodeId: 'register', input: { sectionCode: S1, bidder: bidder(1) } };
const collect = (amountFen: number): TaskCall => ({
  type: 'deposits.collect', nodeId: 'collect', input: { sectionCode: S1, bidder: bidder(1).creditCode, amountFen, payingAccount: bidder(1).basicAccount },
});

describe.each(DATABASES)('deposit caps on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });
  const open = async (procedureKind: string) => {
    await runTask(database.db, { ...accept, input: { ...accept.input, procedureKind } });
    await runTask(database.db, register);
  };

  test('government procurement: over 2% of the budget is refused, citing the procurement regulations', async () => {
    await open('government-procurement-open');
    const refused = await businessErrorOf(runTask(database.db, collect(20_000_001)));
    expect(refused).toMatchObject({ code: 'DEPOSIT_OVER_CAP', details: { capFen: 20_000_000 } });
    expect(refused.message.zh).toContain('《政府采购法实施条例》第三十三条');
    expect(Number((await database.db('deposits').count('* as n').first())!.n)).toBe(0);
    await runTask(database.db, collect(20_000_000));
  });

  test('land listing: the notice sets the deposit, so 20% of the estimate is accepted', async () => {
    await open('land-listing');
    await runTask(database.db, collect(200_000_000));
    const event = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'deposit.collected' }).first('payload');
    expect(JSON.parse(event.payload)).toMatchObject({ amountFen: 200_000_000, capFen: null });
  });

  test('construction: over 2% is refused under the tendering regulations', async () => {
    await open('construction-open-tender');
    const refused = await businessErrorOf(runTask(database.db, collect(20_000_001)));
    expect(refused.message.zh).toContain('《招标投标法实施条例》第二十六条');
  });
});
