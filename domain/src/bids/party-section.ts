// The deal and section a party's act in bidding or in the opening hall is about, and the bidder's own bid there: the
// first checks of every such act, shared by the sealed bid and the hall.
import type { Knex } from 'knex';
import { Bid, Section } from '@ggzy/db';
import { BusinessError } from '../step';
import { dealNotFound, loadDeal, type PartyDeal } from '../parties/online/context';

export const refuse = (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => new BusinessError(code, zh, en, details);

export async function dealAndSection(trx: Knex, dealCode: string, sectionCode: string, now: Date): Promise<{ deal: PartyDeal; section: Section }> {
  const deal = await loadDeal(trx, dealCode, now);
  if (!deal) throw dealNotFound(dealCode);
  const section = await Section.query(trx).where({ deal_id: deal.id, section_code: sectionCode }).first();
  if (!section) throw refuse('SECTION_NOT_FOUND', `没有标段 ${sectionCode}`, `no section ${sectionCode}`, { sectionCode });
  return { deal, section };
}

/** The bidder's own bid row for the section (报名 done, not withdrawn; a bid the opening rejected is still its own). */
export async function liveBid(trx: Knex, sectionId: number, subjectId: number, sectionCode: string): Promise<Bid> {
  const bid = await Bid.query(trx).where({ section_id: sectionId, bidder_subject_id: subjectId }).first();
  if (!bid || bid.status === 'withdrawn') {
    throw refuse('BID_NOT_REGISTERED', `您未报名标段 ${sectionCode}（或已撤回），不能投标`, `you have not registered for section ${sectionCode} (or withdrew): you cannot bid`, { sectionCode });
  }
  return bid;
}
