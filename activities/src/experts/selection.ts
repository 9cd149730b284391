// Who may sit (回避 rules) and who is drawn, as a pure function of the candidate snapshot and the seed: the draw
// computes it once, and verifyDraw computes it again from what was recorded.
import { DRAW_ALGORITHM, DrawStream, drawOrdered, groupLabel } from './draw-stream';

export type ExpertKind = 'technical' | 'economic';

export interface GroupRequest {
  specialtyCode: string;
  kind: ExpertKind | null;
  count: number;
  backups: number;
}

/**
 * One candidate matched by specialty (subtree) and region, with the facts its eligibility depends on, as a tuple:
 * [expertId, expertCode, employerSubjectId, relatedSubjectIds, sanctioned, recentDraws, reachable].
 */
export type CandidateTuple = [number, string, number | null, number[], 0 | 1, number, 0 | 1];

export const CANDIDATE_COLUMNS = ['expertId', 'expertCode', 'employerSubjectId', 'relatedSubjectIds', 'sanctioned', 'recentDraws', 'reachable'] as const;

export interface DrawSnapshot {
  version: 1;
  algorithm: typeof DRAW_ALGORITHM;
  takenAt: string;
  /** Tenderee, agent and every bidder of the drawn sections (subject ids). */
  conflictSubjectIds: number[];
  policy: { maxDraws: number; windowDays: number };
  regionCodes: string[];
  columns: typeof CANDIDATE_COLUMNS;
  groups: Array<GroupRequest & { candidates: CandidateTuple[] }>;
}

export const EXCLUSION_REASONS = ['employer', 'relation', 'sanction', 'frequency', 'unreachable', 'alreadyDrawn'] as const;
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
  candidates: number;
  eligible: number;
  excluded: Record<ExclusionReason, number>;
}

export type Selection =
  | { ok: true; members: DrawnMember[]; groups: GroupOutcome[] }
  | { ok: false; shortfall: { groupNo: number; specialtyCode: string; needed: number; eligible: number; excluded: Record<ExclusionReason, number> } };

/** Why a candidate may not sit, or null when it may (the first reason that applies). */
export function exclusionOf(candidate: CandidateTuple, snapshot: Pick<DrawSnapshot, 'conflictSubjectIds' | 'policy'>, taken: ReadonlySet<number>): ExclusionReason | null {
  const [expertId, , employer, related, sanctioned, recentDraws, reachable] = candidate;
  const conflicts = snapshot.conflictSubjectIds;
  if (taken.has(expertId)) return 'alreadyDrawn';
  if (employer !== null && conflicts.includes(employer)) return 'employer';
  if (related.some((s) => conflicts.includes(s))) return 'relation';
  if (sanctioned) return 'sanction';
  if (recentDraws >= snapshot.policy.maxDraws) return 'frequency';
  if (!reachable) return 'unreachable';
  return null;
}

const byCode = (a: CandidateTuple, b: CandidateTuple) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * Groups are drawn in request order, each from its own labelled stream over its eligible candidates sorted by
 * expert code; an expert drawn (as principal or backup) in an earlier group is not eligible in a later one.
 */
export function selectMembers(snapshot: DrawSnapshot, seed: Buffer): Selection {
  const taken = new Set<number>();
  const members: DrawnMember[] = [];
  const groups: GroupOutcome[] = [];
  for (const [index, group] of snapshot.groups.entries()) {
    const groupNo = index + 1;
    const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<ExclusionReason, number>;
    const eligible: CandidateTuple[] = [];
    for (const candidate of group.candidates) {
      const reason = exclusionOf(candidate, snapshot, taken);
      if (reason) excluded[reason]++;
      else eligible.push(candidate);
    }
    const needed = group.count + group.backups;
    if (eligible.length < needed) {
      return { ok: false, shortfall: { groupNo, specialtyCode: group.specialtyCode, needed, eligible: eligible.length, excluded } };
    }
    eligible.sort(byCode);
    const drawn = drawOrdered(eligible, needed, new DrawStream(seed, groupLabel(groupNo)));
    drawn.forEach((candidate, i) => {
      taken.add(candidate[0]);
      members.push({ groupNo, specialtyCode: group.specialtyCode, expertId: candidate[0], rank: i + 1, role: i < group.count ? 'principal' : 'backup' });
    });
    groups.push({ groupNo, specialtyCode: group.specialtyCode, candidates: group.candidates.length, eligible: eligible.length, excluded });
  }
  return { ok: true, members, groups };
}
