// Markets with known cartel behaviour, from a seed: what a single labelled market cannot show — whether a screen
// carries to another spread of bids (tenfold between countries), other numbers of bidders, and other ways of rigging
// (complementary bids at a fixed ratio, tight or wide above the designated winner; rotation of the wins; phantom
// bidders that only ever lose). The same seed gives the same bids.
import { BidTableBuilder } from './bid-table';

export interface MarketSpec {
  name: string;
  tenders: number;
  /** Bidders of the market (the cartel's members among them). */
  bidderPool: number;
  /** Mean bids per competitive tender (at least 2). */
  meanBids: number;
  /** Standard deviation of the bidders' log prices around the common cost: 0.01 tight … 0.12 wide. */
  costSpread: number;
  /** Share of tenders the cartel rigs. */
  cartelShare: number;
  cartelSize: number;
  /** How the losing members bid above the designated winner. */
  coverStyle: 'fixed-ratio' | 'tight' | 'wide';
  /** The designated winner is the member with the fewest wins so far (else a leader wins most). */
  rotation: boolean;
  /** Bidders that appear only in rigged tenders, always losing. */
  phantoms: number;
  /** Chance that an outsider bids competitively in a rigged tender. */
  outsiderRate: number;
  /** Share of tenders whose label is flipped (real labels are noisy). */
  labelNoise: number;
  /** Bids are rounded to this unit. */
  unit: number;
}

/** A small, fast, seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0, p = random();
  while (p > limit) { k++; p *= random(); }
  return k;
}

/** Default markets for training and validation: spreads from 1 % to 12 %, 3 to 10 bids, every style of rigging. */
export const SYNTHETIC_MARKETS: readonly Omit<MarketSpec, 'tenders'>[] = [
  { name: 'synthetic-tight-cover', bidderPool: 60, meanBids: 5, costSpread: 0.012, cartelShare: 0.4, cartelSize: 6, coverStyle: 'fixed-ratio', rotation: true, phantoms: 0, outsiderRate: 0.1, labelNoise: 0.05, unit: 1000 },
  { name: 'synthetic-wide-rotation', bidderPool: 150, meanBids: 8, costSpread: 0.10, cartelShare: 0.25, cartelSize: 5, coverStyle: 'tight', rotation: true, phantoms: 2, outsiderRate: 0.2, labelNoise: 0.05, unit: 100 },
  { name: 'synthetic-wide-covers', bidderPool: 80, meanBids: 4, costSpread: 0.02, cartelShare: 0.3, cartelSize: 4, coverStyle: 'wide', rotation: false, phantoms: 1, outsiderRate: 0.15, labelNoise: 0.05, unit: 100 },
  { name: 'synthetic-phantoms', bidderPool: 200, meanBids: 10, costSpread: 0.06, cartelShare: 0.2, cartelSize: 3, coverStyle: 'tight', rotation: false, phantoms: 4, outsiderRate: 0.05, labelNoise: 0.05, unit: 100 },
  { name: 'synthetic-small-ring', bidderPool: 40, meanBids: 3, costSpread: 0.04, cartelShare: 0.5, cartelSize: 4, coverStyle: 'fixed-ratio', rotation: true, phantoms: 0, outsiderRate: 0.3, labelNoise: 0.08, unit: 10 },
  { name: 'synthetic-broad', bidderPool: 300, meanBids: 7, costSpread: 0.12, cartelShare: 0.15, cartelSize: 8, coverStyle: 'wide', rotation: true, phantoms: 3, outsiderRate: 0.1, labelNoise: 0.05, unit: 1000 },
];

