// How much time a timer or a due duration is guaranteed to take, and at most may take, in the unit of a rule.
//
// Calendar-day rules are measured in milliseconds; working-day rules in working days, counted as the interpreter's
// calendar counts them: the days after the start day up to the end day that are working days. That count is exactly
// additive over consecutive steps, so bounds of steps along a path add up.
//
// - A calendar-day duration of D days is exactly D×24 h (China Standard Time has no daylight saving); a month is
//   28–31 days, a year 365–366. In working days it guarantees nothing: the working-day calendar is data set per region
//   and year by the administrator, so no number of calendar days can be shown to contain a working day. It spans at
//   most ⌈length / 24 h⌉ working days (each calendar day is at most one).
// - A working-day duration of N days moves to the next working day N times, each move at least one calendar day: it
//   guarantees N working days and N calendar days. Its calendar length has no upper bound (holidays are data).
//   Hours, minutes and seconds are elapsed time added after the days.
import { parseDuration, type Duration } from '../calendar/duration';
import type { CalendarKind } from '../calendar/work-calendar';
import { isExpressionText } from '../expression/expression-text';
import type { TimerDefinition } from '../model';
import type { PeriodUnit, StatutoryPeriod } from './rules';

export const DAY_MS = 86_400_000;

/** Why a step has no upper bound (or, for `beforeSource`, why a step has no lower bound). */
export type UnboundedReason =
  | 'noDueDuration' | 'messageWait' | 'conditionWait' | 'signalWait' | 'callActivity' | 'timerNotFixed' | 'workingDaysInCalendarDays'
  | 'sequentialInstances' | 'compensation' | 'loop' | 'parallelJoin' | 'repeatingTimer' | 'beforeSource';

export interface Cause {
  reason: UnboundedReason;
  node: string;
}

/** Lower and upper bound of the time a step takes, in the rule's unit; `cause` explains an infinite upper bound. */
export interface StepBounds {
  lo: number;
  hi: number;
  cause?: Cause;
}

export const ZERO: StepBounds = { lo: 0, hi: 0 };

function fixedMs(d: Duration): number {
  return ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** Bounds of a literal ISO-8601 duration counted in `calendar` days, expressed in `unit`. */
export function durationBounds(d: Duration, calendar: CalendarKind, unit: PeriodUnit, node: string): StepBounds {
  const fixed = fixedMs(d);
  if (calendar === 'calendar') {
    const loMs = ((d.years * 365 + d.months * 28 + d.weeks * 7 + d.days) * DAY_MS) + fixed;
    const hiMs = ((d.years * 366 + d.months * 31 + d.weeks * 7 + d.days) * DAY_MS) + fixed;
    return unit === 'calendarDays' ? { lo: loMs, hi: hiMs } : { lo: 0, hi: Math.ceil(hiMs / DAY_MS) };
  }
  if (d.years || d.months) return { lo: 0, hi: Infinity, cause: { reason: 'timerNotFixed', node } }; // refused by the compiler anyway
  const count = d.weeks * 5 + d.days;
  if (unit === 'workingDays') return { lo: count, hi: count + Math.ceil(fixed / DAY_MS) };
  return count === 0 ? { lo: fixed, hi: fixed } : { lo: count * DAY_MS + fixed, hi: Infinity, cause: { reason: 'workingDaysInCalendarDays', node } };
}

/** Bounds of a duration given as text (a literal, or an expression known only at run time). */
export function textDurationBounds(value: string, calendar: CalendarKind, unit: PeriodUnit, node: string, unknown: UnboundedReason): StepBounds {
  if (isExpressionText(value)) return { lo: 0, hi: Infinity, cause: { reason: unknown, node } };
  let d: Duration;
  try {
    d = parseDuration(value);
  } catch {
    return { lo: 0, hi: Infinity, cause: { reason: unknown, node } }; // the compiler reports the bad duration
  }
  return durationBounds(d, calendar, unit, node);
}

/** Parts of a repeating interval R<n>/<duration>; `repetitions` is null when unlimited. */
export function cycleOf(value: string): { repetitions: number | null; interval: string } | null {
  const m = /^R(\d*)\/(P.+)$/.exec(value.trim());
  return m ? { repetitions: m[1] ? Number(m[1]) : null, interval: m[2]! } : null;
}

/**
 * How long after a token arrives a timer fires (the first time, for cycles). The interpreter fires a cycle on an
 * intermediate catch event once, after one interval; `R0/…` fires at once there. Dates and expressions are not known
 * at design time: they guarantee nothing and bound nothing.
 */
export function timerBounds(timer: TimerDefinition, unit: PeriodUnit, node: string): StepBounds {
  if (timer.type === 'date') return { lo: 0, hi: Infinity, cause: { reason: 'timerNotFixed', node } };
  if (timer.type === 'duration') return textDurationBounds(timer.value, timer.calendar, unit, node, 'timerNotFixed');
  const cycle = cycleOf(timer.value);
  if (!cycle) return { lo: 0, hi: Infinity, cause: { reason: 'timerNotFixed', node } };
  if (cycle.repetitions === 0) return ZERO;
  return textDurationBounds(cycle.interval, timer.calendar, unit, node, 'timerNotFixed');
}

/** The rule's period in its unit. */
export function periodValue(period: StatutoryPeriod): number {
  return period.unit === 'calendarDays' ? period.amount * DAY_MS : period.amount;
}

/** A bound as words: "20 日" / "20 days", "19 日 12 小时" / "19 days 12 hours", "5 个工作日" / "5 working days". */
export function formatAmount(value: number, unit: PeriodUnit): { zh: string; en: string } {
  if (unit === 'workingDays') {
    const n = Math.max(0, value);
    return { zh: `${n} 个工作日`, en: `${n} working day${n === 1 ? '' : 's'}` };
  }
  const ms = Math.max(0, Math.round(value));
  const dayCount = Math.floor(ms / DAY_MS);
  const rest = ms - dayCount * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  const minutes = Math.floor((rest - hours * 3_600_000) / 60_000);
  const zh = [`${dayCount} 日`, hours ? `${hours} 小时` : '', minutes ? `${minutes} 分钟` : ''].filter(Boolean).join(' ');
  const en = [`${dayCount} day${dayCount === 1 ? '' : 's'}`, hours ? `${hours} hour${hours === 1 ? '' : 's'}` : '', minutes ? `${minutes} minute${minutes === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ');
  return { zh, en };
}

export function formatPeriod(period: StatutoryPeriod): { zh: string; en: string } {
  return formatAmount(periodValue(period), period.unit);
}
