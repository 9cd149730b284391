// 网上挂牌 (a land listing held online): the terms its notice announces, and the listing's own steps.
// - listing.announce: the starting price, the increment, the deposit and the listing period, recorded before the
//   notice goes out; the section then asks that deposit of every applicant (竞买申请 and its deposit are the bidders'
//   own acts, online, while the notice runs).
// - listing.open: at the announced start the board takes quotes (国土资源部令第39号 §18: at least 10 working days).
// - listing.close: at the announced end it takes no more; the highest quote and its bidder go into the process, each
//   bidder's best quote onto its bid. Whether the highest reaches the reserve price (底价, kept sealed until now) is the
//   centre's to announce, as §20 has it.
import { z } from 'zod';
import { isPostgres, toIsoTimestamp } from '@ggzy/db';
import type { Knex } from 'knex';
import { BusinessError, code, defineTask, fen, type TaskContext } from '../step';

const instant = z.iso.datetime({ offset: true });

export interface ListingRow {
  id: number; deal_id: number; section_id: number; starting_price_fen: number; increment_fen: number; deposit_fen: number;
  starts_at: string; ends_at: string; opened_at: string | null; closed_at: string | null;
}

const numbers = (row: Record<string, unknown>): ListingRow => ({
  id: Number(row.id), deal_id: Number(row.deal_id), section_id: Number(row.section_id), starting_price_fen: Number(row.starting_price_fen),
  increment_fen: Number(row.increment_fen), deposit_fen: Number(row.deposit_fen), starts_at: toIsoTimestamp(row.starts_at) as string,
  ends_at: toIsoTimestamp(row.ends_at) as string, opened_at: toIsoTimestamp(row.opened_at) as string | null,
  closed_at: toIsoTimestamp(row.closed_at) as string | null,
});

/** The deal's listing, locked for the act (quotes and the close take turns). */
export async function lockListing(trx: Knex, dealId: number): Promise<ListingRow | null> {
  const query = trx('land_listings').where('deal_id', dealId).first();
  if (isPostgres(trx)) query.forUpdate();
  const row = await query;
  return row ? numbers(row) : null;
}

export async function listingOfDeal(db: Knex, dealId: number): Promise<ListingRow | null> {
  const row = await db('land_listings').where('deal_id', dealId).first();
  return row ? numbers(row) : null;
}

async function dealAndSection(ctx: TaskContext, sectionCode: string) {
  const dealCode = ctx.requireDealCode();
  const row = await ctx.trx('sections as s').join('deals as d', 'd.id', 's.deal_id').where({ 'd.deal_code': dealCode, 's.section_code': sectionCode })
    .first('d.id as deal_id', 's.id as section_id');
  if (!row) throw new BusinessError('SECTION_NOT_FOUND', `交易项目 ${dealCode} 没有标段 ${sectionCode}`, `deal ${dealCode} has no section ${sectionCode}`, { dealCode, sectionCode });
  return { dealId: Number(row.deal_id), sectionId: Number(row.section_id) };
}

async function requireListing(ctx: TaskContext): Promise<{ dealCode: string; listing: ListingRow }> {
  const dealCode = ctx.requireDealCode();
  const deal = await ctx.trx('deals').where('deal_code', dealCode).first('id');
  const listing = deal ? await lockListing(ctx.trx, Number(deal.id)) : null;
  if (!listing) throw new BusinessError('NOT_A_LISTING', `交易项目 ${dealCode} 没有挂牌出让条件（应先执行 listing.announce）`, `deal ${dealCode} has no listing terms (listing.announce first)`, { dealCode });
  return { dealCode, listing };
}

