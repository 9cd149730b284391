// 网上挂牌报价: during the listing a bidder who applied (竞买申请) and paid its deposit in full quotes online. The
// first quote is at least the starting price, each later one at least the highest so far plus the increment; the
// bidder holding the highest quote waits until another outbids it. The board shows every quote by its bidder's
// number (竞买号), never by name; the quote is the bidder's own act with its receipt on the supervision trail.
import type { Knex } from 'knex';
import { Deposit, DepositRefund, toIsoTimestamp } from '@ggzy/db';
import { assertNotSanctioned } from '../credit/sanctions';
import { BusinessError } from '../step';
import { dealNotFound, loadDeal, partyStepContext, type PartyActor } from '../parties/online/context';
import { issueReceipt, type ReceiptView } from '../parties/online/receipts';
import { listingOfDeal, lockListing, type ListingRow } from './terms';

const ENDED = ['terminated', 'failed', 'completed'];

export interface BoardQuote { seq: number; bidderNo: number; priceFen: number; quotedAt: string; mine: boolean; bidder?: { creditCode: string; name: string } }

export interface ListingBoard {
  dealCode: string;
  sectionCode: string;
  /** announced: the notice runs; open: quotes are taken; ended: past the end, not yet closed by the procedure; closed. */
  status: 'announced' | 'open' | 'ended' | 'closed';
  startingPriceFen: number;
  incrementFen: number;
  depositFen: number;
  startsAt: string;
  endsAt: string;
  openedAt: string | null;
  closedAt: string | null;
  highest: BoardQuote | null;
  /** The least the next quote may be. */
  nextMinimumFen: number;
  quotes: BoardQuote[];
  /** For a party: its bidder number once it applied, and whether it may quote now (and if not, why). */
  me?: { applied: boolean; bidderNo: number | null; depositPaid: boolean; mayQuote: boolean; why: { zh: string; en: string } | null };
}

export interface QuoteAnswer { replayed: boolean; quote: BoardQuote; board: ListingBoard; receipt: ReceiptView | null }

function statusOf(listing: ListingRow, now: Date): ListingBoard['status'] {
  if (listing.closed_at) return 'closed';
  if (!listing.opened_at) return 'announced';
  return now.getTime() < Date.parse(listing.ends_at) ? 'open' : 'ended';
}

async function quotesOf(db: Knex, listingId: number) {
  return db('listing_quotes as q').join('subjects as s', 's.id', 'q.bidder_subject_id').where('q.listing_id', listingId).orderBy('q.seq')
    .select('q.seq', 'q.bidder_no', 'q.price_fen', 'q.quoted_at', 'q.bidder_subject_id', 's.credit_code', 's.name');
}

/** The bidder's registration for the listed parcel, its number among the applicants, and whether its deposit is in. */
async function applicantOf(db: Knex, listing: ListingRow, subjectId: number) {
  const bid = await db('bids').where({ section_id: listing.section_id, bidder_subject_id: subjectId }).first('id', 'status');
  if (!bid || bid.status === 'withdrawn' || bid.status === 'rejected') return null;
  const before = await db('bids').where('section_id', listing.section_id).where('id', '<=', bid.id).count('id as n').first();
  const deposit = await Deposit.query(db).modify('ofBidder', listing.section_id, subjectId).first();
  const refunded = deposit ? await DepositRefund.query(db).where('deposit_id', deposit.id).first() : undefined;
  const depositPaid = Boolean(deposit) && !refunded && Number(deposit!.amount_fen) >= listing.deposit_fen;
  return { bidId: Number(bid.id), bidderNo: Number(before?.n ?? 0), depositPaid };
}

