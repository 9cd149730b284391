// Eligibility and selection as pure functions of the snapshot and the seed.
import { canonicalJson } from '@ggzy/process';
import { DRAW_ALGORITHM } from './draw-stream';
import { FACT_COLUMNS, exclusionOf, selectMembers, snapshotJson, walkOrder, type CandidateFacts, type DrawSnapshot, type SnapshotGroup } from './selection';

const SEED = Buffer.alloc(32, 3);
type Extra = Partial<{ status: string; kind: string; employer: number | null; related: number[]; sanctioned: 0 | 1; recent: number; reachable: 0 | 1 }>;
const facts = (id: number, extra: Extra = {}): CandidateFacts =>
  [id, extra.status ?? 'active', extra.kind ?? 'technical', extra.employer ?? null, extra.related ?? [], extra.sanctioned ?? 0, extra.recent ?? 0, extra.reachable ?? 1];

const snapshot = (groups: SnapshotGroup[]): DrawSnapshot => ({
  version: 1, algorithm: DRAW_ALGORITHM, takenAt: '2026-03-02T01:00:00.000Z', conflictSubjectIds: [10, 11], policy: { maxDraws: 2, windowDays: 30 },
  regionCodes: ['990100'], columns: FACT_COLUMNS, groups,
});

/** A group whose `reached` list is what the walk reaches with SEED, given every candidate's facts. */
function group(request: Pick<SnapshotGroup, 'specialtyCode' | 'kind' | 'count' | 'backups'>, all: CandidateFacts[], groupNo: number, taken: Set<number>): SnapshotGroup {
  const byId = new Map(all.map((f) => [f[0], f]));
  const pool = all.map((f) => f[0]).sort((a, b) => a - b);
  const reached: CandidateFacts[] = [];
  let found = 0;
  for (const id of walkOrder(pool, SEED, groupNo)) {
    if (found === request.count + request.backups) break;
    const f = byId.get(id)!;
    reached.push(f);
    if (exclusionOf(f, request, { conflictSubjectIds: [10, 11], policy: { maxDraws: 2, windowDays: 30 } }, taken) === null) {
      taken.add(id);
      found++;
    }
  }
  return { ...request, pool, reached };
}

test('the snapshot text is exactly its canonical JSON', () => {
  const s = snapshot([
    { specialtyCode: 'A"01\\专业\u2028', kind: null, count: 2, backups: 1, pool: [1, 2, 3], reached: [facts(2, { related: [10, 12] }), facts(3, { status: 'retired', kind: '经济"x"' })] },
    { specialtyCode: 'B01', kind: 'economic', count: 1, backups: 0, pool: [], reached: [] },
  ]);
  expect(snapshotJson(s)).toBe(canonicalJson(s));
  expect(JSON.parse(snapshotJson(s))).toEqual(s);
});

test('each 回避 rule excludes, in a stated order', () => {
  const s = snapshot([]);
  const any = { kind: null };
  const none = new Set<number>();
  expect(exclusionOf(facts(1), any, s, none)).toBeNull();
  expect(exclusionOf(facts(1, { status: 'retired', employer: 10 }), any, s, none)).toBe('inactive');
  expect(exclusionOf(facts(1, { kind: 'technical' }), { kind: 'economic' }, s, none)).toBe('kind');
  expect(exclusionOf(facts(1, { kind: 'economic' }), { kind: 'economic' }, s, none)).toBeNull();
  expect(exclusionOf(facts(1), any, s, new Set([1]))).toBe('alreadyDrawn');
  expect(exclusionOf(facts(1, { employer: 11, sanctioned: 1 }), any, s, none)).toBe('employer');
  expect(exclusionOf(facts(1, { employer: 12 }), any, s, none)).toBeNull();
  expect(exclusionOf(facts(1, { related: [12, 10] }), any, s, none)).toBe('relation');
  expect(exclusionOf(facts(1, { related: [12] }), any, s, none)).toBeNull();
  expect(exclusionOf(facts(1, { sanctioned: 1 }), any, s, none)).toBe('sanction');
  expect(exclusionOf(facts(1, { recent: 1 }), any, s, none)).toBeNull();
  expect(exclusionOf(facts(1, { recent: 2 }), any, s, none)).toBe('frequency');
  expect(exclusionOf(facts(1, { reachable: 0 }), any, s, none)).toBe('unreachable');
});

