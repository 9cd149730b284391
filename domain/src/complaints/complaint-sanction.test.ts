import { withCheckCharacter } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { activeSanction } from '../credit/sanctions';

const RIGGER = { creditCode: withCheckCharacter('91990100MA5000001'), name: '围标示范建设有限公司' };
const COMPLAINANT = { creditCode: withCheckCharacter('91990100MA5000002'), name: '投诉人建设有限公司' };

const accept: TaskCall = {
  type: 'registration.acceptDeal', nodeId: 'accept',
  input: {
    title: '东湖市体育中心改造工程', procedureKind: 'construction-open-tender', estimateFen: 500_000_000,
    tenderee: { creditCode: withCheckCharacter('91990100MA5000003'), name: '东湖市体育局' }, sections: [{ name: '施工', estimateFen: 500_000_000 }],
  },
};
const register: TaskCall = { type: 'registration.registerBidder', nodeId: 'register', input: { sectionCode: `${DEAL}-01`, bidder: RIGGER } };
const file: TaskCall = { type: 'complaints.file', workflowId: 'wf-complaint', input: { complaintNo: 'TS-77', complainant: COMPLAINANT, grounds: '第一、第二中标候选人投标文件由同一人编制，属串通投标。', knownOn: '2026-03-01' } };
const acceptComplaint: TaskCall = { type: 'complaints.accept', workflowId: 'wf-complaint', input: { complaintNo: 'TS-77', accepted: true, reason: '符合受理条件' } };
const decide = (input: Record<string, unknown>): TaskCall => ({
  type: 'complaints.decide', workflowId: 'wf-complaint', key: `wf-complaint:decide#${JSON.stringify(input).length}`,
  input: { complaintNo: 'TS-77', decision: 'upheld', text: '经查，投诉人所述属实，认定串通投标。', resumeDeal: false, ...input },
});

describe.each(DATABASES)('a complaint decision that sanctions on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    for (const call of [accept, register, file, acceptComplaint]) await runTask(database.db, call);
  });
  afterEach(async () => { await database.close(); });

  test('an upheld complaint bars the subject it names for the months it gives, everywhere (一处失信，处处受限)', async () => {
    expect(await activeSanction(database.db, RIGGER.creditCode, PINNED_NOW)).toBeNull();
    const answer = await runTask(database.db, decide({ sanctionCreditCode: RIGGER.creditCode, sanctionMeasure: 'bar_from_bidding', sanctionLegalBasis: '招标投标法 第五十三条', sanctionMonths: 12 }));
    expect(answer.variables).toEqual({ complaintDecision: 'upheld', dealResumed: false });
    const sanction = await activeSanction(database.db, RIGGER.creditCode, PINNED_NOW);
    expect(sanction).toMatchObject({ measure: 'bar_from_bidding', decided_by_region: '990100', legal_basis: '招标投标法 第五十三条', valid_until: '2027-03-02T01:00:00.000Z' });
    expect(await activeSanction(database.db, RIGGER.creditCode, new Date('2027-03-02T01:00:01.000Z'))).toBeNull();
    const row = await database.db('credit_sanctions').first();
    expect(row).toMatchObject({ source: 'complaint', external_id: `TS-77:${RIGGER.creditCode}` });
    const event = await database.db('supervision_events').where('kind', 'complaint.decided').first();
    expect(JSON.parse(event.payload).sanction).toMatchObject({ creditCode: RIGGER.creditCode, measure: 'bar_from_bidding' });
    // and the barred subject can no longer take part in a deal anywhere in the province
    const another: TaskCall = { ...register, workflowId: 'wf-other', dealCode: DEAL, input: { sectionCode: `${DEAL}-01`, bidder: { ...RIGGER } }, key: 'wf-other:register#2' };
    await database.db('bids').delete();
    expect((await businessErrorOf(runTask(database.db, another))).code).toBe('CREDIT_SANCTIONED');
  });

  test('a sanction needs an upheld decision, all its fields and a subject in the library; refused ones write nothing', async () => {
    const before = await dumpDatabase(database.db);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ decision: 'dismissed', sanctionCreditCode: RIGGER.creditCode, sanctionMeasure: 'warning', sanctionLegalBasis: 'x', sanctionMonths: 1 }, 'INVALID_INPUT'],
      [{ sanctionCreditCode: RIGGER.creditCode, sanctionMeasure: 'warning' }, 'INVALID_INPUT'],
      [{ sanctionCreditCode: RIGGER.creditCode, sanctionMeasure: 'warning', sanctionLegalBasis: 'x', sanctionMonths: 0 }, 'INVALID_INPUT'],
      [{ sanctionCreditCode: withCheckCharacter('91990100MA5000099'), sanctionMeasure: 'warning', sanctionLegalBasis: 'x', sanctionMonths: 1 }, 'SUBJECT_NOT_FOUND'],
    ];
    for (const [input, code] of cases) expect((await businessErrorOf(runTask(database.db, decide(input)))).code).toBe(code);
    expect(await dumpDatabase(database.db)).toEqual(before);
    // the decision form left blank is a decision without a sanction
    const blank = await runTask(database.db, decide({ sanctionCreditCode: '', sanctionMeasure: '', sanctionLegalBasis: ' ', sanctionMonths: null }));
    expect(blank.variables).toEqual({ complaintDecision: 'upheld', dealResumed: false });
    expect(await database.db('credit_sanctions').count({ n: '*' }).first().then((r: { n: number | string }) => Number(r.n))).toBe(0);
  });
});
