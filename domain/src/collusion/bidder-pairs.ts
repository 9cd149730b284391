// Screens over bidder pairs across a market's tenders: who bids with whom (co-bidding), whether wins pass from one to
// the other in turn (rotation), whether a loser's bid sits at a fixed ratio above the same winner (cover bids) or two
// bidders' prices keep a fixed ratio whoever wins (实施条例 §40(四) "投标报价呈规律性差异"), and bidders who bid
// repeatedly and never win (phantom or cover bidders). Each pair is counted once per tender it shares.
// Two screens of participation: how often the tender's bidders meet across the market (a ring is a stable set of firms
// that keep meeting, while competitive tenders draw a changing field), and how regular its bidders are (the share of
// the market's tenders each bids in: ring members bid in every tender they share out, occasional entrants seldom).
import { winnerRow, type BidTable } from './bid-table';

export const PAIR_SCREENS = ['coBidding', 'rotation', 'coverBidDispersion', 'fixedRatioDispersion', 'neverWinnerShare', 'meetings', 'regularity'] as const;
export type PairScreen = (typeof PAIR_SCREENS)[number];

export interface PairStatistics {
  /** Pair p is bidders lo[p] < hi[p]. */
  lo: Int32Array;
  hi: Int32Array;
  /** Tenders the pair shared, and those among them won by lo / by hi. */
  count: Int32Array;
  winsLo: Int32Array;
  winsHi: Int32Array;
  /** Sums of log(bid of lo / bid of hi) and of its square: over all shared tenders, over those lo won, hi won. */
  sum: Float64Array;
  sumSq: Float64Array;
  sumLoWon: Float64Array;
  sumSqLoWon: Float64Array;
  sumHiWon: Float64Array;
  sumSqHiWon: Float64Array;
  /** Per bidder: tenders bid, tenders won. */
  bidderBids: Int32Array;
  bidderWins: Int32Array;
  /** The bidder of each tender's winning row (−1 unknown). */
  winnerBidder: Int32Array;
  /** Pair of each (row i < row j) incidence of each tender, in loop order, −1 when not a pair of two known bidders. */
  incidence: Int32Array;
  /** Incidences of tender t start at incidenceStart[t]. */
  incidenceStart: Int32Array;
}

/** Sample standard deviation from a count, a sum and a sum of squares (NaN below two values). */
export function sdOf(count: number, sum: number, sumSq: number): number {
  if (count < 2) return NaN;
  const v = (sumSq - (sum * sum) / count) / (count - 1);
  return v > 0 ? Math.sqrt(v) : 0;
}

export function pairStatistics(table: BidTable): PairStatistics {
  const T = table.tenders.length;
  const B = table.bidders.length;
  const { start, bidder, bid } = table;
  const incidenceStart = new Int32Array(T + 1);
  let incidences = 0;
  for (let t = 0; t < T; t++) { incidenceStart[t] = incidences; const n = start[t + 1]! - start[t]!; incidences += (n * (n - 1)) / 2; }
  incidenceStart[T] = incidences;
  const incidence = new Int32Array(incidences);
  const index = new Map<number, number>();
  const loList: number[] = [];
  const hiList: number[] = [];
  const winnerBidder = new Int32Array(T);
  const bidderBids = new Int32Array(B);
  const bidderWins = new Int32Array(B);
  let k = 0;
  for (let t = 0; t < T; t++) {
    const from = start[t]!, to = start[t + 1]!;
    const w = bidder[winnerRow(table, t)]!;
    winnerBidder[t] = w;
    if (w >= 0) bidderWins[w]!++;
    for (let i = from; i < to; i++) {
      const a = bidder[i]!;
      if (a >= 0) bidderBids[a]!++;
      for (let j = i + 1; j < to; j++) {
        const b = bidder[j]!;
        if (a < 0 || b < 0 || a === b) { incidence[k++] = -1; continue; }
        const key = a < b ? a * B + b : b * B + a;
        let p = index.get(key);
        if (p === undefined) { p = loList.length; index.set(key, p); loList.push(Math.min(a, b)); hiList.push(Math.max(a, b)); }
        incidence[k++] = p;
      }
    }
  }
  const P = loList.length;
  const s: PairStatistics = {
    lo: Int32Array.from(loList), hi: Int32Array.from(hiList), count: new Int32Array(P), winsLo: new Int32Array(P), winsHi: new Int32Array(P),
    sum: new Float64Array(P), sumSq: new Float64Array(P), sumLoWon: new Float64Array(P), sumSqLoWon: new Float64Array(P),
    sumHiWon: new Float64Array(P), sumSqHiWon: new Float64Array(P), bidderBids, bidderWins, winnerBidder, incidence, incidenceStart,
  };
  k = 0;
  for (let t = 0; t < T; t++) {
    const from = start[t]!, to = start[t + 1]!;
    const w = winnerBidder[t]!;
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) {
        const p = incidence[k++]!;
        if (p < 0) continue;
        const iIsLo = bidder[i] === s.lo[p];
        const r = iIsLo ? Math.log(bid[i]! / bid[j]!) : Math.log(bid[j]! / bid[i]!);
        s.count[p]!++;
        s.sum[p]! += r;
        s.sumSq[p]! += r * r;
        if (w === s.lo[p]) { s.winsLo[p]!++; s.sumLoWon[p]! += r; s.sumSqLoWon[p]! += r * r; }
        else if (w === s.hi[p]) { s.winsHi[p]!++; s.sumHiWon[p]! += r; s.sumSqHiWon[p]! += r * r; }
      }
    }
  }
  return s;
}

