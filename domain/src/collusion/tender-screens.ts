// Screens of one tender from its bids alone (the statistical screens of the bid-rigging literature: Imhof, Huber &
// Imhof; 实施条例 §40(四) "投标报价呈规律性差异"). Each is a plain number, NaN where the tender has too few bids for it.
// A cartel's complementary bids tend to be tight (low CV, small spread), bunched above a winner that stands apart
// (large distance of the two lowest), or laid out on a grid (regular gaps, identical prices).

export const TENDER_SCREENS = [
  'bids', 'cv', 'kurtosis', 'skewness', 'spread', 'diffp', 'relativeDistance', 'normalizedDistance', 'ksUniform',
  'gapRegularity', 'identicalBids', 'winnerToEstimate',
] as const;
export type TenderScreen = (typeof TENDER_SCREENS)[number];

/**
 * Writes the tender screens of `sorted` (the tender's bids, ascending) into out[k][t], k in TENDER_SCREENS order.
 * `winning` is the winning bid, `estimate` the reserve price (NaN unknown).
 */
export function writeTenderScreens(sorted: Float64Array, winning: number, estimate: number, out: Float64Array[], t: number): void {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - mean;
    const d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  const sd = n >= 2 ? Math.sqrt(m2 / (n - 1)) : NaN;
  const b1 = sorted[0]!;
  const b2 = n >= 2 ? sorted[1]! : NaN;
  const bn = sorted[n - 1]!;
  // sample standard deviation of the losing bids (all but the lowest), by the same two passes
  let losingSd = NaN;
  if (n >= 3) {
    const losingMean = (sum - b1) / (n - 1);
    let s = 0;
    for (let i = 1; i < n; i++) { const d = sorted[i]! - losingMean; s += d * d; }
    losingSd = Math.sqrt(s / (n - 2));
  }
  // Kolmogorov–Smirnov distance of the bids to the uniform law on [lowest, highest]
  let ks = NaN;
  const range = bn - b1;
  if (n >= 3 && range > 0) {
    ks = 0;
    for (let i = 0; i < n; i++) {
      const u = (sorted[i]! - b1) / range;
      ks = Math.max(ks, (i + 1) / n - u, u - i / n);
    }
  }
  // coefficient of variation of the gaps between adjacent bids (0: bids on an even grid)
  let gapCv = NaN;
  if (n >= 3 && range > 0) {
    const gapMean = range / (n - 1);
    let s = 0;
    for (let i = 1; i < n; i++) { const d = sorted[i]! - sorted[i - 1]! - gapMean; s += d * d; }
    gapCv = Math.sqrt(s / (n - 2)) / gapMean;
  }
  // share of bids equal to another bid of the tender
  let identical = 0;
  for (let i = 0; i < n; i++) if ((i > 0 && sorted[i] === sorted[i - 1]) || (i + 1 < n && sorted[i] === sorted[i + 1])) identical++;

  const z = sd > 0 ? 1 / sd : NaN;
  out[0]![t] = n;
  out[1]![t] = n >= 2 ? sd / mean : NaN;
  out[2]![t] = n >= 4 && sd > 0
    ? (n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3)) * m4 * z ** 4 - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3))
    : NaN;
  out[3]![t] = n >= 3 && sd > 0 ? (n / ((n - 1) * (n - 2))) * m3 * z ** 3 : NaN;
  out[4]![t] = n >= 2 ? range / b1 : NaN;
  out[5]![t] = n >= 2 ? (b2 - b1) / b1 : NaN;
  out[6]![t] = losingSd > 0 ? (b2 - b1) / losingSd : NaN;
  out[7]![t] = n >= 3 && range > 0 ? ((b2 - b1) * (n - 1)) / range : NaN;
  out[8]![t] = ks;
  out[9]![t] = gapCv;
  out[10]![t] = n >= 2 ? identical / n : NaN;
  out[11]![t] = estimate > 0 ? winning / estimate : NaN;
}

/** The tender screens of one list of bids, by name (for a single tender and for checking by hand). */
export function tenderScreens(bids: readonly number[], options: { winning?: number; estimate?: number } = {}): Record<TenderScreen, number> {
  if (!bids.length) throw new RangeError('a tender needs at least one bid');
  const sorted = Float64Array.from(bids).sort();
  const out = TENDER_SCREENS.map(() => new Float64Array(1));
  writeTenderScreens(sorted, options.winning ?? sorted[0]!, options.estimate ?? NaN, out, 0);
  return Object.fromEntries(TENDER_SCREENS.map((name, k) => [name, out[k]![0]!])) as Record<TenderScreen, number>;
}
