// What the market dashboards are computed from, read from the transaction library with plain knex (the same SQL on
// SQLite and PostgreSQL): the sections that reached their bid deadline with their valid bids and award, each bid at an
// opening (for the win rates), and each deal's milestones. Timestamps are compared and bucketed in code, not in SQL:
// the two databases keep them differently (text on SQLite, timestamptz on PostgreSQL), and China time decides the month.
import type { Knex } from 'knex';
import { toIsoTimestamp } from '@ggzy/db';
import { MINIMUM_BIDS } from '../bids/open-bids';

export interface MarketScope {
  /** The deals' regions (a city, or the cities of a province). */
  regions: readonly string[];
  /** Training-sandbox deals are counted only when the region asked for is a sandbox. */
  sandbox: boolean;
  procedureKind?: string;
  category?: string;
}

export interface SectionFact {
  sectionId: number;
  regionCode: string;
  procedureKind: string;
  /** The opening (or, for a section that failed before one, the bid deadline). */
  at: Date;
  /** Valid bids at the opening; without an opening, the live registered bids. */
  bids: number;
  /** 流标/废标: the section failed, or it cannot be awarded for too few valid bids (实施条例 §44) and was not. */
  failed: boolean;
  estimateFen: number | null;
  award: { priceFen: number; at: Date; creditCode: string; name: string } | null;
}

export interface AwardFact { sectionId: number; regionCode: string; procedureKind: string; at: Date; priceFen: number; estimateFen: number | null; creditCode: string; name: string }

export interface BidFact { sectionId: number; creditCode: string; name: string }

export interface DealFact {
  dealId: number;
  regionCode: string;
  procedureKind: string;
  startedAt: Date;
  noticeAt: Date | null;
  openedAt: Date | null;
  awardedAt: Date | null;
  archivedAt: Date | null;
}

/** The notices that announce a deal's competition (the tender, procurement or land-listing notice). */
export const OPENING_NOTICES = ['tender', 'procurement', 'land-listing'] as const;

const time = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(toIsoTimestamp(v) as string));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function scoped(q: Knex.QueryBuilder, scope: MarketScope, deal = 'd'): Knex.QueryBuilder {
  q.whereIn(`${deal}.region_code`, [...scope.regions]).where(`${deal}.is_sandbox`, scope.sandbox);
  if (scope.procedureKind) q.where(`${deal}.procedure_kind`, scope.procedureKind);
  if (scope.category) q.where(`${deal}.category`, scope.category);
  return q;
}

export async function sectionFacts(db: Knex, scope: MarketScope): Promise<SectionFact[]> {
  const liveBids = db('bids').whereNotIn('status', ['withdrawn', 'rejected']).groupBy('section_id').select('section_id').count('* as n').as('lb');
  // sections, their deal, their completed opening, their live bids and their award: clearer as plain knex
  const rows = await scoped(db('sections as s')
    .join('deals as d', 'd.id', 's.deal_id')
    .leftJoin('bid_openings as o', (j) => j.on('o.section_id', '=', 's.id').andOnVal('o.status', '=', 'complete'))
    .leftJoin(liveBids, 'lb.section_id', 's.id')
    .leftJoin('awards as a', 'a.section_id', 's.id')
    .leftJoin('subjects as w', 'w.id', 'a.winner_subject_id'), scope)
    .where((w) => w.whereNotNull('o.id').orWhere((f) => f.where('s.status', 'failed').whereNotNull('d.bid_deadline_at')))
    .orderBy('s.id')
    .select('s.id', 's.status', 's.estimate_fen', 'd.region_code', 'd.procedure_kind', 'd.bid_deadline_at', 'o.opened_at', 'o.valid_bid_count', 'lb.n as live_bids',
      'a.price_fen as award_fen', 'a.issued_at as awarded_at', 'w.credit_code as winner_code', 'w.name as winner_name');
  return rows.map((r: Record<string, unknown>) => {
    const opened = r.opened_at !== null && r.opened_at !== undefined;
    const bids = opened ? Number(r.valid_bid_count) : Number(r.live_bids ?? 0);
    const award = r.award_fen === null || r.award_fen === undefined ? null
      : { priceFen: Number(r.award_fen), at: time(r.awarded_at)!, creditCode: String(r.winner_code), name: String(r.winner_name) };
    return {
      sectionId: Number(r.id), regionCode: String(r.region_code), procedureKind: String(r.procedure_kind),
      at: time(opened ? r.opened_at : r.bid_deadline_at)!, bids,
      failed: !award && (r.status === 'failed' || bids < MINIMUM_BIDS),
      estimateFen: num(r.estimate_fen), award,
    };
  });
}

