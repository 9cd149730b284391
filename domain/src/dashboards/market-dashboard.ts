// 市场分析: the market dashboards of a region (a city, or a province = its cities, each also on its own) per month or
// quarter, China time, for one procedure kind (and deal category) or all. What each figure counts and when:
// - competitiveness — the sections that reached their bid deadline in the period (their opening, or the deadline of a
//   section that failed before one): valid bidders per section (mean, median), the share with a single bid, the share
//   failed (流标/废标);
// - concentration — the award notices issued in the period: HHI and CR4 of the award value by winner, and the largest
//   winners with their win rate over the sections opened in the period they bid in;
// - prices — the same awards against their section's estimate (控制价/估算价): the median ratio and its quartiles;
// - volumes — deals started, first awarded and archived in the period;
// - durations — notice → opening, opening → award notice, start → archive, each counted in the period its later
//   milestone fell in, against the procedure's statutory minimum (milestones.ts).
import type { Knex } from 'knex';
import { BusinessError } from '../step';
import { quantile } from '../prices/statistics';
import {
  byWinner, chinaMonth, concentration, durationFigure, elapsedDays, mean, median, monthSpan, periodOfMonth, periodsBetween, round, shareOf,
  type Concentration, type DurationFigure, type DurationSample, type PeriodKind, type Share,
} from './figures';
import { awardFacts, bidFacts, dealFacts, sectionFacts, type AwardFact, type BidFact, type DealFact, type MarketScope, type SectionFact } from './market-facts';
import { MILESTONE_SPANS, spanMinimum, type MilestoneSpan } from './milestones';

export interface MarketQuery {
  regionCode: string;
  /** First and last month (YYYY-MM, China time), both included. */
  from: string;
  to: string;
  period: PeriodKind;
  procedureKind?: string;
  category?: string;
}

/** The longest span one dashboard covers: ten years of months. */
export const MAX_MONTHS = 120;
/** How many of the largest winners are listed with their win rate. */
export const TOP_BIDDERS = 5;

export interface CompetitionFigures {
  sections: number;
  /** Valid bids over those sections. */
  bids: number;
  biddersMean: number | null;
  biddersMedian: number | null;
  singleBid: Share;
  failed: Share;
}

export interface TopBidder {
  creditCode: string;
  name: string;
  /** Award value and awards issued in the period; the value's share of the period's award value. */
  valueFen: number;
  awards: number;
  valueShare: number | null;
  /** Sections opened in the period it won, of those it bid in. */
  winRate: Share;
}

export interface PriceFigures {
  awards: number;
  /** Of the awards, those whose section has an estimate: the ratios are theirs. */
  withEstimate: number;
  awardFen: number;
  estimateFen: number;
  medianRatio: number | null;
  p25Ratio: number | null;
  p75Ratio: number | null;
}

export interface VolumeFigures { started: number; awarded: number; archived: number }

export interface PeriodFigures {
  period: string;
  competition: CompetitionFigures;
  concentration: Concentration & { top: TopBidder[] };
  prices: PriceFigures;
  volumes: VolumeFigures;
  durations: Record<MilestoneSpan, DurationFigure>;
}

export interface RegionSeries {
  regionCode: string;
  regionName: string;
  /** The cities pooled (the city itself for a city). */
  cities: string[];
  periods: PeriodFigures[];
  /** The whole span as one period. */
  total: PeriodFigures;
}

export interface MarketDashboard {
  query: MarketQuery;
  periods: string[];
  /** The statutory minimum of each span for the procedure asked for (null: none, or no procedure chosen). */
  minimums: Record<MilestoneSpan, { days: number; rule: string } | null>;
  /** The region asked for first, then each of its cities. */
  regions: RegionSeries[];
}

export function rangeError(from: string, to: string): BusinessError | null {
  const months = monthSpan(from, to);
  if (months < 1) return new BusinessError('MARKET_RANGE_INVALID', `起始月份 ${from} 晚于截止月份 ${to}`, `the first month ${from} is after the last month ${to}`, { from, to });
  if (months > MAX_MONTHS) {
    return new BusinessError('MARKET_RANGE_INVALID', `统计区间最长 ${MAX_MONTHS} 个月，所选为 ${months} 个月`, `a dashboard covers at most ${MAX_MONTHS} months, not ${months}`, { from, to, months });
  }
  return null;
}

interface RegionRow { code: string; name: string; level: string; parent_code: string | null; sandbox_day_seconds: number | null }

/** The region asked for and the cities it pools: a province's real cities (its training sandbox apart), or itself. */
export async function marketRegions(db: Knex, regionCode: string): Promise<{ region: RegionRow; cities: RegionRow[] }> {
  const region: RegionRow | undefined = await db('regions').where('code', regionCode).first('code', 'name', 'level', 'parent_code', 'sandbox_day_seconds');
  if (!region) throw new BusinessError('REGION_NOT_FOUND', `地区 ${regionCode} 不存在`, `no region ${regionCode}`, { regionCode });
  if (region.level !== 'province') return { region, cities: [region] };
  const cities: RegionRow[] = await db('regions').where('parent_code', regionCode).whereNull('sandbox_day_seconds').orderBy('code')
    .select('code', 'name', 'level', 'parent_code', 'sandbox_day_seconds');
  return { region, cities };
}

