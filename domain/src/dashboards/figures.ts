// The market dashboards' figures, pure: every figure keeps the counts it was computed from, so a supervisor can check
// it by hand and nothing is shown as a bare ratio. Concentration follows the usual antitrust measures: the
// Herfindahl–Hirschman index (sum of squared market shares in percent, 0–10 000; above 2 500 a market counts as
// highly concentrated) and CR4 (the four largest winners' share of the award value). Medians interpolate as the price
// library's quartiles do (type 7), so a spreadsheet's MEDIAN gives the same number.
import { quantile } from '../prices/statistics';

/** A share with what it is a share of: `count` of `of` (null when there is nothing to divide by). */
export interface Share { count: number; of: number; share: number | null }

export const shareOf = (count: number, of: number): Share => ({ count, of, share: of > 0 ? round(count / of, 6) : null });

export const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

export interface WinnerValue { creditCode: string; name: string; valueFen: number; wins: number }

export interface Concentration {
  /** Awarded sections and their total value. */
  awards: number;
  valueFen: number;
  /** Distinct winners. */
  winners: number;
  /** Σ (share in %)², 0–10 000; null without awards. */
  hhi: number | null;
  /** The four largest winners' value, of the total. */
  cr4: { valueFen: number; of: number; share: number | null };
}

/** HHI and CR4 of the award value by winner. */
export function concentration(winners: readonly WinnerValue[]): Concentration {
  const valueFen = winners.reduce((s, w) => s + w.valueFen, 0);
  const awards = winners.reduce((s, w) => s + w.wins, 0);
  const ranked = [...winners].sort((a, b) => b.valueFen - a.valueFen);
  const top4 = ranked.slice(0, 4).reduce((s, w) => s + w.valueFen, 0);
  const hhi = valueFen > 0 ? round(ranked.reduce((s, w) => s + (100 * w.valueFen / valueFen) ** 2, 0), 2) : null;
  return { awards, valueFen, winners: winners.length, hhi, cr4: { valueFen: top4, of: valueFen, share: valueFen > 0 ? round(top4 / valueFen, 6) : null } };
}

/** Adds up award value and wins per winner (credit code). */
export function byWinner(awards: ReadonlyArray<{ creditCode: string; name: string; priceFen: number }>): WinnerValue[] {
  const out = new Map<string, WinnerValue>();
  for (const a of awards) {
    const w = out.get(a.creditCode) ?? { creditCode: a.creditCode, name: a.name, valueFen: 0, wins: 0 };
    w.valueFen += a.priceFen;
    w.wins += 1;
    out.set(a.creditCode, w);
  }
  return [...out.values()];
}

export const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000; // China Standard Time, no daylight saving

/** The month (YYYY-MM) an instant falls in, China time. */
export const chinaMonth = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);

export type PeriodKind = 'month' | 'quarter';

/** The period of a month: itself, or its quarter (YYYY-Qn). */
export function periodOfMonth(month: string, kind: PeriodKind): string {
  if (kind === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every period from the month `from` to the month `to` (both included), in order. */
export function periodsBetween(from: string, to: string, kind: PeriodKind): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4)), endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    const p = periodOfMonth(`${y}-${String(m).padStart(2, '0')}`, kind);
    if (out[out.length - 1] !== p) out.push(p);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** Months from `from` to `to`, both included (0 when `to` is before `from`). */
export function monthSpan(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** Whole days elapsed between two instants (a calendar-day period of D days is exactly D × 24 h). */
export const elapsedDays = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

export interface DurationFigure {
  /** Deals whose two milestones both fell so the later one is in the period. */
  deals: number;
  medianDays: number | null;
  /** The statutory minimum in calendar days, when every deal counted has the same one (else null: see `withMinimum`). */
  minimumDays: number | null;
  /** The rules the minimum comes from (ids of the statutory rules). */
  rules: string[];
  /** Deals whose procedure has a minimum for this span; of them, those that ran at it (within its day) or below it. */
  withMinimum: number;
  atMinimum: Share;
  belowMinimum: Share;
}

export interface DurationSample { days: number; minimumDays: number | null; rule: string | null }

export function durationFigure(samples: readonly DurationSample[]): DurationFigure {
  const bounded = samples.filter((s) => s.minimumDays !== null);
  const minima = [...new Set(bounded.map((s) => s.minimumDays))];
  const at = bounded.filter((s) => s.days === s.minimumDays).length;
  const below = bounded.filter((s) => s.days < s.minimumDays!).length;
  return {
    deals: samples.length,
    medianDays: median(samples.map((s) => s.days)),
    minimumDays: minima.length === 1 && bounded.length === samples.length ? minima[0]! : null,
    rules: [...new Set(bounded.map((s) => s.rule!))].sort(),
    withMinimum: bounded.length,
    atMinimum: shareOf(at, bounded.length),
    belowMinimum: shareOf(below, bounded.length),
  };
}
