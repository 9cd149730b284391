// What the supervisor's 围标串标筛查 page reads: the screened sections of the regions one watches, and per section its
// screens against their thresholds, its bids' distribution against its market's (relative bids: bid / the section's
// estimate, or bid / the section's median when it has none), and the co-bidding network around its bidders (two hops
// over the market's history, edges carrying how often two bidders bid together and which evidence joined them).
import type { Knex } from 'knex';
import { CollusionScreen } from '@ggzy/db';
import { BusinessError } from '../step';
import { marketBids, type MarketBid } from './market-bids';
import type { ScreenEvidence, ScreenReading } from './screen-market';
import { sectionOfDeal } from './screen-section';

export interface ScreeningFilter { regionCode?: string; flagged?: boolean; before?: number; limit: number }

function summaryOf(r: CollusionScreen) {
  const evidence = JSON.parse(r.evidence) as ScreenEvidence[];
  return {
    id: Number(r.id), dealCode: r.deal_code, sectionCode: r.section_code, regionCode: r.region_code, procedureKind: r.procedure_kind, status: r.status,
    bidCount: Number(r.bid_count), marketTenders: Number(r.market_tenders), score: r.score == null ? null : Number(r.score), threshold: r.threshold == null ? null : Number(r.threshold),
    flagged: Boolean(r.is_flagged), flagReasons: JSON.parse(r.flag_reasons) as string[], indicators: [...new Set(evidence.map((e) => e.indicator))],
    attempts: Number(r.attempts), screenedAt: r.screened_at,
  };
}

/** Screened sections of the given regions, newest first. */
export async function listScreenings(db: Knex, regions: readonly string[], filter: ScreeningFilter) {
  const query = CollusionScreen.query(db).whereIn('region_code', filter.regionCode ? regions.filter((r) => r === filter.regionCode) : [...regions]);
  if (filter.flagged !== undefined) query.where('is_flagged', filter.flagged);
  if (filter.before) query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit);
  return rows.map(summaryOf);
}

/** The region of a deal's section (for the caller's scope), or SECTION_NOT_FOUND. */
export async function regionOfSection(db: Knex, dealCode: string, sectionCode: string): Promise<string> {
  return (await sectionOfDeal(db, dealCode, sectionCode)).regionCode;
}

export const HISTOGRAM_BINS = 20;
export const NETWORK_MAX_NODES = 40;

function relativeBids(bids: readonly MarketBid[]): { basis: 'estimate' | 'median'; values: number[] } {
  const estimate = bids[0]?.estimateFen ?? null;
  if (estimate && estimate > 0) return { basis: 'estimate', values: bids.map((b) => b.priceFen / estimate) };
  const sorted = bids.map((b) => b.priceFen).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { basis: 'median', values: bids.map((b) => b.priceFen / median) };
}

function distribution(section: readonly MarketBid[], market: readonly MarketBid[]) {
  const bySection = new Map<string, MarketBid[]>();
  for (const b of market) bySection.set(b.sectionCode, [...(bySection.get(b.sectionCode) ?? []), b]);
  const marketValues = [...bySection.values()].flatMap((bids) => relativeBids(bids).values);
  const own = relativeBids(section);
  const all = [...marketValues, ...own.values].sort((a, b) => a - b);
  // the range of the middle 98 % of the market and every bid of the section, so one outlier does not flatten the chart
  const lo = Math.min(all[Math.floor(all.length * 0.01)]!, ...own.values);
  const hi = Math.max(all[Math.ceil(all.length * 0.99) - 1]!, ...own.values);
  const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 0.01;
  const bins = Array.from({ length: HISTOGRAM_BINS }, (_, i) => ({ from: Number((lo + i * width).toFixed(4)), to: Number((lo + (i + 1) * width).toFixed(4)), section: 0, market: 0 }));
  const place = (v: number) => Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((v - lo) / width)));
  for (const v of marketValues) if (v >= lo && v <= hi) bins[place(v)]!.market++;
  for (const v of own.values) bins[place(v)]!.section++;
  return {
    basis: own.basis, marketBids: marketValues.length, marketSections: bySection.size, bins,
    sectionBids: section.map((b, i) => ({ bidder: b.creditCode, name: b.name, priceFen: b.priceFen, relative: Number(own.values[i]!.toFixed(4)) })),
  };
}