test('the walk skips those who may not sit; groups draw in order and never draw one expert twice', () => {
  const all = [facts(1), facts(2, { employer: 10 }), facts(3), facts(4, { sanctioned: 1 }), facts(5), facts(6)];
  const taken = new Set<number>();
  const s = snapshot([
    group({ specialtyCode: 'A', kind: null, count: 2, backups: 1 }, all, 1, taken),
    group({ specialtyCode: 'A01', kind: null, count: 1, backups: 0 }, all, 2, taken),
  ]);
  const result = selectMembers(s, SEED);
  if (!result.ok) throw new Error(JSON.stringify(result));
  const ids = result.members.map((m) => m.expertId);
  expect(new Set(ids).size).toBe(4);
  for (const id of ids) expect([1, 3, 5, 6]).toContain(id);
  expect(result.members.map((m) => [m.groupNo, m.rank, m.role])).toEqual([[1, 1, 'principal'], [1, 2, 'principal'], [1, 3, 'backup'], [2, 1, 'principal']]);
  expect(result.groups.map((g) => g.reached)).toEqual(s.groups.map((g) => g.reached.length));
  // the pool order as recorded does not matter to the walk, only its content: it starts from expert id order
  const shuffledPool = { ...s, groups: s.groups.map((g) => ({ ...g, pool: [...g.pool].reverse() })) };
  expect(selectMembers(shuffledPool, SEED)).toEqual(result);
  // another seed reaches other candidates in another order, so this record does not replay with it
  expect(selectMembers(s, Buffer.alloc(32, 4))).toMatchObject({ ok: false, inconsistent: expect.stringContaining('group 1') });
});

test('a record that leaves out or adds a reached candidate does not replay', () => {
  const all = [facts(1), facts(2), facts(3), facts(4)];
  const s = snapshot([group({ specialtyCode: 'A', kind: null, count: 2, backups: 0 }, all, 1, new Set())]);
  expect(selectMembers(s, SEED).ok).toBe(true);
  const fewer = { ...s, groups: [{ ...s.groups[0]!, reached: s.groups[0]!.reached.slice(0, 1) }] };
  expect(selectMembers(fewer, SEED)).toMatchObject({ ok: false, inconsistent: expect.stringContaining('the record has nothing') });
  const extra = all.find((f) => !s.groups[0]!.reached.some((r) => r[0] === f[0]))!;
  const more = { ...s, groups: [{ ...s.groups[0]!, reached: [...s.groups[0]!.reached, extra] }] };
  expect(selectMembers(more, SEED)).toMatchObject({ ok: false, inconsistent: expect.stringContaining('recorded as reached') });
  // a fact changed after the draw: the principal turned ineligible is skipped on replay, which then runs past the record
  const changed = { ...s, groups: [{ ...s.groups[0]!, reached: s.groups[0]!.reached.map((f, i) => (i === 0 ? facts(f[0], { sanctioned: 1 }) : f)) }] };
  expect(selectMembers(changed, SEED)).toMatchObject({ ok: false, inconsistent: expect.stringContaining('the record has nothing') });
});

test('a group short of eligible experts reaches its whole pool and reports the shortfall', () => {
  const all = [facts(1), facts(2, { sanctioned: 1 }), facts(3, { employer: 10 }), facts(4, { status: 'retired' })];
  const s = snapshot([group({ specialtyCode: 'A', kind: null, count: 2, backups: 1 }, all, 1, new Set())]);
  expect(s.groups[0]!.reached).toHaveLength(4);
  expect(selectMembers(s, SEED)).toEqual({
    ok: false,
    shortfall: { groupNo: 1, specialtyCode: 'A', needed: 3, eligible: 1, pool: 4, excluded: { inactive: 1, kind: 0, alreadyDrawn: 0, employer: 1, relation: 0, sanction: 1, frequency: 0, unreachable: 0 } },
  });
});