/** Adds one generated market's bids to the builder (or a new one). */
export function generateMarket(spec: MarketSpec, seed: number, builder = new BidTableBuilder()): BidTableBuilder {
  const random = seededRandom(seed);
  const members = Array.from({ length: spec.cartelSize }, (_, i) => i);
  const phantoms = Array.from({ length: spec.phantoms }, (_, i) => spec.bidderPool + i);
  const regulars = spec.bidderPool;
  // a member's fixed cover ratio is of the order of the market's own spread (a cover must look like a real bid)
  const coverRatio = new Float64Array(spec.bidderPool + spec.phantoms).map(() => spec.costSpread * (0.2 + random()));
  const wins = new Int32Array(spec.cartelSize);
  // firms differ in how often they bid (size, capacity, reach): an activity weight each, log-normal, so that a market
  // has its regulars and its occasional entrants whether or not a ring works in it
  const activity = new Float64Array(regulars).map(() => Math.exp(normal(random)));
  const cumulative = new Float64Array(regulars);
  activity.reduce((sum, a, i) => (cumulative[i] = sum + a), 0);
  const total = cumulative[regulars - 1]!;
  const pickByActivity = () => {
    const u = random() * total;
    let lo = 0, hi = regulars - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const round = (v: number) => Math.max(spec.unit, Math.round(v / spec.unit) * spec.unit);
  for (let t = 0; t < spec.tenders; t++) {
    const tender = `${spec.name}-${t + 1}`;
    const estimate = round(Math.exp(Math.log(5e6) + normal(random)));
    const cost = estimate * (0.85 + 0.1 * random());
    const competitive = () => cost * Math.exp(0.03 + spec.costSpread * normal(random));
    const rigged = random() < spec.cartelShare;
    const bids: Array<{ bidder: number; bid: number }> = [];
    if (!rigged) {
      const n = Math.min(regulars, 2 + poisson(random, spec.meanBids - 2));
      const chosen = new Set<number>();
      while (chosen.size < n) chosen.add(pickByActivity());
      for (const bidder of chosen) bids.push({ bidder, bid: competitive() });
    } else {
      let present = members.filter(() => random() < 0.7);
      if (present.length < 2) present = members.slice(0, 2);
      let designated: number;
      if (spec.rotation) {
        const fewest = Math.min(...present.map((m) => wins[m]!));
        const candidates = present.filter((m) => wins[m] === fewest);
        designated = candidates[Math.floor(random() * candidates.length)]!;
      } else designated = random() < 0.6 && present.includes(0) ? 0 : present[Math.floor(random() * present.length)]!;
      wins[designated]!++;
      const winning = cost * Math.exp(0.03 + 0.03 + 0.07 * random() + (spec.costSpread / 2) * normal(random));
      bids.push({ bidder: designated, bid: winning });
      const covers = [...present.filter((m) => m !== designated), ...phantoms.filter(() => random() < 0.6)];
      for (const bidder of covers) {
        const above = spec.coverStyle === 'fixed-ratio' ? Math.log(1 + coverRatio[bidder]!) + 0.0005 * normal(random)
          : spec.coverStyle === 'tight' ? 0.002 + Math.abs((spec.costSpread / 3) * normal(random))
            : 0.01 + Math.abs(3 * spec.costSpread * normal(random));
        bids.push({ bidder, bid: winning * Math.exp(above) });
      }
      if (random() < spec.outsiderRate) {
        let outsider = pickByActivity();
        while (outsider < spec.cartelSize) outsider = pickByActivity();
        bids.push({ bidder: outsider, bid: competitive() });
      }
    }
    const rounded = bids.map((b) => ({ bidder: b.bidder, bid: round(b.bid) }));
    const lowest = rounded.reduce((low, b, i) => (b.bid < rounded[low]!.bid ? i : low), 0);
    const label = random() < spec.labelNoise ? !rigged : rigged;
    rounded.forEach((b, i) => builder.add({
      tender, market: spec.name, bid: b.bid, bidder: `${spec.name}-b${b.bidder + 1}`, winner: i === lowest, estimate, collusive: label,
    }));
  }
  return builder;
}

/** The default markets, each with `tenders` tenders, seeded from `seed`. */
export function generateMarkets(seed: number, tenders: number, count = SYNTHETIC_MARKETS.length, builder = new BidTableBuilder()): BidTableBuilder {
  for (let i = 0; i < count; i++) {
    const base = SYNTHETIC_MARKETS[i % SYNTHETIC_MARKETS.length]!;
    const name = i < SYNTHETIC_MARKETS.length ? base.name : `${base.name}-${Math.floor(i / SYNTHETIC_MARKETS.length) + 1}`;
    generateMarket({ ...base, name, tenders }, (seed * 1000003 + i * 7919) >>> 0, builder);
  }
  return builder;
}
