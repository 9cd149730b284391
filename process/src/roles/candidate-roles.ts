// Who a user task is for. A centre role (staff, supervisor …) names the platform's people; a party role names a deal
// relation — the market subject that is the deal's tenderee (招标人/采购人/出让人), its agency (招标代理/采购代理机构), or
// one of its bidders — because the steps that are theirs by law (tender documents, confirming the evaluation report,
// 定标, the contract) are done by them online, not typed in by the centre (《电子招标投标办法》; the centre witnesses
// and arranges). The api resolves the signed-in party's relation to the deal before the engine sees the act; the
// engine checks the resolved relations against the task's role with the functions below, nothing else.

/** A market subject's relation to one deal. */
export type DealRelationRole = 'tenderee' | 'agency' | 'bidder';

/** The party candidate roles and the relations each one admits. */
export const PARTY_CANDIDATE_ROLES = {
  /** The deal's organiser: its tenderee, or the agency acting for it. */
  'party:organiser': ['tenderee', 'agency'],
  'party:tenderee': ['tenderee'],
  'party:agency': ['agency'],
  'party:bidder': ['bidder'],
} as const satisfies Record<string, readonly DealRelationRole[]>;

export type PartyCandidateRole = keyof typeof PARTY_CANDIDATE_ROLES;

export function isPartyCandidateRole(role: string): role is PartyCandidateRole {
  return Object.prototype.hasOwnProperty.call(PARTY_CANDIDATE_ROLES, role);
}

/** Whether a subject with these relations to the deal may act on a task for `candidateRole` (a party role). */
export function relationAdmits(candidateRole: string, relations: readonly string[]): boolean {
  if (!isPartyCandidateRole(candidateRole)) return false;
  return (PARTY_CANDIDATE_ROLES[candidateRole] as readonly string[]).some((r) => relations.includes(r));
}
