// Calibration within the market being screened, without labels: each screen becomes its tender's mid-rank position
// among the market's tenders, mapped to (−1, 1), so that a tenfold tighter bid spread (Japanese public works against
// Swiss road works) or another currency leaves the features unchanged. A screen a tender lacks (too few bids, no
// bidder ids) sits at 0, the market's median.
import { tendersByMarket, type BidTable } from './bid-table';

/** features[k][t] in (−1, 1): the rank of values[k][t] among its market's tenders. */
export function calibrateWithinMarkets(table: BidTable, values: readonly Float64Array[]): Float64Array[] {
  const T = table.tenders.length;
  const features = values.map(() => new Float64Array(T));
  for (const tenders of tendersByMarket(table)) {
    const order = new Int32Array(tenders.length);
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      const out = features[k]!;
      let m = 0;
      for (const t of tenders) if (!Number.isNaN(v[t]!)) order[m++] = t;
      const known = order.subarray(0, m).sort((a, b) => v[a]! - v[b]! || a - b);
      for (let i = 0; i < m;) {
        let j = i;
        while (j + 1 < m && v[known[j + 1]!] === v[known[i]!]) j++;
        const position = ((i + j) / 2 + 0.5) / m; // mid-rank of the ties, in (0, 1)
        for (let r = i; r <= j; r++) out[known[r]!] = 2 * position - 1;
        i = j + 1;
      }
    }
  }
  return features;
}