const refusal = (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => new BusinessError(code, zh, en, details);

/** Why the party may not quote now (null: it may), the price aside. */
function quoteBar(listing: ListingRow, dealStatus: string, applicant: Awaited<ReturnType<typeof applicantOf>>, now: Date): BusinessError | null {
  if (ENDED.includes(dealStatus)) return refusal('DEAL_ENDED', '交易项目已结束', 'the deal has ended', { status: dealStatus });
  const status = statusOf(listing, now);
  if (status === 'announced') return refusal('LISTING_NOT_OPEN', `挂牌尚未开始（挂牌开始时间 ${listing.starts_at}）`, `the listing has not started (it starts at ${listing.starts_at})`, { startsAt: listing.starts_at });
  if (status !== 'open') return refusal('LISTING_CLOSED', `挂牌已截止（${listing.ends_at}）`, `the listing has ended (${listing.ends_at})`, { endsAt: listing.ends_at });
  if (!applicant) return refusal('NOT_REGISTERED_BIDDER', '未提交竞买申请，不能报价', 'only an applicant may quote', {});
  if (!applicant.depositPaid) return refusal('DEPOSIT_NOT_PAID', `竞买保证金未足额到账（应缴 ${listing.deposit_fen} 分），不能报价`, `the deposit (${listing.deposit_fen} fen) has not been received in full: no quote yet`, { depositFen: listing.deposit_fen });
  return null;
}

function boardOf(dealCode: string, sectionCode: string, listing: ListingRow, rows: Awaited<ReturnType<typeof quotesOf>>, now: Date, viewer: { subjectId: number } | { staff: true }): ListingBoard {
  const status = statusOf(listing, now);
  const named = 'staff' in viewer && status === 'closed';
  const quotes: BoardQuote[] = rows.map((r) => ({
    seq: Number(r.seq), bidderNo: Number(r.bidder_no), priceFen: Number(r.price_fen), quotedAt: toIsoTimestamp(r.quoted_at) as string,
    mine: 'subjectId' in viewer && Number(r.bidder_subject_id) === viewer.subjectId,
    ...(named ? { bidder: { creditCode: String(r.credit_code), name: String(r.name) } } : {}),
  }));
  const highest = quotes.reduce<BoardQuote | null>((top, q) => (!top || q.priceFen > top.priceFen ? q : top), null);
  return {
    dealCode, sectionCode, status, startingPriceFen: listing.starting_price_fen, incrementFen: listing.increment_fen, depositFen: listing.deposit_fen,
    startsAt: listing.starts_at, endsAt: listing.ends_at, openedAt: listing.opened_at, closedAt: listing.closed_at, highest,
    nextMinimumFen: highest ? highest.priceFen + listing.increment_fen : listing.starting_price_fen, quotes,
  };
}

async function sectionCodeOf(db: Knex, sectionId: number): Promise<string> {
  return String((await db('sections').where('id', sectionId).first('section_code')).section_code);
}

/** The board of a deal's listing as a party (its own number and whether it may quote) or the centre's staff see it. */
export async function listingBoard(db: Knex, input: { dealCode: string; viewer: { subjectId: number } | { staff: true }; now: Date }): Promise<ListingBoard | null> {
  const deal = await loadDeal(db, input.dealCode, input.now);
  if (!deal) return null;
  const listing = await listingOfDeal(db, deal.id);
  if (!listing) return null;
  const board = boardOf(deal.code, await sectionCodeOf(db, listing.section_id), listing, await quotesOf(db, listing.id), input.now, input.viewer);
  if ('subjectId' in input.viewer) {
    const applicant = await applicantOf(db, listing, input.viewer.subjectId);
    const bar = quoteBar(listing, deal.status, applicant, input.now)
      ?? (board.highest?.mine ? refusal('QUOTE_ALREADY_HIGHEST', '您的报价已是最高报价', 'yours is the highest quote', {}) : null);
    board.me = {
      applied: Boolean(applicant), bidderNo: applicant?.bidderNo ?? null, depositPaid: applicant?.depositPaid ?? false,
      mayQuote: !bar, why: bar ? { zh: bar.zh, en: bar.en } : null,
    };
  }
  return board;
}

/** A bidder's quote; the same request again answers the same quote. */
export async function submitListingQuote(db: Knex, input: { dealCode: string; priceFen: number; requestId: string; actor: PartyActor; now: Date }): Promise<QuoteAnswer> {
  const { actor, now } = input;
  const requestKey = `quote:${actor.subjectId}:${input.requestId}`;
  return db.transaction(async (trx) => {
    const deal = await loadDeal(trx, input.dealCode, now);
    if (!deal) throw dealNotFound(input.dealCode);
    const listing = await lockListing(trx, deal.id);
    if (!listing) throw refusal('NOT_A_LISTING', `交易项目 ${deal.code} 不是网上挂牌出让`, `deal ${deal.code} is not an online land listing`, { dealCode: deal.code });
    const sectionCode = await sectionCodeOf(trx, listing.section_id);
    const given = await trx('listing_quotes').where('request_key', requestKey).first('seq', 'price_fen');
    if (given) {
      if (Number(given.price_fen) !== input.priceFen) {
        throw refusal('QUOTE_KEY_REUSED', '该请求编号已用于另一次报价', 'this request id was used for another quote', { requestId: input.requestId });
      }
      const board = boardOf(deal.code, sectionCode, listing, await quotesOf(trx, listing.id), now, { subjectId: actor.subjectId });
      return { replayed: true, quote: board.quotes.find((q) => q.seq === Number(given.seq))!, board, receipt: null };
    }
    const applicant = await applicantOf(trx, listing, actor.subjectId);
    const bar = quoteBar(listing, deal.status, applicant, now);
    if (bar) throw bar;
    await assertNotSanctioned(trx, actor.creditCode, now);
    const rows = await quotesOf(trx, listing.id);
    const before = boardOf(deal.code, sectionCode, listing, rows, now, { subjectId: actor.subjectId });
    if (before.highest?.mine) throw refusal('QUOTE_ALREADY_HIGHEST', '您的报价已是最高报价，待他人更高报价后方可再报', 'yours is the highest quote: quote again once someone outbids it', { highestFen: before.highest.priceFen });
    if (input.priceFen < before.nextMinimumFen) {
      const first = !before.highest;
      throw refusal('QUOTE_TOO_LOW',
        first ? `首次报价不得低于挂牌起始价 ${before.nextMinimumFen} 分` : `报价不得低于当前最高报价加增价幅度，即 ${before.nextMinimumFen} 分`,
        first ? `the first quote is at least the starting price, ${before.nextMinimumFen} fen` : `a quote is at least the highest plus the increment: ${before.nextMinimumFen} fen`,
        { nextMinimumFen: before.nextMinimumFen });
    }
    const seq = rows.length + 1;
    const quotedAt = now.toISOString();
    await trx('listing_quotes').insert({
      listing_id: listing.id, bid_id: applicant!.bidId, bidder_subject_id: actor.subjectId, bidder_no: applicant!.bidderNo, seq, price_fen: input.priceFen,
      request_key: requestKey, person_name: actor.personName, quoted_at: quotedAt,
    });
    await trx('bids').where({ id: applicant!.bidId, status: 'registered' }).update({ status: 'submitted' });
    const ctx = partyStepContext(trx as Knex.Transaction, { key: requestKey, deal, actor: actor.username, party: actor, now });
    const receipt = await issueReceipt(ctx, {
      kind: 'quote', deal, actor, section: { id: listing.section_id, code: sectionCode },
      details: { seq, bidderNo: applicant!.bidderNo, priceFen: input.priceFen, quotedAt },
    });
    const board = boardOf(deal.code, sectionCode, listing, await quotesOf(trx, listing.id), now, { subjectId: actor.subjectId });
    return { replayed: false, quote: board.quotes.find((q) => q.seq === seq)!, board, receipt };
  });
}
