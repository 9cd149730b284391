// 专家抽取 on both databases: the draw and its 回避 rules, the sealed list, notification, replacement by backups,
// unsealing, and the auditor's replay.
import { createHash } from 'node:crypto';
import { withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { seedSource } from './draw-stream';
import { digestOf, memberIdentities } from './draw-records';
import { defaultListSealer, openValue, sealedAad } from './list-seal';
import {
  addSpecialties, declareRelation, enrolExpert, readDrawMembers, recordExpertAnswer, sanctionExpert, setDrawPolicy, verifyDraw,
  type ExpertEnrolment,
} from '.';

const TENDEREE = { creditCode: withCheckCharacter('91990100MA0000101'), name: '东湖市教育投资有限公司' };
const AGENT = { creditCode: withCheckCharacter('91990100MA0000102'), name: '东湖公正招标代理有限公司' };
const bidder = (n: number) => ({ creditCode: withCheckCharacter(`91990100MA2${String(n).padStart(6, '0')}`), name: `投标人${n}建工集团有限公司` });
const DEAL2 = '990100-2026-JS-00002';
const DEAL3 = '990100-2026-JS-00003';
const TITLE = '东湖市第二实验小学综合楼新建工程';

const accept = (dealCode = DEAL, workflowId = 'wf-test'): TaskCall => ({
  type: 'registration.acceptDeal', nodeId: 'accept', dealCode, workflowId,
  input: { title: TITLE, procedureKind: 'construction-open-tender', tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工' }, { name: '监理' }] },
});
const register = (n: number, section: string, dealCode = DEAL, workflowId = 'wf-test'): TaskCall => ({
  type: 'registration.registerBidder', nodeId: 'register', key: `${workflowId}:register#${n}`, dealCode, workflowId,
  input: { sectionCode: section, bidder: bidder(n) },
});
const REQUEST = {
  committeeSize: 5,
  specialties: [{ specialtyCode: 'A01', count: 4, backups: 2 }, { specialtyCode: 'B01', count: 1, backups: 1, kind: 'economic' }],
};
const draw = (input: Record<string, unknown> = REQUEST, dealCode = DEAL, workflowId = 'wf-test'): TaskCall => ({ type: 'experts.draw', nodeId: 'draw', dealCode, workflowId, input });
const EVALUATION = { evaluationAt: '2026-03-03T09:00:00+08:00', venue: '东湖市公共资源交易中心三楼第2评标室' };
const notify = (drawId: number, extra: Record<string, unknown> = {}): TaskCall => ({ type: 'experts.notify', nodeId: 'notify', input: { drawId, ...EVALUATION, ...extra } });
const replace = (drawId: number, n = 1): TaskCall => ({ type: 'experts.replace', nodeId: 'replace', key: `wf-test:replace#${n}`, input: { drawId } });
const unseal = (drawId: number): TaskCall => ({ type: 'experts.unseal', nodeId: 'unseal', input: { drawId } });
const minutes = (n: number) => new Date(PINNED_NOW.getTime() + n * 60_000);

const technical = (code: string, specialties: string[], extra: Partial<ExpertEnrolment> = {}): ExpertEnrolment => ({
  expertCode: code, name: `专家${code}`, kind: 'technical', regionCode: '990100', mobile: `139${code.replace(/\D/g, '').padStart(8, '0')}`,
  specialties, ...extra,
});

/** The library every test draws from (see the comments for who is a candidate and who may sit). */
async function buildLibrary(db: Db): Promise<void> {
  await addSpecialties(db, [
    { code: 'A', parentCode: null, name: '工程建设' },
    { code: 'A01', parentCode: 'A', name: '房屋建筑工程' },
    { code: 'A0101', parentCode: 'A01', name: '土建' },
    { code: 'A0102', parentCode: 'A01', name: '安装' },
    { code: 'A02', parentCode: 'A', name: '市政公用工程' },
    { code: 'A0201', parentCode: 'A02', name: '道路与桥梁' },
    { code: 'B', parentCode: null, name: '经济' },
    { code: 'B01', parentCode: 'B', name: '工程造价' },
  ]);
  const experts: ExpertEnrolment[] = [
    // eligible A01 candidates
    technical('E001', ['A0101']), technical('E002', ['A0101']), technical('E003', ['A0102']), technical('E004', ['A0102']),
    technical('E005', ['A0101', 'A0102']), technical('E006', ['A01']),
    technical('E101', ['A0101'], { employer: TENDEREE }), // same employer as the tenderee
    technical('E102', ['A0101'], { employer: bidder(1) }), // employed by a bidder of section 01
    technical('E103', ['A0101']), // declared relative at the agent
    technical('E104', ['A0102']), // relation with bidder 2 that has expired: may sit
    technical('E105', ['A0101']), // suspended now
    technical('E106', ['A0101']), // suspension over: may sit
    technical('E108', ['A0101'], { mobile: null }), // cannot be reached
    technical('E109', ['A0101'], { status: 'retired' }), // not a candidate
    technical('E110', ['A0101'], { regionCode: '990200' }), // another city: a candidate only with a provincial scope
    technical('E111', ['A0201']), // another subtree
    technical('E112', ['A0102'], { employer: bidder(3) }), // employed by the bidder of section 02 only
    { ...technical('B001', ['B01']), kind: 'economic' }, { ...technical('B002', ['B01']), kind: 'economic' },
    { ...technical('B003', ['B01']), kind: 'economic' },
    technical('B004', ['B01']), // a technical expert in an economic specialty: not asked for
  ];
  for (const e of experts) await enrolExpert(db, e);
  await declareRelation(db, { expertCode: 'E103', subjectCreditCode: AGENT.creditCode, relation: 'relative', declaredAt: new Date('2025-01-01T00:00:00Z') });
  await declareRelation(db, { expertCode: 'E104', subjectCreditCode: bidder(2).creditCode, relation: 'former_employee', declaredAt: new Date('2020-01-01T00:00:00Z'), validUntil: new Date('2025-01-01T00:00:00Z') });
  await sanctionExpert(db, { expertCode: 'E105', measure: 'suspension', reason: '评标中未客观公正履行职责', decidedByRegion: '990200', validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-07-01T00:00:00Z') });
  await sanctionExpert(db, { expertCode: 'E106', measure: 'suspension', reason: '无故缺席评标', decidedByRegion: '990100', validFrom: new Date('2025-01-01T00:00:00Z'), validUntil: new Date('2025-07-01T00:00:00Z') });
}

/** Deal with its sections, bidders 1 and 2 on section 01 and bidder 3 on section 02, and the expert library. */
async function prepare(db: Db): Promise<void> {
  await runTask(db, accept());
  await runTask(db, register(1, `${DEAL}-01`));
  await runTask(db, register(2, `${DEAL}-01`));
  await runTask(db, register(3, `${DEAL}-02`));
  await buildLibrary(db);
}

/** The codes of a draw's experts, opened from the sealed list with the worker's keys while the draw is sealed. */
const codesOf = async (db: Db, drawId: number, where: Record<string, unknown> = {}) => {
  const rows = await db('expert_draw_members as m').where({ 'm.draw_id': drawId, ...where }).orderBy(['m.group_no', 'm.rank']).select('m.id');
  const draw = await db('expert_draws').where('id', drawId).first('sealed_data_key');
  const experts = new Map((await memberIdentities(db, { id: drawId, sealed_data_key: draw.sealed_data_key }, defaultListSealer(), rows.map((r: { id: number }) => Number(r.id))))
    .map((m) => [m.memberId, m.expertId]));
  const codes = new Map((await db('experts').whereIn('id', [...experts.values()]).select('id', 'expert_code')).map((e: { id: number; expert_code: string }) => [Number(e.id), e.expert_code]));
  return rows.map((r: { id: number }) => codes.get(experts.get(Number(r.id))!)!);
};

/** The seed of a draw: in clear once unsealed, else opened with the worker's keys. */
const seedOf = async (db: Db, drawId: number): Promise<string> => {
  const row = await db('expert_draws').where('id', drawId).first('seed', 'sealed_seed', 'sealed_data_key');
  return row.seed ?? openValue(defaultListSealer().unwrap(drawId, row.sealed_data_key), sealedAad.seed(drawId), row.sealed_seed);
};

/** A dump with every sealed value replaced by what it opens to (random keys and IVs differ from run to run). */
function opened(dump: unknown): unknown {
  const tables = dump as Record<string, Array<Record<string, unknown>>>;
  const keys = new Map<number, Buffer>();
  // the digest the triggers keep is that of the sealed draws' ids and stamps as they stand (migration 036)
  if (tables.expert_sealed_digest) {
    const expected = new Map<number, number[]>();
    for (const d of tables.expert_draws ?? []) {
      if (d.status !== 'sealed' || typeof d.sealed_data_key !== 'string') continue;
      const [a, b] = digestOf(Number(d.id), String(d.list_stamp));
      const [n0, a0, b0] = expected.get(Number(d.id) % 64) ?? [0, 0, 0];
      expected.set(Number(d.id) % 64, [n0! + 1, a0! + a, b0! + b]);
    }
    for (const row of tables.expert_sealed_digest) expect([row.n, row.a, row.b].map(Number)).toEqual(expected.get(Number(row.shard)) ?? [0, 0, 0]);
    tables.expert_sealed_digest = [];
  }
  for (const d of tables.expert_draws ?? []) {
    d.list_stamp = 'stamp'; // a fresh value at each change of the members, never reused (migration 032)
    if (typeof d.sealed_data_key !== 'string') continue;
    const id = Number(d.id);
    keys.set(id, defaultListSealer().unwrap(id, d.sealed_data_key));
    d.sealed_data_key = 'wrapped';
    d.sealed_seed = openValue(keys.get(id)!, sealedAad.seed(id), String(d.sealed_seed));
  }
  for (const m of tables.expert_draw_members ?? []) {
    if (typeof m.sealed_expert === 'string') m.sealed_expert = openValue(keys.get(Number(m.draw_id))!, sealedAad.member(Number(m.draw_id), Number(m.group_no), Number(m.rank)), m.sealed_expert);
  }
  for (const n of tables.expert_notifications ?? []) {
    if (typeof n.sealed_message === 'string') n.sealed_message = openValue(keys.get(Number(n.draw_id))!, sealedAad.message(Number(n.draw_id), String(n.idempotency_key)), n.sealed_message);
  }
  return tables;
}

const FIXED_SEED = Buffer.alloc(32, 0x5a);

describe.each(DATABASES)('expert draw on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    await prepare(db);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await database.close();
  });

  test('draws principals and ranked backups from those who may sit, seals the list and records seed and snapshot', async () => {
    const answer = await runTask(db, draw());
    const drawId = answer.variables!.expertDrawId as number;
    // the process sees the draw id and counts, never who
    expect(answer.variables).toEqual({ expertDrawId: drawId, expertDrawPrincipals: 5, expertDrawBackups: 3 });
    const row = await db('expert_draws').where('id', drawId).first();
    // pools: A01 in 东湖市 holds 15 (the retired E109 included), B01 holds 4 (the technical B004 included)
    expect(row).toMatchObject({ status: 'sealed', committee_size: 5, tenderee_representatives: 0, principals: 5, backups: 3, candidates: 19 });
    expect(row.reached).toBeGreaterThanOrEqual(8);
    const seed = await seedOf(db, drawId);
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(row.seed_commitment).toBe(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'));
    const snapshot = (await db('expert_draw_snapshots').where('draw_id', drawId).first()).snapshot;
    expect(createHash('sha256').update(snapshot).digest('hex')).toBe(row.snapshot_hash);

    const a01 = await codesOf(db, drawId, { 'm.group_no': 1 });
    const b01 = await codesOf(db, drawId, { 'm.group_no': 2 });
    expect(a01).toHaveLength(6);
    expect(new Set(a01).size).toBe(6);
    for (const code of a01) expect(['E001', 'E002', 'E003', 'E004', 'E005', 'E006', 'E104', 'E106']).toContain(code);
    expect(b01).toHaveLength(2);
    for (const code of b01) expect(['B001', 'B002', 'B003']).toContain(code);
    const members = await db('expert_draw_members').where('draw_id', drawId).orderBy(['group_no', 'rank']);
    expect(members.map((m: { role: string; status: string; seat_no: number | null }) => [m.role, m.status, m.seat_no])).toEqual([
      ['principal', 'invited', 1], ['principal', 'invited', 2], ['principal', 'invited', 3], ['principal', 'invited', 4],
      ['backup', 'standby', null], ['backup', 'standby', null], ['principal', 'invited', 5], ['backup', 'standby', null],
    ]);
    // frequency accounting: an engagement row would say who was drawn; they are written at the unseal
    expect(await db('expert_engagements').where('draw_id', drawId)).toEqual([]);

    const events = await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.drawn' });
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0].payload);
    expect(payload).toMatchObject({
      drawId, principals: 5, backups: 3, seedCommitment: row.seed_commitment, snapshotHash: row.snapshot_hash, sectionCodes: [`${DEAL}-01`, `${DEAL}-02`],
      groups: [{ groupNo: 1, specialtyCode: 'A01', pool: 15, count: 4, backups: 2 }, { groupNo: 2, specialtyCode: 'B01', pool: 4, kind: 'economic' }],
    });
    // every candidate reached is either drawn or excluded for a reason
    for (const [i, group] of payload.groups.entries()) {
      const skipped = Object.values(group.excluded as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(group.reached - skipped).toBe([6, 2][i]);
    }
    expect(payload.groups[0].reached + payload.groups[1].reached).toBe(row.reached);
    // nobody is named anywhere the portal shows: not in the event, the answer or the activity record
    const visible = JSON.stringify([payload, answer, await db('activity_runs').where('task_type', 'experts.draw')]);
    for (const code of [...a01, ...b01]) {
      expect(visible).not.toContain(`专家${code}`);
      expect(visible).not.toContain(`"${code}"`);
    }
    expect(visible).not.toContain(seed);
    // a replay before the unseal would reveal the list
    expect((await asBusinessError(verifyDraw(db, drawId))).code).toBe('DRAW_SEALED');
    await runTask(db, notify(drawId));
    await confirmAll(db, drawId);
    await runTask(db, unseal(drawId));
    expect(await verifyDraw(db, drawId)).toEqual({ drawId, ok: true, seedMatchesCommitment: true, snapshotMatchesHash: true, membersMatch: true, problems: [] });
    // frequency accounting after the unseal: one engagement per invited principal
    const engaged = await db('expert_engagements').where('draw_id', drawId).orderBy('member_id');
    expect(engaged.map((e: { member_id: number }) => Number(e.member_id))).toEqual(members.filter((m: { role: string }) => m.role === 'principal').map((m: { id: number }) => Number(m.id)));
  });

  test('the expert library refuses bad entries with typed errors and writes nothing', async () => {
    const before = await dumpDatabase(db);
    const refusals: Array<[() => Promise<unknown>, string]> = [
      [() => addSpecialties(db, [{ code: 'C', parentCode: null, name: '水利' }, { code: 'C01', parentCode: 'Z', name: '水工' }]), 'SPECIALTY_NOT_FOUND'],
      [() => addSpecialties(db, [{ code: 'bad code!', parentCode: null, name: 'x' }]), 'INVALID_INPUT'],
      [() => enrolExpert(db, technical('E900', ['Z01'])), 'SPECIALTY_NOT_FOUND'],
      [() => enrolExpert(db, technical('E901', ['A0101'], { regionCode: '990800' })), 'REGION_NOT_FOUND'],
      [() => enrolExpert(db, technical('E902', ['A0101'], { mobile: '12345' })), 'INVALID_INPUT'],
      [() => enrolExpert(db, technical('E903', [])), 'INVALID_INPUT'],
      [() => enrolExpert(db, technical('E904', ['A0101'], { employer: { creditCode: '91990100MA00000019', name: '假企业' } })), 'INVALID_INPUT'],
      [() => declareRelation(db, { expertCode: 'E999', subjectCreditCode: AGENT.creditCode, relation: 'relative', declaredAt: PINNED_NOW }), 'EXPERT_NOT_FOUND'],
      [() => declareRelation(db, { expertCode: 'E001', subjectCreditCode: withCheckCharacter('91990100MA9999999'), relation: 'relative', declaredAt: PINNED_NOW }), 'SUBJECT_NOT_FOUND'],
      [() => sanctionExpert(db, { expertCode: 'E001', measure: 'suspension', reason: 'x', decidedByRegion: '990100', validFrom: PINNED_NOW, validUntil: PINNED_NOW }), 'INVALID_INPUT'],
      [() => setDrawPolicy(db, { scope: '990100', maxDraws: 0, windowDays: 30 }), 'INVALID_INPUT'],
    ];
    for (const [attempt, code] of refusals) expect((await asBusinessError(attempt())).code).toBe(code);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('the draw is a pure function of the recorded snapshot and seed; a fresh seed is drawn every time', async () => {
    const spy = jest.spyOn(seedSource, 'fresh').mockReturnValue(FIXED_SEED);
    const first = (await runTask(db, draw())).variables!.expertDrawId as number;
    const firstOrder = await codesOf(db, first);
    // the same library and seed on another deal (same parties) give the same order
    await runTask(db, accept(DEAL2, 'wf-2'));
    await runTask(db, register(1, `${DEAL2}-01`, DEAL2, 'wf-2'));
    await runTask(db, register(2, `${DEAL2}-01`, DEAL2, 'wf-2'));
    await runTask(db, register(3, `${DEAL2}-02`, DEAL2, 'wf-2'));
    // forget the first draw's invitations so both see the same pool (a sealed draw's invitations count)
    await db('expert_draws').where('id', first).update({ status: 'unsealed' });
    const second = (await runTask(db, draw(REQUEST, DEAL2, 'wf-2'))).variables!.expertDrawId as number;
    expect(await codesOf(db, second)).toEqual(firstOrder);
    spy.mockRestore();

    // without the test's seed, every draw gets a fresh one from the CSPRNG
    await db('expert_draws').update({ status: 'unsealed' });
    await runTask(db, accept(DEAL3, 'wf-3'));
    const wide = { committeeSize: 5, specialties: [{ specialtyCode: 'A', count: 5, backups: 0 }], regionCodes: ['990000'] };
    const a = (await runTask(db, draw(wide, DEAL3, 'wf-3'))).variables!.expertDrawId as number;
    await db('expert_draws').update({ status: 'unsealed' });
    const b = (await runTask(db, { ...draw(wide, DEAL3, 'wf-3'), key: 'wf-3:draw#2' })).variables!.expertDrawId as number;
    const seeds = [await seedOf(db, a), await seedOf(db, b)];
    expect(new Set([...seeds, FIXED_SEED.toString('hex')]).size).toBe(3);
  });

  test('verifyDraw finds a changed member, a changed snapshot and a changed seed', async () => {
    const drawId = (await runTask(db, draw())).variables!.expertDrawId as number;
    await runTask(db, notify(drawId));
    await confirmAll(db, drawId);
    await runTask(db, unseal(drawId));
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: true });
    const members = await db('expert_draw_members').where('draw_id', drawId).orderBy(['group_no', 'rank']);
    // swap the first principal with the first backup of group 1
    const [p, b] = [members[0], members[4]];
    await db.transaction(async (trx) => {
      await trx('expert_draw_members').where('id', p.id).update({ rank: 99 });
      await trx('expert_draw_members').where('id', b.id).update({ rank: p.rank });
      await trx('expert_draw_members').where('id', p.id).update({ rank: b.rank });
    });
    const swapped = await verifyDraw(db, drawId);
    expect(swapped).toMatchObject({ ok: false, membersMatch: false, seedMatchesCommitment: true, snapshotMatchesHash: true });
    expect(swapped.problems.length).toBeGreaterThan(0);

    const { snapshot } = await db('expert_draw_snapshots').where('draw_id', drawId).first();
    await db('expert_draw_snapshots').where('draw_id', drawId).update({ snapshot: snapshot.replace('"maxDraws":6', '"maxDraws":60') });
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: false, snapshotMatchesHash: false });
    await db('expert_draw_snapshots').where('draw_id', drawId).update({ snapshot });
    await db('expert_draws').where('id', drawId).update({ seed: 'ab'.repeat(32) });
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: false, seedMatchesCommitment: false });
  });

  /** Details of the shortfall of a request for more A01 experts than there are: the whole pool is judged. */
  const census = async (input: Record<string, unknown>, dealCode = DEAL, workflowId = 'wf-test', now?: Date) => {
    const error = await businessErrorOf(runTask(db, { ...draw({ committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 4, backups: 20 }, { specialtyCode: 'B01', count: 1, kind: 'economic' }], ...input }, dealCode, workflowId), key: `${workflowId}:census` }, now ? { now: () => now } : {}));
    expect(error.code).toBe('EXPERTS_INSUFFICIENT');
    return error.details as { candidates: number; eligible: number; excluded: Record<string, number> };
  };

  test('the scope of regions and sections decides who is a candidate and who must avoid', async () => {
    expect(await census({})).toMatchObject({ candidates: 15, eligible: 8 });
    // the province: E110 of 西山市 joins the pool
    expect(await census({ regionCodes: ['990000'] })).toMatchObject({ candidates: 16, eligible: 9 });
    expect(await census({ regionCodes: ['990100', '990200'] })).toMatchObject({ candidates: 16, eligible: 9 });
    // only section 01 is evaluated: the bidder of section 02 is no conflict, so its employee E112 may sit
    expect(await census({ sectionCodes: [`${DEAL}-01`] })).toMatchObject({ candidates: 15, eligible: 9, excluded: { employer: 2 } });
    const provincial = await runTask(db, draw({ ...REQUEST, regionCodes: ['990000'] }));
    const row = await db('expert_draws').where('id', provincial.variables!.expertDrawId).first();
    expect(row.candidates).toBe(20);
    const snapshot = JSON.parse((await db('expert_draw_snapshots').where('draw_id', row.id).first()).snapshot);
    expect(snapshot.regionCodes).toEqual(['990000', '990100', '990200']);
    const subjects = async (...codes: string[]) => (await db('subjects').whereIn('credit_code', codes).pluck('id')).map(Number).sort((a: number, b: number) => a - b);
    expect(snapshot.conflictSubjectIds).toEqual(await subjects(TENDEREE.creditCode, AGENT.creditCode, bidder(1).creditCode, bidder(2).creditCode, bidder(3).creditCode));
  });

  test('the frequency cap comes from the region policy and counts invitations within its window', async () => {
    await setDrawPolicy(db, { scope: '990100', maxDraws: 1, windowDays: 30 });
    const first = (await runTask(db, draw())).variables!.expertDrawId as number;
    const principals = await codesOf(db, first, { 'm.role': 'principal' });
    // a deal without bidders: E102 and E112 may sit too, 10 in all, of whom the first draw's 4 principals are capped
    await runTask(db, accept(DEAL2, 'wf-2'));
    expect(await census({}, DEAL2, 'wf-2')).toMatchObject({ candidates: 15, eligible: 6, excluded: { frequency: 4, employer: 1 } });
    const small = { committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 4, backups: 0 }, { specialtyCode: 'B01', count: 1, backups: 1, kind: 'economic' }] };
    const second = (await runTask(db, draw(small, DEAL2, 'wf-2'))).variables!.expertDrawId as number;
    const drawn = await codesOf(db, second);
    for (const code of principals) expect(drawn).not.toContain(code);
    const event = JSON.parse((await db('supervision_events').where({ deal_code: DEAL2, kind: 'experts.drawn' }).first()).payload);
    expect(event.policy).toEqual({ maxDraws: 1, windowDays: 30 });
    // 31 days later those invitations are outside the window; the new draw's own invitations count from then on
    const later = new Date(PINNED_NOW.getTime() + 31 * 86_400_000);
    await runTask(db, accept(DEAL3, 'wf-3'), { now: () => later });
    expect(await census({}, DEAL3, 'wf-3', later)).toMatchObject({ eligible: 10, excluded: { frequency: 0 } });
    await runTask(db, draw(small, DEAL3, 'wf-3'), { now: () => later });
    const DEAL4 = '990100-2026-JS-00004';
    await runTask(db, accept(DEAL4, 'wf-4'), { now: () => later });
    expect(await census({}, DEAL4, 'wf-4', later)).toMatchObject({ eligible: 6, excluded: { frequency: 4 } });
    // without a policy of its own the city follows its province's, then the platform default
    await db('expert_draw_policies').where('scope', '990100').delete();
    await setDrawPolicy(db, { scope: '990000', maxDraws: 1, windowDays: 30 });
    expect(await census({}, DEAL4, 'wf-4', later)).toMatchObject({ eligible: 6, excluded: { frequency: 4 } });
    await db('expert_draw_policies').where('scope', '990000').delete();
    expect(await census({}, DEAL4, 'wf-4', later)).toMatchObject({ eligible: 10, excluded: { frequency: 0 } });
  });

  test('draws of one deal at once: one is drawn, the others refused', async () => {
    const attempts = ['a', 'b', 'c', 'd'].map((k) => runTask(db, { ...draw(), key: `wf-test:draw#${k}` }));
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const [i, o] of outcomes.entries()) if (o.status === 'rejected') expect((await businessErrorOf(attempts[i]!)).code).toBe('DRAW_ALREADY_SEALED');
    expect(Number((await db('expert_draws').count('* as n').first())!.n)).toBe(1);
    expect(await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.drawn' })).toHaveLength(1);
  });

  test('not enough eligible experts: EXPERTS_INSUFFICIENT names the specialty and the shortfall, and nothing is written', async () => {
    const before = await dumpDatabase(db);
    const error = await businessErrorOf(runTask(db, draw({ committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 4, backups: 5 }, { specialtyCode: 'B01', count: 1, kind: 'economic' }] })));
    expect(error).toMatchObject({
      code: 'EXPERTS_INSUFFICIENT', nonRetryable: true,
      details: {
        specialtyCode: 'A01', groupNo: 1, needed: 9, eligible: 8, candidates: 15, shortfall: 1,
        excluded: { inactive: 1, kind: 0, alreadyDrawn: 0, employer: 3, relation: 1, sanction: 1, frequency: 0, unreachable: 1 },
      },
    });
    expect(error.message.zh).toContain('A01');
    expect(error.message.zh).toContain('缺 1 人');
    expect(error.message.en).toContain('1 short');
    // nobody at all in the pool
    const empty = await businessErrorOf(runTask(db, draw({ committeeSize: 5, regionCodes: ['990200'], specialties: [{ specialtyCode: 'A02', count: 4 }, { specialtyCode: 'B01', count: 1 }] })));
    expect(empty).toMatchObject({ code: 'EXPERTS_INSUFFICIENT', details: { specialtyCode: 'A02', needed: 6, eligible: 0, candidates: 0, shortfall: 6 } });
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    const drawId = (await runTask(db, draw())).variables!.expertDrawId as number;
    await runTask(db, accept(DEAL3, 'wf-3'));
    await db('deals').where('deal_code', DEAL3).update({ status: 'terminated' });
    const before = await dumpDatabase(db);
    const cases: Array<[TaskCall, string]> = [
      [{ ...draw(REQUEST, DEAL3, 'wf-3'), key: 'x:0' }, 'DEAL_TERMINATED'],
      [{ ...draw(), key: 'x:1', dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...draw(), key: 'x:2', dealCode: null }, 'DEAL_CODE_MISSING'],
      [{ ...draw({ ...REQUEST, committeeSize: 6 }), key: 'x:3' }, 'COMMITTEE_SIZE_INVALID'],
      [{ ...draw({ ...REQUEST, committeeSize: 3, specialties: [{ specialtyCode: 'A01', count: 3 }] }), key: 'x:4' }, 'COMMITTEE_SIZE_INVALID'],
      [{ ...draw({ committeeSize: 7, specialties: [{ specialtyCode: 'A01', count: 4 }] }), key: 'x:5' }, 'COMMITTEE_COMPOSITION_INVALID'],
      [{ ...draw({ committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 6 }] }), key: 'x:6' }, 'COMMITTEE_COMPOSITION_INVALID'],
      [{ ...draw({ ...REQUEST, specialties: [{ specialtyCode: 'Z99', count: 5 }] }), key: 'x:7' }, 'SPECIALTY_NOT_FOUND'],
      [{ ...draw({ ...REQUEST, sectionCodes: [`${DEAL}-09`] }), key: 'x:8' }, 'SECTION_NOT_FOUND'],
      [{ ...draw({ ...REQUEST, regionCodes: ['990800'] }), key: 'x:9' }, 'REGION_NOT_FOUND'],
      [{ ...draw({ ...REQUEST, specialties: [{ specialtyCode: 'A01', count: -1 }] }), key: 'x:10' }, 'INVALID_INPUT'],
      [{ ...draw({ ...REQUEST, committeeSize: 5.5 }), key: 'x:11' }, 'INVALID_INPUT'],
      [{ ...draw(), key: 'x:12' }, 'DRAW_ALREADY_SEALED'],
      [{ ...notify(drawId + 100), key: 'x:13' }, 'DRAW_NOT_FOUND'],
      [{ ...notify(drawId), key: 'x:14', dealCode: DEAL2 }, 'DRAW_NOT_FOUND'],
      [{ ...notify(drawId, { evaluationAt: '2026-03-02T09:10:00+08:00' }), key: 'x:15' }, 'EVALUATION_TIME_INVALID'],
      [{ ...notify(drawId, { channels: ['fax'] }), key: 'x:16' }, 'INVALID_INPUT'],
      [{ ...notify(drawId, { evaluationAt: 'tomorrow' }), key: 'x:17' }, 'INVALID_INPUT'],
      [{ ...replace(drawId + 100), key: 'x:18' }, 'DRAW_NOT_FOUND'],
      [{ ...unseal(drawId), key: 'x:19' }, 'COMMITTEE_INCOMPLETE'],
      [{ ...unseal(0), key: 'x:20' }, 'INVALID_INPUT'],
    ];
    for (const [call, code] of cases) {
      const error = await businessErrorOf(runTask(db, call));
      expect({ call: call.key, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ call: call.key, code, nonRetryable: true });
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('a retry with the same key answers the stored result and writes nothing more, for every task type', async () => {
    const calls = (drawId: number) => [notify(drawId), replace(drawId)];
    const first = await runTask(db, draw());
    let before = await dumpDatabase(db);
    expect(await runTask(db, draw())).toEqual(first);
    expect(await dumpDatabase(db)).toEqual(before);
    const drawId = first.variables!.expertDrawId as number;
    for (const call of calls(drawId)) {
      const answer = await runTask(db, call);
      before = await dumpDatabase(db);
      expect(await runTask(db, call)).toEqual(answer);
      expect(await dumpDatabase(db)).toEqual(before);
    }
    await confirmAll(db, drawId);
    const unsealed = await runTask(db, unseal(drawId));
    before = await dumpDatabase(db);
    expect(await runTask(db, unseal(drawId))).toEqual(unsealed);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('notify queues an SMS and a voice call per invited expert: who, when, where — never the project', async () => {
    const drawId = (await runTask(db, draw())).variables!.expertDrawId as number;
    const answer = await runTask(db, notify(drawId));
    expect(answer.variables).toEqual({ expertInvitationsQueued: 5, expertReplyDueAt: minutes(30).toISOString() });
    const raw = await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
      .where('n.draw_id', drawId).orderBy(['m.seat_no', 'n.channel']).select('n.*', 'm.seat_no', 'm.group_no', 'm.rank');
    // stored sealed: the text and the number are opened with the draw's data key (the dispatcher does so in memory)
    const dataKey = defaultListSealer().unwrap(drawId, (await db('expert_draws').where('id', drawId).first('sealed_data_key')).sealed_data_key);
    const identities = new Map((await memberIdentities(db, { id: drawId, sealed_data_key: (await db('expert_draws').where('id', drawId).first('sealed_data_key')).sealed_data_key }, defaultListSealer()))
      .map((m) => [m.memberId, m.expertId]));
    const experts = new Map((await db('experts').select('id', 'name', 'mobile')).map((e: { id: number }) => [Number(e.id), e]));
    const messages = raw.map((n: Record<string, unknown>) => {
      expect(n).toMatchObject({ recipient: null, body: null, sealed_message: expect.stringMatching(/^sf1\./) });
      const clear = JSON.parse(openValue(dataKey, sealedAad.message(drawId, String(n.idempotency_key)), String(n.sealed_message)));
      const expert = experts.get(identities.get(Number(n.member_id))!) as { name: string; mobile: string };
      expect(String(n.sealed_message)).not.toContain(expert.mobile);
      return { ...n, ...clear, name: expert.name, mobile: expert.mobile };
    });
    expect(messages).toHaveLength(10);
    expect(messages.map((m: { channel: string }) => m.channel)).toEqual(Array(5).fill(['sms', 'voice']).flat());
    for (const m of messages) {
      expect(m).toMatchObject({ status: 'pending', attempts: 0, recipient: m.mobile });
      expect(m.body).toContain(m.name);
      expect(m.body).toContain('2026年3月3日');
      expect(m.body).toContain(EVALUATION.venue);
      expect(m.body).toContain('东湖市公共资源交易中心');
      for (const secret of [TITLE, TENDEREE.name, AGENT.name, DEAL, bidder(1).name]) expect(m.body).not.toContain(secret);
    }
    expect(messages[0].body).toMatch(/09:00.*回复1确认参加，回复2不参加/);
    expect(messages[1].body).toMatch(/9点整.*确认参加请按1，不参加请按2/);
    const members = await db('expert_draw_members').where({ draw_id: drawId, status: 'invited' });
    for (const m of members) expect(new Date(m.reply_due_at).toISOString()).toBe(minutes(30).toISOString());
    const event = JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.notified' }).first()).payload);
    expect(event).toMatchObject({ drawId, invitations: 5, messages: 10, channels: ['sms', 'voice'], replyDueAt: minutes(30).toISOString() });
    expect(JSON.stringify(event)).not.toMatch(/139\d{8}/);
    // a second notify finds nobody new to invite
    const again = await runTask(db, { ...notify(drawId), key: 'wf-test:notify#2' });
    expect(again.variables).toMatchObject({ expertInvitationsQueued: 0 });
  });

  test('answers, timeouts and replacement by the next ranked backup; unseal opens the list to the permitted roles', async () => {
    const drawId = (await runTask(db, draw())).variables!.expertDrawId as number;
    await runTask(db, notify(drawId, { channels: ['sms'] }));
    const seatNotification = async (seat: number) => Number((await db('expert_notifications as n').join('expert_draw_members as m', 'm.id', 'n.member_id')
      .where({ 'm.draw_id': drawId, 'm.seat_no': seat, 'm.status': 'invited' }).first('n.id')).id);
    // seats 1–3 confirm, seat 4 declines, seat 5 (economic) does not answer
    for (const seat of [1, 2, 3]) await recordExpertAnswer(db, { notificationId: await seatNotification(seat), answer: 'confirm', receivedAt: minutes(5) });
    const declined = await seatNotification(4);
    expect(await recordExpertAnswer(db, { notificationId: declined, answer: 'decline', receivedAt: minutes(6) })).toEqual({ recorded: true, drawId, seat: 4 });
    // a gateway repeating its callback changes nothing; a different answer afterwards is refused
    expect(await recordExpertAnswer(db, { notificationId: declined, answer: 'decline', receivedAt: minutes(7) })).toMatchObject({ recorded: false });
    expect((await asBusinessError(recordExpertAnswer(db, { notificationId: declined, answer: 'confirm', receivedAt: minutes(7) }))).code).toBe('ANSWER_NOT_ACCEPTED');
    const silent = await seatNotification(5);
    const late = await asBusinessError(recordExpertAnswer(db, { notificationId: silent, answer: 'confirm', receivedAt: minutes(31) }));
    expect(late.code).toBe('ANSWER_TOO_LATE');
    expect((await asBusinessError(recordExpertAnswer(db, { notificationId: 999_999, answer: 'confirm', receivedAt: minutes(1) }))).code).toBe('NOTIFICATION_NOT_FOUND');

    // before the deadline a sweep replaces the decline only
    const early = await runTask(db, replace(drawId, 1), { now: () => minutes(10) });
    expect(early.variables).toEqual({ expertsConfirmed: 3, expertsPending: 2, expertsUnfilled: 0, expertCommitteeComplete: false });
    const group1 = await db('expert_draw_members').where({ draw_id: drawId, group_no: 1 }).orderBy('rank');
    expect(group1.map((m: { status: string; seat_no: number | null }) => [m.status, m.seat_no])).toEqual([
      ['confirmed', 1], ['confirmed', 2], ['confirmed', 3], ['replaced', 4], ['invited', 4], ['standby', null],
    ]);
    expect(Number(group1[4].replaces_member_id)).toBe(Number(group1[3].id));
    // the backup is notified at once, on the channels the draw uses, with its own deadline
    const backupMessages = await db('expert_notifications').where('member_id', group1[4].id);
    expect(backupMessages.map((m: { channel: string }) => m.channel)).toEqual(['sms']);
    expect(new Date(group1[4].reply_due_at).toISOString()).toBe(minutes(40).toISOString());

    // after the deadline the silent economic expert times out and the economic backup takes seat 5
    const swept = await runTask(db, replace(drawId, 2), { now: () => minutes(31) });
    expect(swept.variables).toEqual({ expertsConfirmed: 3, expertsPending: 2, expertsUnfilled: 0, expertCommitteeComplete: false });
    const group2 = await db('expert_draw_members').where({ draw_id: drawId, group_no: 2 }).orderBy('rank');
    expect(group2.map((m: { status: string; response: string | null; seat_no: number | null }) => [m.status, m.response, m.seat_no])).toEqual([['replaced', 'timeout', 5], ['invited', null, 5]]);
    const replacedEvent = JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.replaced' }).orderBy('seq', 'desc').first()).payload);
    expect(replacedEvent).toMatchObject({ drawId, timedOut: [{ seat: 5, groupNo: 2, rank: 1 }], replacements: [{ seat: 5, groupNo: 2, outRank: 1, inRank: 2, reason: 'timeout' }], unfilled: [] });
    // invited backups count toward the frequency cap (recorded at the unseal: until then the rows would say who)
    expect(Number((await db('expert_engagements').where('draw_id', drawId).count('* as n').first())!.n)).toBe(0);

    // the sealed list cannot be read by anyone yet
    expect((await asBusinessError(readDrawMembers(db, drawId, { role: 'supervisor', regionCode: '990100' }))).code).toBe('DRAW_SEALED');
    for (const seat of [4, 5]) await recordExpertAnswer(db, { notificationId: await seatNotification(seat), answer: 'confirm', receivedAt: minutes(35) });
    const complete = await runTask(db, replace(drawId, 3), { now: () => minutes(36) });
    expect(complete.variables).toEqual({ expertsConfirmed: 5, expertsPending: 0, expertsUnfilled: 0, expertCommitteeComplete: true });

    const unsealed = await runTask(db, unseal(drawId), { now: () => minutes(60 * 24) });
    expect(unsealed.variables).toEqual({ expertDrawUnsealed: true });
    const row = await db('expert_draws').where('id', drawId).first();
    expect(row.status).toBe('unsealed');
    const event = JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.unsealed' }).first()).payload);
    expect(event).toMatchObject({ drawId, confirmed: 5, seed: row.seed, seedCommitment: row.seed_commitment, decrypted: { members: 8, messages: 7 } });
    expect(Number((await db('expert_engagements').where('draw_id', drawId).count('* as n').first())!.n)).toBe(7);
    const list = await readDrawMembers(db, drawId, { role: 'staff', regionCode: '990100' });
    expect(list.filter((m) => m.status === 'confirmed').map((m) => m.seat).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(list[0]).toMatchObject({ name: expect.stringMatching(/^专家/), kind: 'technical', groupNo: 1, rank: 1 });
    expect(await readDrawMembers(db, drawId, { role: 'auditor', regionCode: '990000' })).toHaveLength(8);
    for (const viewer of [{ role: 'designer', regionCode: '990100' }, { role: 'staff', regionCode: '990200' }, { role: 'staff', regionCode: '990200', sandboxRegions: ['990900'] }]) {
      expect((await asBusinessError(readDrawMembers(db, drawId, viewer))).code).toBe('DRAW_NOT_FOUND');
    }
    // a committee of a training sandbox (here as if the deal's region were one) is read by the staff who practise there
    expect(await readDrawMembers(db, drawId, { role: 'staff', regionCode: '990200', sandboxRegions: ['990100'] })).toHaveLength(8);
    expect((await asBusinessError(readDrawMembers(db, drawId, { role: 'designer', regionCode: '990200', sandboxRegions: ['990100'] }))).code).toBe('DRAW_NOT_FOUND');
    // the list no longer changes
    const before = await dumpDatabase(db);
    expect((await businessErrorOf(runTask(db, replace(drawId, 4)))).code).toBe('DRAW_ALREADY_UNSEALED');
    expect((await businessErrorOf(runTask(db, { ...unseal(drawId), key: 'wf-test:unseal#2' }))).code).toBe('DRAW_ALREADY_UNSEALED');
    expect(await dumpDatabase(db)).toEqual(before);
    // every answer is on the trail, by seat and never by name
    const answered = await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.answered' }).orderBy('seq');
    expect(answered.map((e: { payload: string }) => JSON.parse(e.payload).answer)).toEqual(['confirm', 'confirm', 'confirm', 'decline', 'confirm', 'confirm']);
    expect(await verifyDraw(db, drawId)).toMatchObject({ ok: true });
  });

  test('backups run out: the seat is reported unfilled, not silently left empty', async () => {
    const drawId = (await runTask(db, draw({ committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 4, backups: 0 }, { specialtyCode: 'B01', count: 1, backups: 0, kind: 'economic' }] }))).variables!.expertDrawId as number;
    await runTask(db, notify(drawId, { channels: ['voice'] }));
    const first = await db('expert_notifications').where('draw_id', drawId).orderBy('id').first('id');
    await recordExpertAnswer(db, { notificationId: Number(first.id), answer: 'decline', receivedAt: minutes(1) });
    const answer = await runTask(db, replace(drawId), { now: () => minutes(2) });
    expect(answer.variables).toEqual({ expertsConfirmed: 0, expertsPending: 4, expertsUnfilled: 1, expertCommitteeComplete: false });
    const event = JSON.parse((await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.replaced' }).first()).payload);
    expect(event.unfilled).toEqual([{ seat: 1, groupNo: 1 }]);
  });

  test('commit, then fail: draw, notify and replace retried after their commit leave what one clean run leaves', async () => {
    jest.spyOn(seedSource, 'fresh').mockReturnValue(FIXED_SEED);
    const outcome = await commitThenFail(async () => {
      const fresh = await createSeededDatabase(create);
      await prepare(fresh.db);
      return fresh;
    }, [draw(), notify(1), replace(1)]);
    expect(outcome.crashes).toBe(3);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(opened(outcome.retried)).toEqual(opened(outcome.clean));
    expect(outcome.cleanAnswers[0]!.variables).toMatchObject({ expertDrawId: 1 });
    expect((outcome.clean as Record<string, unknown[]>).expert_notifications).toHaveLength(10);
  });

  test('commit, then fail: unseal retried after its commit leaves what one clean run leaves', async () => {
    jest.spyOn(seedSource, 'fresh').mockReturnValue(FIXED_SEED);
    const outcome = await commitThenFail(async () => {
      const fresh = await createSeededDatabase(create);
      await prepare(fresh.db);
      await runTask(fresh.db, draw());
      await runTask(fresh.db, notify(1));
      await confirmAll(fresh.db, 1);
      return fresh;
    }, [unseal(1)]);
    expect(outcome.crashes).toBe(1);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(opened(outcome.retried)).toEqual(opened(outcome.clean));
  });
});

/** Every invited expert confirms (notifying first when the draw has not been notified). */
async function confirmAll(db: Db, drawId: number): Promise<void> {
  const invited = await db('expert_draw_members as m').where({ 'm.draw_id': drawId, 'm.status': 'invited' }).select('m.id');
  for (const m of invited) {
    let n = await db('expert_notifications').where('member_id', m.id).first('id');
    if (!n) {
      await runTask(db, { ...notify(drawId), key: `wf-test:notify#confirm-${m.id}` });
      n = await db('expert_notifications').where('member_id', m.id).first('id');
    }
    await recordExpertAnswer(db, { notificationId: Number(n.id), answer: 'confirm', receivedAt: minutes(1) });
  }
}

/** The code of a BusinessError thrown by a plain (non-activity) function. */
async function asBusinessError(promise: Promise<unknown>): Promise<{ code: string; zh: string; en: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name?: string; code?: string; zh?: string; en?: string };
    if (e.name !== 'BusinessError') throw err;
    expect(e.zh).toBeTruthy();
    expect(e.en).toBeTruthy();
    return { code: e.code!, zh: e.zh!, en: e.en! };
  }
  throw new Error('expected a business error');
}
