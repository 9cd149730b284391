// Who may sit (回避 rules) and who is drawn, as a pure function of the candidate snapshot and the seed. The draw
// builds the snapshot and takes its members from this function; verifyDraw runs it again on what was recorded.
//
// Per specialty group: the candidate pool (every expert with a specialty in the requested subtree and a region in
// scope) sorted by expert id is walked in a uniformly random order drawn from the seed; each candidate reached is
// judged on its recorded facts, the eligible ones in walk order become principals then backups, the others are
// skipped. The eligible ones so met are in a uniformly random order of the eligible set (a uniform permutation
// restricted to a subset is uniform on it), so this is a fair draw among those who may sit — and only the
// candidates actually reached need their facts read and recorded, whatever the size of the pool.
import { canonicalJson } from '@ggzy/process';
import { DRAW_ALGORITHM, DrawStream, groupLabel, shuffled } from './draw-stream';

export type ExpertKind = 'technical' | 'economic';

export interface GroupRequest {
  specialtyCode: string;
  kind: ExpertKind | null;
  count: number;
  backups: number;
}

/**
 * A candidate reached by the walk, with the facts its eligibility depends on:
 * [expertId, status, kind, employerSubjectId, relatedSubjectIds, sanctioned, recentDraws, reachable].
 * relatedSubjectIds are the conflict subjects the expert declared a valid relation with.
 */
export type CandidateFacts = [number, string, string, number | null, number[], 0 | 1, number, 0 | 1];

export const FACT_COLUMNS = ['expertId', 'status', 'kind', 'employerSubjectId', 'relatedSubjectIds', 'sanctioned', 'recentDraws', 'reachable'] as const;

export interface SnapshotGroup extends GroupRequest {
  /** Expert ids of the candidate pool, ascending (the stable order the walk starts from). */
  pool: number[];
  /** The candidates the walk reached, in walk order, with their facts. */
  reached: CandidateFacts[];
}

export interface DrawSnapshot {
  version: 1;
  algorithm: typeof DRAW_ALGORITHM;
  takenAt: string;
  /** Tenderee, agent and every bidder of the drawn sections (subject ids). */
  conflictSubjectIds: number[];
  policy: { maxDraws: number; windowDays: number };
  regionCodes: string[];
  columns: typeof FACT_COLUMNS;
  groups: SnapshotGroup[];
}

export const EXCLUSION_REASONS = ['inactive', 'kind', 'alreadyDrawn', 'employer', 'relation', 'sanction', 'frequency', 'unreachable'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface DrawnMember {
  groupNo: number;
  specialtyCode: string;
  expertId: number;
  rank: number;
  role: 'principal' | 'backup';
}

export interface GroupOutcome {
  groupNo: number;
  specialtyCode: string;
  pool: number;
  reached: number;
  excluded: Record<ExclusionReason, number>;
}

export type Selection =
  | { ok: true; members: DrawnMember[]; groups: GroupOutcome[] }
  | { ok: false; shortfall: { groupNo: number; specialtyCode: string; needed: number; eligible: number; pool: number; excluded: Record<ExclusionReason, number> } }
  | { ok: false; inconsistent: string };

/** Why a candidate may not sit, or null when it may (the first reason that applies). */
export function exclusionOf(
  facts: CandidateFacts, group: Pick<GroupRequest, 'kind'>, snapshot: Pick<DrawSnapshot, 'conflictSubjectIds' | 'policy'>, taken: ReadonlySet<number>,
): ExclusionReason | null {
  const [expertId, status, kind, employer, related, sanctioned, recentDraws, reachable] = facts;
  const conflicts = snapshot.conflictSubjectIds;
  if (status !== 'active') return 'inactive';
  if (group.kind !== null && kind !== group.kind) return 'kind';
  if (taken.has(expertId)) return 'alreadyDrawn';
  if (employer !== null && conflicts.includes(employer)) return 'employer';
  if (related.some((s) => conflicts.includes(s))) return 'relation';
  if (sanctioned) return 'sanction';
  if (recentDraws >= snapshot.policy.maxDraws) return 'frequency';
  if (!reachable) return 'unreachable';
  return null;
}

/** The pool of group `groupNo` in walk order (the draw reads facts in this order, as far as it needs). */
export function walkOrder(pool: readonly number[], seed: Buffer, groupNo: number): Generator<number, void, undefined> {
  // pools are recorded ascending: sorted again only when one is not (shuffled copies it either way)
  let ascending = true;
  for (let i = 1; i < pool.length && ascending; i++) ascending = pool[i - 1]! <= pool[i]!;
  return shuffled(ascending ? pool : [...pool].sort((a, b) => a - b), new DrawStream(seed, groupLabel(groupNo)));
}

const noExclusions = () => Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;

/**
 * Replays every group on the recorded facts. Groups are drawn in request order; an expert drawn (principal or
 * backup) in an earlier group is not eligible in a later one. The recorded `reached` list must be exactly what
 * the walk reaches, no more and no less.
 */
export function selectMembers(snapshot: DrawSnapshot, seed: Buffer): Selection {
  const taken = new Set<number>();
  const members: DrawnMember[] = [];
  const groups: GroupOutcome[] = [];
  for (const [index, group] of snapshot.groups.entries()) {
    const groupNo = index + 1;
    const needed = group.count + group.backups;
    const excluded = noExclusions();
    const drawn: number[] = [];
    let reached = 0;
    if (needed > 0) {
      for (const expertId of walkOrder(group.pool, seed, groupNo)) {
        const facts = group.reached[reached];
        if (!facts || facts[0] !== expertId) {
          return { ok: false, inconsistent: `group ${groupNo}: the walk reaches expert #${expertId} at step ${reached + 1}, the record has ${facts ? `#${facts[0]}` : 'nothing'}` };
        }
        reached++;
        const reason = exclusionOf(facts, group, snapshot, taken);
        if (reason) {
          excluded[reason]++;
          continue;
        }
        drawn.push(expertId);
        taken.add(expertId);
        if (drawn.length === needed) break;
      }
    }
    if (reached !== group.reached.length) {
      return { ok: false, inconsistent: `group ${groupNo}: ${group.reached.length} candidates recorded as reached, the walk reaches ${reached}` };
    }
    if (drawn.length < needed) {
      return { ok: false, shortfall: { groupNo, specialtyCode: group.specialtyCode, needed, eligible: drawn.length, pool: group.pool.length, excluded } };
    }
    drawn.forEach((expertId, i) => {
      members.push({ groupNo, specialtyCode: group.specialtyCode, expertId, rank: i + 1, role: i < group.count ? 'principal' : 'backup' });
    });
    groups.push({ groupNo, specialtyCode: group.specialtyCode, pool: group.pool.length, reached, excluded });
  }
  return { ok: true, members, groups };
}

/** A value JSON.stringify writes exactly as canonical JSON does: primitives and arrays of them, no objects. */
function keyless(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keyless);
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

function canonical(value: unknown): string {
  if (keyless(value)) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).filter((k) => record[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return canonicalJson(value);
}

/**
 * The snapshot's canonical JSON (what its hash covers): the same text as canonicalJson, written in one native call
 * per id list, which holds thousands of ids in a province-wide draw.
 */
export function snapshotJson(snapshot: DrawSnapshot): string {
  return canonical(snapshot);
}