export async function marketDashboard(db: Knex, query: MarketQuery): Promise<MarketDashboard> {
  const refused = rangeError(query.from, query.to);
  if (refused) throw refused;
  const { region, cities } = await marketRegions(db, query.regionCode);
  const scope: MarketScope = {
    regions: cities.map((c) => c.code), sandbox: region.sandbox_day_seconds !== null,
    ...(query.procedureKind ? { procedureKind: query.procedureKind } : {}), ...(query.category ? { category: query.category } : {}),
  };
  const facts = { sections: await sectionFacts(db, scope), awards: await awardFacts(db, scope), bids: await bidFacts(db, scope), deals: await dealFacts(db, scope) };
  const periods = periodsBetween(query.from, query.to, query.period);
  const series = (code: string, name: string, pooled: string[]): RegionSeries => {
    const mine = <T extends { regionCode: string }>(rows: T[]) => rows.filter((r) => pooled.includes(r.regionCode));
    const sectionIds = new Set(mine(facts.sections).map((s) => s.sectionId));
    const of = { sections: mine(facts.sections), awards: mine(facts.awards), deals: mine(facts.deals), bids: facts.bids.filter((b) => sectionIds.has(b.sectionId)) };
    const inPeriod = (at: Date | null, period: string | null) => {
      if (!at) return false;
      const month = chinaMonth(at);
      return month >= query.from && month <= query.to && (period === null || periodOfMonth(month, query.period) === period);
    };
    return {
      regionCode: code, regionName: name, cities: pooled,
      periods: periods.map((p) => figuresOf(p, of, (at) => inPeriod(at, p))),
      total: figuresOf(`${query.from}~${query.to}`, of, (at) => inPeriod(at, null)),
    };
  };
  const regions = [series(region.code, region.name, cities.map((c) => c.code))];
  if (region.level === 'province') for (const c of cities) regions.push(series(c.code, c.name, [c.code]));
  const minimums = Object.fromEntries(MILESTONE_SPANS.map((s) => [s, query.procedureKind ? spanMinimum(query.procedureKind, s) : null])) as MarketDashboard['minimums'];
  return { query, periods, minimums, regions };
}

interface Facts { sections: SectionFact[]; awards: AwardFact[]; bids: BidFact[]; deals: DealFact[] }

function figuresOf(period: string, facts: Facts, within: (at: Date | null) => boolean): PeriodFigures {
  const sections = facts.sections.filter((s) => within(s.at));
  const awards = facts.awards.filter((a) => within(a.at));
  return {
    period,
    competition: competitionOf(sections),
    concentration: concentrationOf(awards, sections, facts.bids),
    prices: pricesOf(awards),
    volumes: {
      started: facts.deals.filter((d) => within(d.startedAt)).length,
      awarded: facts.deals.filter((d) => within(d.awardedAt)).length,
      archived: facts.deals.filter((d) => within(d.archivedAt)).length,
    },
    durations: durationsOf(facts.deals, within),
  };
}

function competitionOf(sections: SectionFact[]): CompetitionFigures {
  const counts = sections.map((s) => s.bids);
  const biddersMean = mean(counts);
  return {
    sections: sections.length, bids: counts.reduce((s, n) => s + n, 0),
    biddersMean: biddersMean === null ? null : round(biddersMean, 4), biddersMedian: median(counts),
    singleBid: shareOf(counts.filter((n) => n === 1).length, sections.length),
    failed: shareOf(sections.filter((s) => s.failed).length, sections.length),
  };
}

function concentrationOf(awards: AwardFact[], sections: SectionFact[], bids: BidFact[]): PeriodFigures['concentration'] {
  const winners = byWinner(awards);
  const measured = concentration(winners);
  const opened = new Set(sections.map((s) => s.sectionId));
  const top = [...winners].sort((a, b) => b.valueFen - a.valueFen || a.creditCode.localeCompare(b.creditCode)).slice(0, TOP_BIDDERS).map((w) => {
    const bidIn = new Set(bids.filter((b) => b.creditCode === w.creditCode && opened.has(b.sectionId)).map((b) => b.sectionId));
    const won = sections.filter((s) => bidIn.has(s.sectionId) && s.award?.creditCode === w.creditCode).length;
    return {
      creditCode: w.creditCode, name: w.name, valueFen: w.valueFen, awards: w.wins,
      valueShare: measured.valueFen > 0 ? round(w.valueFen / measured.valueFen, 6) : null, winRate: shareOf(won, bidIn.size),
    };
  });
  return { ...measured, top };
}

function pricesOf(awards: AwardFact[]): PriceFigures {
  const estimated = awards.filter((a) => a.estimateFen !== null && a.estimateFen > 0);
  const ratios = estimated.map((a) => a.priceFen / a.estimateFen!).sort((a, b) => a - b);
  const q = (p: number) => (ratios.length ? round(quantile(ratios, p), 6) : null);
  return {
    awards: awards.length, withEstimate: estimated.length,
    awardFen: estimated.reduce((s, a) => s + a.priceFen, 0), estimateFen: estimated.reduce((s, a) => s + a.estimateFen!, 0),
    medianRatio: q(0.5), p25Ratio: q(0.25), p75Ratio: q(0.75),
  };
}

const SPAN_ENDS: Record<MilestoneSpan, (d: DealFact) => [Date | null, Date | null]> = {
  'notice-to-opening': (d) => [d.noticeAt, d.openedAt],
  'opening-to-award': (d) => [d.openedAt, d.awardedAt],
  'start-to-archive': (d) => [d.startedAt, d.archivedAt],
};

function durationsOf(deals: DealFact[], within: (at: Date | null) => boolean): Record<MilestoneSpan, DurationFigure> {
  const out = {} as Record<MilestoneSpan, DurationFigure>;
  for (const span of MILESTONE_SPANS) {
    const samples: DurationSample[] = [];
    for (const d of deals) {
      const [from, to] = SPAN_ENDS[span](d);
      if (!from || !to || to < from || !within(to)) continue;
      const minimum = spanMinimum(d.procedureKind, span);
      samples.push({ days: elapsedDays(from, to), minimumDays: minimum?.days ?? null, rule: minimum?.rule ?? null });
    }
    out[span] = durationFigure(samples);
  }
  return out;
}