/** Writes the pair screens of every tender into out[offset + k][t], k in PAIR_SCREENS order. */
export function writePairScreens(table: BidTable, s: PairStatistics, out: Float64Array[], offset: number): void {
  const T = table.tenders.length;
  const { start, bidder } = table;
  const [coBid, rotation, cover, fixed, never, meetings, regularity] = PAIR_SCREENS.map((_, k) => out[offset + k]!) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const marketTenders = new Int32Array(table.markets.length);
  for (const m of table.tenderMarket) marketTenders[m]!++;
  let k = 0;
  for (let t = 0; t < T; t++) {
    const from = start[t]!, to = start[t + 1]!;
    const w = s.winnerBidder[t]!;
    const ofMarket = marketTenders[table.tenderMarket[t]!]!;
    let pairs = 0, coSum = 0, meetSum = 0, rotPairs = 0, rotSum = 0, coverMin = Infinity, fixedMin = Infinity;
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) {
        const p = s.incidence[k++]!;
        if (p < 0) continue;
        const c = s.count[p]!;
        const lo = s.lo[p]!, hi = s.hi[p]!;
        pairs++;
        coSum += c / Math.min(s.bidderBids[lo]!, s.bidderBids[hi]!);
        meetSum += c;
        if (c >= 2) {
          rotPairs++;
          rotSum += (2 * Math.min(s.winsLo[p]!, s.winsHi[p]!)) / c;
          fixedMin = Math.min(fixedMin, sdOf(c, s.sum[p]!, s.sumSq[p]!));
        }
        if (w === lo && s.winsLo[p]! >= 2) coverMin = Math.min(coverMin, sdOf(s.winsLo[p]!, s.sumLoWon[p]!, s.sumSqLoWon[p]!));
        else if (w === hi && s.winsHi[p]! >= 2) coverMin = Math.min(coverMin, sdOf(s.winsHi[p]!, s.sumHiWon[p]!, s.sumSqHiWon[p]!));
      }
    }
    let known = 0, neverWon = 0, bidShare = 0;
    for (let i = from; i < to; i++) {
      const b = bidder[i]!;
      if (b < 0) continue;
      known++;
      bidShare += s.bidderBids[b]! / ofMarket;
      if (s.bidderBids[b]! >= 3 && s.bidderWins[b] === 0) neverWon++;
    }
    coBid[t] = pairs ? coSum / pairs : NaN;
    rotation[t] = rotPairs ? rotSum / rotPairs : NaN;
    cover[t] = coverMin === Infinity ? NaN : coverMin;
    fixed[t] = fixedMin === Infinity ? NaN : fixedMin;
    never[t] = known ? neverWon / known : NaN;
    meetings[t] = pairs ? meetSum / pairs / ofMarket : NaN;
    regularity[t] = known ? bidShare / known : NaN;
  }
}
