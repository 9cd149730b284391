// Every screen of every tender of a bid table: the tender screens (one sort and two passes per tender) and the
// bidder-pair screens (one pass over the pairs each tender shares). Columnar output: values[k][t].
import type { BidTable } from './bid-table';
import { winnerRow } from './bid-table';
import { TENDER_SCREENS, writeTenderScreens } from './tender-screens';
import { PAIR_SCREENS, pairStatistics, writePairScreens, type PairStatistics } from './bidder-pairs';

export const SCREENS = [...TENDER_SCREENS, ...PAIR_SCREENS] as const;
export type Screen = (typeof SCREENS)[number];

export interface ScreenMatrix {
  /** values[k][t]: screen SCREENS[k] of tender t, NaN where it cannot be computed. */
  values: Float64Array[];
  pairs: PairStatistics;
}

export function computeScreens(table: BidTable): ScreenMatrix {
  const T = table.tenders.length;
  const values = SCREENS.map(() => new Float64Array(T));
  let widest = 0;
  for (let t = 0; t < T; t++) widest = Math.max(widest, table.start[t + 1]! - table.start[t]!);
  const scratch = new Float64Array(widest);
  for (let t = 0; t < T; t++) {
    const from = table.start[t]!, to = table.start[t + 1]!;
    const sorted = scratch.subarray(0, to - from);
    sorted.set(table.bid.subarray(from, to));
    sorted.sort();
    writeTenderScreens(sorted, table.bid[winnerRow(table, t)]!, table.estimate[t]!, values, t);
  }
  const pairs = pairStatistics(table);
  writePairScreens(table, pairs, values, TENDER_SCREENS.length);
  return { values, pairs };
}

/** Screens of tender t by name, NaN as null (for JSON). */
export function screensOf(matrix: ScreenMatrix, t: number): Record<Screen, number | null> {
  return Object.fromEntries(SCREENS.map((name, k) => {
    const v = matrix.values[k]![t]!;
    return [name, Number.isFinite(v) ? Number(v.toPrecision(6)) : null];
  })) as Record<Screen, number | null>;
}