async function network(db: Knex, section: readonly MarketBid[], market: readonly MarketBid[], regionCode: string, procedureKind: string) {
  const names = new Map(market.map((b) => [b.creditCode, b.name]));
  const bidsOf = new Map<string, number>();
  const coBids = new Map<string, number>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const bySection = new Map<string, string[]>();
  for (const b of market) bySection.set(b.sectionCode, [...(bySection.get(b.sectionCode) ?? []), b.creditCode]);
  const neighbours = new Map<string, Set<string>>();
  for (const bidders of bySection.values()) {
    const unique = [...new Set(bidders)];
    for (const a of unique) bidsOf.set(a, (bidsOf.get(a) ?? 0) + 1);
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) {
        const a = unique[i]!, b = unique[j]!;
        coBids.set(pairKey(a, b), (coBids.get(pairKey(a, b)) ?? 0) + 1);
        neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
        neighbours.set(b, (neighbours.get(b) ?? new Set()).add(a));
      }
    }
  }
  // the evidence every screened section of the market found, per pair of bidders it names
  const evidenceOf = new Map<string, Set<string>>();
  const rows = await CollusionScreen.query(db).where({ region_code: regionCode, procedure_kind: procedureKind }).select('evidence');
  for (const r of rows) {
    for (const e of JSON.parse(r.evidence) as ScreenEvidence[]) {
      const bidders = [...new Set(e.bidders)];
      for (let i = 0; i < bidders.length; i++) for (let j = i + 1; j < bidders.length; j++) {
        const k = pairKey(bidders[i]!, bidders[j]!);
        evidenceOf.set(k, (evidenceOf.get(k) ?? new Set()).add(e.indicator));
      }
    }
  }
  // nodes: the section's bidders, then their co-bidders, then theirs, the most frequent first, up to the limit
  const hop = new Map<string, number>();
  for (const b of section) hop.set(b.creditCode, 0);
  for (const depth of [1, 2]) {
    const frontier = [...hop].filter(([, h]) => h === depth - 1).map(([id]) => id);
    const candidates = new Map<string, number>();
    for (const id of frontier) for (const n of neighbours.get(id) ?? []) if (!hop.has(n)) candidates.set(n, (candidates.get(n) ?? 0) + coBids.get(pairKey(id, n))!);
    for (const [id] of [...candidates].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      if (hop.size >= NETWORK_MAX_NODES) break;
      hop.set(id, depth);
    }
  }
  const nodes = [...hop].map(([id, h]) => ({ id, name: names.get(id) ?? id, hop: h, inSection: h === 0, bids: bidsOf.get(id) ?? 0 }));
  const edges: Array<{ source: string; target: string; coBids: number; evidence: string[] }> = [];
  const ids = [...hop.keys()];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
    const k = pairKey(ids[i]!, ids[j]!);
    const c = coBids.get(k) ?? 0;
    if (!c) continue;
    const [source, target] = k.split('|') as [string, string];
    edges.push({ source, target, coBids: c, evidence: [...(evidenceOf.get(k) ?? [])].sort() });
  }
  return { nodes, edges, truncated: hop.size >= NETWORK_MAX_NODES };
}

/** The section's screening with its market's context; NOT_SCREENED when the section has not been screened yet. */
export async function screeningDetail(db: Knex, dealCode: string, sectionCode: string) {
  const section = await sectionOfDeal(db, dealCode, sectionCode);
  const row = await CollusionScreen.query(db).where('section_id', section.id).first();
  if (!row) throw new BusinessError('NOT_SCREENED', `标段 ${sectionCode} 尚未筛查（开标完成后自动筛查）`, `section ${sectionCode} has not been screened yet (it is screened once its opening is final)`, { sectionCode });
  const market = await marketBids(db, { regionCode: section.regionCode, procedureKind: section.procedureKind });
  const own = market.filter((b) => b.sectionId === section.id);
  return {
    ...summaryOf(row),
    screens: JSON.parse(row.screens) as Record<string, ScreenReading>,
    evidence: JSON.parse(row.evidence) as ScreenEvidence[],
    model: row.model,
    distribution: own.length ? distribution(own, market) : null,
    network: own.length ? await network(db, own, market, section.regionCode, section.procedureKind) : { nodes: [], edges: [], truncated: false },
  };
}
