// Who a party is in a deal — the one answer every party route and page is authorized with: the tenderee
// (deals.tenderee_subject_id), its agency (deals.agent_subject_id), or a bidder (a `bids` row of one of the deal's
// sections: 报名 done). A party sees a deal it has no relation to only as the public sees it.
import type { Knex } from 'knex';
import { Bid, Deal } from '@ggzy/db';

export type PartyRole = 'tenderee' | 'agency' | 'bidder';

export interface BidderSection { sectionId: number; sectionCode: string; bidId: number; bidStatus: string; live: boolean }

export interface DealRelation {
  dealId: number;
  dealCode: string;
  roles: PartyRole[];
  /** The sections it registered for, withdrawn ones included (their receipts and refunds stay its business). */
  bidderSections: BidderSection[];
}

const LIVE = (status: string) => status !== 'withdrawn' && status !== 'rejected';

/** The subject's relation to one deal; null when the deal does not exist. A deal it has nothing to do with has no roles. */
export async function relationOf(db: Knex, subjectId: number, dealCode: string): Promise<DealRelation | null> {
  const deal = await Deal.query(db).modify('byDealCode', dealCode).select('id', 'deal_code', 'tenderee_subject_id', 'agent_subject_id').first();
  if (!deal) return null;
  const bids = await Bid.query(db).alias('b').join('sections as s', 's.id', 'b.section_id')
    .where({ 's.deal_id': deal.id, 'b.bidder_subject_id': subjectId }).orderBy('s.section_code')
    .select('b.id', 'b.status', 's.id as section_id', 's.section_code')
    .castTo<Array<{ id: number; status: string; section_id: number; section_code: string }>>();
  const roles: PartyRole[] = [];
  if (Number(deal.tenderee_subject_id) === subjectId) roles.push('tenderee');
  if (Number(deal.agent_subject_id) === subjectId) roles.push('agency');
  if (bids.length > 0) roles.push('bidder');
  return {
    dealId: Number(deal.id), dealCode: deal.deal_code, roles,
    bidderSections: bids.map((b) => ({ sectionId: Number(b.section_id), sectionCode: b.section_code, bidId: Number(b.id), bidStatus: b.status, live: LIVE(b.status) })),
  };
}

/** The deal's tenderee or its agency: who prepares the documents and answers the questions. */
export const isOrganiser = (relation: DealRelation | null): boolean => !!relation && (relation.roles.includes('tenderee') || relation.roles.includes('agency'));

/** A bidder still in the running for at least one section (registered, not withdrawn or rejected). */
export const isLiveBidder = (relation: DealRelation | null): boolean => !!relation && relation.bidderSections.some((s) => s.live);

/** Any relation at all: the deal is the party's business, not only what the public sees. */
export const isRelated = (relation: DealRelation | null): boolean => !!relation && relation.roles.length > 0;

/**
 * The relations that count for acting on a deal's steps: tenderee and agency as they are, bidder only while a bid is
 * still in the running — what the api hands the engine with a party's act (roles/candidate-roles.ts admits by them).
 */
export function actingRelations(relation: DealRelation | null): PartyRole[] {
  if (!relation) return [];
  return relation.roles.filter((r) => r !== 'bidder' || isLiveBidder(relation));
}

/** Codes of the deals the subject is tenderee, agency or live bidder of, with those relations: a party's inbox. */
export async function actingRelationsOfSubject(db: Knex, subjectId: number): Promise<Map<string, PartyRole[]>> {
  const relations = new Map<string, PartyRole[]>();
  const add = (code: string, role: PartyRole) => {
    const roles = relations.get(code) ?? [];
    if (!roles.includes(role)) roles.push(role);
    relations.set(code, roles);
  };
  const organised = await Deal.query(db).where('tenderee_subject_id', subjectId).orWhere('agent_subject_id', subjectId)
    .select('deal_code', 'tenderee_subject_id', 'agent_subject_id');
  for (const d of organised) {
    if (Number(d.tenderee_subject_id) === subjectId) add(d.deal_code, 'tenderee');
    if (Number(d.agent_subject_id) === subjectId) add(d.deal_code, 'agency');
  }
  const bidding = await Bid.query(db).alias('b').join('sections as s', 's.id', 'b.section_id').join('deals as d', 'd.id', 's.deal_id')
    .where('b.bidder_subject_id', subjectId).whereNotIn('b.status', ['withdrawn', 'rejected']).distinct('d.deal_code')
    .castTo<Array<{ deal_code: string }>>();
  for (const b of bidding) add(b.deal_code, 'bidder');
  return relations;
}

/** Ids of every deal the subject is tenderee, agency or bidder of, newest first. */
export async function dealIdsOfSubject(db: Knex, subjectId: number): Promise<number[]> {
  const rows = await Deal.query(db)
    .where('tenderee_subject_id', subjectId).orWhere('agent_subject_id', subjectId)
    .orWhereExists(Bid.query(db).alias('b').join('sections as s', 's.id', 'b.section_id').whereColumn('s.deal_id', 'deals.id').where('b.bidder_subject_id', subjectId))
    .orderBy('id', 'desc').select('id');
  return rows.map((r) => Number(r.id));
}
