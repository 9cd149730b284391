// 网上挂牌 through the api: the board of a land listing — for a party (its bidder number, whether it may quote), for
// the centre's staff and supervisors of the deal's region — and a bidder's quote.
import { ProcessInstance, type Db } from '@ggzy/db';
import { listingBoard, loadDeal, isOpenForBidding, relationOf, isRelated, submitListingQuote, type ListingBoard, type QuoteAnswer } from '@ggzy/domain';
import type { Principal } from '../auth/principal';
import { canSeeRegion } from '../auth/principal';
import { AppError } from '../http/errors';
import { actorOf, refusing } from './party';

/** A party sees the board of a listing open to applications, or of one it is related to. */
export async function boardForParty(db: Db, principal: Principal, dealCode: string): Promise<ListingBoard> {
  const actor = actorOf(principal);
  const now = new Date();
  const deal = await loadDeal(db, dealCode, now);
  if (!deal || (!isOpenForBidding(deal, now) && !isRelated(await relationOf(db, actor.subjectId, dealCode)))) throw new AppError('NOT_FOUND');
  const board = await listingBoard(db, { dealCode, viewer: { subjectId: actor.subjectId }, now });
  if (!board) throw new AppError('NOT_A_LISTING');
  return board;
}

export async function quote(db: Db, principal: Principal, dealCode: string, body: { priceFen: number; requestId: string }): Promise<QuoteAnswer> {
  const actor = actorOf(principal);
  const now = new Date();
  const deal = await loadDeal(db, dealCode, now);
  if (!deal || !isRelated(await relationOf(db, actor.subjectId, dealCode))) throw new AppError('NOT_FOUND');
  return refusing(() => submitListingQuote(db, { dealCode, priceFen: body.priceFen, requestId: body.requestId, actor, now }));
}

export async function boardForStaff(db: Db, principal: Principal, workflowId: string): Promise<ListingBoard> {
  const instance = await ProcessInstance.query(db).findById(workflowId);
  if (!instance || !canSeeRegion(principal, instance.region_code)) throw new AppError('NOT_FOUND');
  const board = instance.deal_code ? await listingBoard(db, { dealCode: instance.deal_code, viewer: { staff: true }, now: new Date() }) : null;
  if (!board) throw new AppError('NOT_A_LISTING');
  return board;
}