export const announceListing = defineTask({
  type: 'listing.announce',
  input: z.object({
    sectionCode: code,
    startingPriceFen: fen.positive(),
    incrementFen: fen.positive(),
    depositFen: fen.positive(),
    listingStartsAt: instant,
    listingEndsAt: instant,
  }).superRefine((v, ctx) => {
    if (Date.parse(v.listingEndsAt) <= Date.parse(v.listingStartsAt)) ctx.addIssue({ code: 'custom', path: ['listingEndsAt'], message: 'the listing ends after it starts' });
    if (v.incrementFen > v.startingPriceFen) ctx.addIssue({ code: 'custom', path: ['incrementFen'], message: 'the increment is at most the starting price' });
  }),
  async run(ctx, terms) {
    const { dealId, sectionId } = await dealAndSection(ctx, terms.sectionCode);
    const existing = await lockListing(ctx.trx, dealId);
    if (existing?.opened_at) {
      throw new BusinessError('LISTING_ALREADY_OPEN', '挂牌已开始，挂牌条件不能再改', 'the listing has started: its terms can no longer change', { sectionCode: terms.sectionCode });
    }
    const paid = await ctx.trx('deposits').where('section_id', sectionId).first('id');
    if (paid && existing && existing.deposit_fen !== terms.depositFen) {
      throw new BusinessError('DEPOSIT_AMOUNT_LOCKED', '已有竞买人缴纳保证金，保证金金额不能再改', 'bidders already paid deposits: the amount can no longer change', { sectionCode: terms.sectionCode });
    }
    const row = {
      starting_price_fen: terms.startingPriceFen, increment_fen: terms.incrementFen, deposit_fen: terms.depositFen,
      starts_at: new Date(terms.listingStartsAt).toISOString(), ends_at: new Date(terms.listingEndsAt).toISOString(), announced_key: ctx.key,
    };
    // the review may be returned and done again before the notice: the terms it settles last are the ones announced
    if (existing) await ctx.trx('land_listings').where('id', existing.id).update(row);
    else await ctx.trx('land_listings').insert({ ...row, deal_id: dealId, section_id: sectionId, created_at: ctx.now.toISOString() });
    await ctx.trx('sections').where('id', sectionId).update({ deposit_required_fen: terms.depositFen });
    const announced = { sectionCode: terms.sectionCode, startingPriceFen: terms.startingPriceFen, incrementFen: terms.incrementFen, depositFen: terms.depositFen, startsAt: row.starts_at, endsAt: row.ends_at };
    await ctx.emit('listing.announced', announced);
    return { result: announced };
  },
});

export const openListing = defineTask({
  type: 'listing.open',
  input: z.object({}),
  async run(ctx) {
    const { listing } = await requireListing(ctx);
    if (ctx.now.getTime() < Date.parse(listing.starts_at)) {
      throw new BusinessError('LISTING_NOT_STARTED', `挂牌开始时间 ${listing.starts_at} 未到`, `the listing starts at ${listing.starts_at}`, { startsAt: listing.starts_at });
    }
    const openedAt = listing.opened_at ?? ctx.now.toISOString();
    if (!listing.opened_at) await ctx.trx('land_listings').where('id', listing.id).update({ opened_at: openedAt });
    const opened = { startingPriceFen: listing.starting_price_fen, incrementFen: listing.increment_fen, openedAt, endsAt: listing.ends_at };
    await ctx.emit('listing.opened', opened);
    return { result: opened };
  },
});

export interface ListingOutcome { highestPriceFen: number | null; listingWinner: string | null; quotes: number; bidders: number }

export const closeListing = defineTask({
  type: 'listing.close',
  input: z.object({}),
  async run(ctx) {
    const { listing } = await requireListing(ctx);
    if (!listing.opened_at) throw new BusinessError('LISTING_NOT_OPEN', '挂牌尚未开始', 'the listing has not started', {});
    if (ctx.now.getTime() < Date.parse(listing.ends_at)) {
      throw new BusinessError('LISTING_NOT_ENDED', `挂牌截止时间 ${listing.ends_at} 未到`, `the listing ends at ${listing.ends_at}`, { endsAt: listing.ends_at });
    }
    const closedAt = listing.closed_at ?? ctx.now.toISOString();
    if (!listing.closed_at) await ctx.trx('land_listings').where('id', listing.id).update({ closed_at: closedAt });
    const best = await ctx.trx('listing_quotes').where('listing_id', listing.id).groupBy('bid_id').select('bid_id').max('price_fen as price_fen');
    for (const b of best) await ctx.trx('bids').where('id', b.bid_id).update({ price_fen: Number(b.price_fen) });
    const top = await ctx.trx('listing_quotes as q').join('subjects as s', 's.id', 'q.bidder_subject_id').where('q.listing_id', listing.id)
      .orderBy('q.price_fen', 'desc').first('q.price_fen', 'q.bidder_no', 's.credit_code');
    const count = await ctx.trx('listing_quotes').where('listing_id', listing.id).count('id as n').first();
    const outcome: ListingOutcome = {
      highestPriceFen: top ? Number(top.price_fen) : null, listingWinner: top ? String(top.credit_code) : null, quotes: Number(count?.n ?? 0), bidders: best.length,
    };
    await ctx.emit('listing.closed', { closedAt, highestPriceFen: outcome.highestPriceFen, highestBidderNo: top ? Number(top.bidder_no) : null, quotes: outcome.quotes, bidders: outcome.bidders });
    return { variables: { highestPriceFen: outcome.highestPriceFen, listingWinner: outcome.listingWinner, listingQuotes: outcome.quotes }, result: outcome };
  },
});
