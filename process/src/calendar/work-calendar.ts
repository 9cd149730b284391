import { DurationError, parseDuration, type Duration } from './duration';

/**
 * A working-day calendar (工作日): weekends are rest days unless listed as make-up working days (调休),
 * listed public holidays are rest days. Supplied as data by the province, so timers stay deterministic.
 */
export interface WorkCalendar {
  /** Public holidays, YYYY-MM-DD, in the calendar's local time. */
  holidays: readonly string[];
  /** Weekend days that are working days (调休), YYYY-MM-DD. */
  workdays: readonly string[];
  /** Local time offset from UTC in minutes (China Standard Time: 480, no daylight saving). */
  utcOffsetMinutes: number;
  /**
   * A training sandbox (演练) only: its periods run compressed. Part of the calendar the workflow is started with, so
   * a timer's instant depends on the workflow's input alone and replays the same.
   */
  compression?: PeriodCompression;
}

/** "Minutes for days": one day of a period lasts `daySeconds` seconds (60: a 20-day bidding period lasts 20 minutes). */
export interface PeriodCompression {
  daySeconds: number;
  /** The shortest a compressed period becomes, in seconds (default: SHORTEST_COMPRESSED_PERIOD_MS, a minute). */
  shortestSeconds?: number;
}

/**
 * The shortest a compressed period becomes, unless it was shorter to begin with: a window people act in (decrypting a
 * bid in the opening hall, answering an invitation) stays long enough to act in, however strong the compression.
 */
export const SHORTEST_COMPRESSED_PERIOD_MS = 60_000;

/** How long a period of `ms` lasts under the compression (unchanged without one). */
export function compressPeriod(ms: number, compression: PeriodCompression | undefined): number {
  if (!compression || ms <= 0) return ms;
  const scaled = Math.round((ms * compression.daySeconds) / 86_400);
  const shortest = compression.shortestSeconds !== undefined ? compression.shortestSeconds * 1000 : SHORTEST_COMPRESSED_PERIOD_MS;
  return Math.max(scaled, Math.min(ms, shortest));
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: [], workdays: [], utcOffsetMinutes: 480 };

export type CalendarKind = 'calendar' | 'working';

const DAY_MS = 86_400_000;

function localDate(ms: number, cal: WorkCalendar): string {
  return new Date(ms + cal.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function isWorkingDay(ms: number, cal: WorkCalendar): boolean {
  const date = localDate(ms, cal);
  if (cal.workdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const weekday = new Date(ms + cal.utcOffsetMinutes * 60_000).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function addMonthsLocal(ms: number, months: number, cal: WorkCalendar): number {
  const local = new Date(ms + cal.utcOffsetMinutes * 60_000);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return local.getTime() - cal.utcOffsetMinutes * 60_000;
}

/**
 * The instant a duration after `startMs` ends.
 * Calendar days: plain date arithmetic in local time (months keep the day of month, clamped).
 * Working days: each day (a week is five) moves to the next working day at the same local clock time;
 * hours, minutes and seconds are then added as elapsed time.
 * A sandbox calendar compresses the whole period so found (weekends and holidays included) — see `compressPeriod`.
 */
export function addDuration(startMs: number, duration: Duration | string, kind: CalendarKind, cal: WorkCalendar = EMPTY_CALENDAR): number {
  const end = uncompressedEnd(startMs, duration, kind, cal);
  return cal.compression ? startMs + compressPeriod(end - startMs, cal.compression) : end;
}

function uncompressedEnd(startMs: number, duration: Duration | string, kind: CalendarKind, cal: WorkCalendar): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  let t = startMs;
  if (kind === 'calendar') {
    if (d.years || d.months) t = addMonthsLocal(t, d.years * 12 + d.months, cal);
    t += (d.weeks * 7 + d.days) * DAY_MS;
  } else {
    if (d.years || d.months) throw new DurationError('working-day durations are counted in days (D) or weeks (W), not months or years');
    let remaining = d.weeks * 5 + d.days;
    while (remaining > 0) {
      t += DAY_MS;
      if (isWorkingDay(t, cal)) remaining--;
    }
  }
  return t + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** Whole working days from one instant to a later one (the days strictly after `fromMs` up to `toMs`'s day). */
export function workingDaysBetween(fromMs: number, toMs: number, cal: WorkCalendar = EMPTY_CALENDAR): number {
  let count = 0;
  for (let t = fromMs + DAY_MS; localDate(t, cal) <= localDate(toMs, cal); t += DAY_MS) if (isWorkingDay(t, cal)) count++;
  return count;
}