/** Every award notice of the scope (of any procedure, opened or not) with its section's estimate. */
export async function awardFacts(db: Knex, scope: MarketScope): Promise<AwardFact[]> {
  const rows = await scoped(db('awards as a')
    .join('sections as s', 's.id', 'a.section_id')
    .join('deals as d', 'd.id', 'a.deal_id')
    .join('subjects as w', 'w.id', 'a.winner_subject_id'), scope)
    .orderBy('a.id')
    .select('a.section_id', 'd.region_code', 'd.procedure_kind', 'a.issued_at', 'a.price_fen', 's.estimate_fen', 'w.credit_code', 'w.name');
  return rows.map((r: Record<string, unknown>) => ({
    sectionId: Number(r.section_id), regionCode: String(r.region_code), procedureKind: String(r.procedure_kind), at: time(r.issued_at)!,
    priceFen: Number(r.price_fen), estimateFen: num(r.estimate_fen), creditCode: String(r.credit_code), name: String(r.name),
  }));
}

/** Every valid bid at a completed opening of the scope: who bid where, for the bidders' win rates. */
export async function bidFacts(db: Knex, scope: MarketScope): Promise<BidFact[]> {
  const rows = await scoped(db('bid_opening_lines as l')
    .join('bid_openings as o', 'o.id', 'l.opening_id')
    .join('sections as s', 's.id', 'o.section_id')
    .join('deals as d', 'd.id', 's.deal_id')
    .join('subjects as p', 'p.id', 'l.bidder_subject_id'), scope)
    .where({ 'o.status': 'complete', 'l.is_valid': true })
    .select('o.section_id', 'p.credit_code', 'p.name');
  return rows.map((r: Record<string, unknown>) => ({ sectionId: Number(r.section_id), creditCode: String(r.credit_code), name: String(r.name) }));
}

/** Each deal's milestones: its start, its first competition notice, first opening, first award notice and its archive. */
export async function dealFacts(db: Knex, scope: MarketScope): Promise<DealFact[]> {
  const deals = await scoped(db('deals as d').leftJoin('archives as ar', 'ar.deal_id', 'd.id'), scope)
    .select('d.id', 'd.region_code', 'd.procedure_kind', 'd.created_at', 'ar.sealed_at');
  const notices = await scoped(db('notices as n').join('deals as d', 'd.id', 'n.deal_id'), scope)
    .whereIn('n.notice_type', [...OPENING_NOTICES]).select('n.deal_id', 'n.published_at');
  const openings = await scoped(db('bid_openings as o').join('sections as s', 's.id', 'o.section_id').join('deals as d', 'd.id', 's.deal_id'), scope)
    .where('o.status', 'complete').select('s.deal_id', 'o.opened_at');
  const awards = await scoped(db('awards as a').join('deals as d', 'd.id', 'a.deal_id'), scope).select('a.deal_id', 'a.issued_at');
  const first = (rows: Array<Record<string, unknown>>, column: string) => {
    const out = new Map<number, Date>();
    for (const r of rows) {
      const id = Number(r.deal_id), at = time(r[column])!;
      const seen = out.get(id);
      if (!seen || at < seen) out.set(id, at);
    }
    return out;
  };
  const noticeAt = first(notices, 'published_at'), openedAt = first(openings, 'opened_at'), awardedAt = first(awards, 'issued_at');
  return deals.map((r: Record<string, unknown>) => {
    const id = Number(r.id);
    return {
      dealId: id, regionCode: String(r.region_code), procedureKind: String(r.procedure_kind), startedAt: time(r.created_at)!,
      noticeAt: noticeAt.get(id) ?? null, openedAt: openedAt.get(id) ?? null, awardedAt: awardedAt.get(id) ?? null, archivedAt: time(r.sealed_at),
    };
  });
}
