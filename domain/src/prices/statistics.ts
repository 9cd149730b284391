// The price library's statistics, pure: the summary of a set of prices (count, min, quartiles, median, max), the
// reasonable interval around them (Tukey's fences, [P25 − 1.5·IQR, P75 + 1.5·IQR]: robust to the outliers it is
// meant to find), the trend per month or quarter and a price index against a base period (the ratio of the period's
// median to the base period's, × 100: the items compared are the same item, so no weights are needed).
//
// Quantiles interpolate linearly between order statistics (Hyndman–Fan type 7, Excel's PERCENTILE.INC), so a
// supervisor can check a figure by hand or in a spreadsheet.

export interface PriceSummary {
  count: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  mean: number;
}

export interface ReasonableInterval { lower: number; upper: number; iqr: number }

export const FENCE_FACTOR = 1.5;

/** The q-quantile (0…1) of ascending values, interpolating linearly (type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) throw new RangeError('no values');
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Rounded to two decimals (fen are integers; their quantiles need not be). */
const cents = (v: number) => Math.round(v * 100) / 100;

export function summarize(values: readonly number[]): PriceSummary | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length, min: sorted[0]!, p25: cents(quantile(sorted, 0.25)), median: cents(quantile(sorted, 0.5)),
    p75: cents(quantile(sorted, 0.75)), max: sorted[sorted.length - 1]!, mean: cents(sorted.reduce((s, v) => s + v, 0) / sorted.length),
  };
}

export function reasonableInterval(s: Pick<PriceSummary, 'p25' | 'p75'>): ReasonableInterval {
  const iqr = s.p75 - s.p25;
  return { lower: cents(s.p25 - FENCE_FACTOR * iqr), upper: cents(s.p75 + FENCE_FACTOR * iqr), iqr: cents(iqr) };
}

export type Granularity = 'month' | 'quarter';

/** The trend period of a month (YYYY-MM): itself, or its quarter (YYYY-Qn). */
export function periodOf(month: string, granularity: Granularity): string {
  if (granularity === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface TrendPoint extends PriceSummary { period: string; index: number | null }

/**
 * Per period (ascending) the summary of its prices and the index against the base period (the first period when no
 * base is given). A base period without prices gives no index.
 */
export function trend(observations: ReadonlyArray<{ month: string; value: number }>, granularity: Granularity, basePeriod?: string): { base: string | null; points: TrendPoint[] } {
  const byPeriod = new Map<string, number[]>();
  for (const o of observations) {
    const p = periodOf(o.month, granularity);
    byPeriod.set(p, [...(byPeriod.get(p) ?? []), o.value]);
  }
  const periods = [...byPeriod.keys()].sort();
  const base = basePeriod ?? periods[0] ?? null;
  const baseMedian = base && byPeriod.has(base) ? summarize(byPeriod.get(base)!)!.median : null;
  const points = periods.map((period) => {
    const s = summarize(byPeriod.get(period)!)!;
    return { period, ...s, index: baseMedian ? Math.round((s.median / baseMedian) * 10_000) / 100 : null };
  });
  return { base, points };
}
