// When a process-level timer start event starts deals: once at a literal date; every fixed interval (a cycle in
// calendar time, R<n>/<duration> of weeks, days, hours, minutes and seconds, from a start date when it names one,
// R<n>/<start>/<duration>), n times or without end; or as a cron expression says (Camunda 8's form: six fields, seconds
// first, or a macro such as @daily), in China Standard Time. Anything that depends on variables (there are none before
// the deal) is not a schedule: null; of the working-day calendar, only every working day (R/P1D in working days). Months and years repeat on the start's day of
// month (R/2027-01-15T09:00:00+08:00/P1M), when a divisor of a year or whole years.
import type { TimerDefinition } from '../model';
import { parseDuration } from './duration';

export type TimerStartPlan =
  | { kind: 'once'; atMs: number }
  | { kind: 'every'; everyMs: number; times: number | null; startMs?: number; workingDaysOnly?: true }
  /** `cron`: the schedule's own seven fields (second minute hour day-of-month month day-of-week year), read in `timezone`. */
  | { kind: 'cron'; cron: string; timezone: string; times: null }
  /**
   * Every `months` months (a divisor of a year, or whole years) on the day of month and at the time of the start date —
   * or, without one, of the version's deployment (its day after the 28th taken as the 28th: no month is skipped).
   */
  | { kind: 'monthly'; months: number; times: number | null; startMs: number | null };

/** The time zone a cron expression of a procedure is read in: the platform's trading centres keep China Standard Time. */
export const CRON_TIME_ZONE = 'Asia/Shanghai';

const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *', '@annually': '0 0 0 1 1 *', '@monthly': '0 0 0 1 * *', '@weekly': '0 0 0 * * 0', '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *', '@hourly': '0 0 * * * *',
};
// numbers, names (MON, JAN), ranges, lists and steps; not Spring's L, W and # (last day, nearest weekday, nth weekday)
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;
const CRON_LIMITS: Array<[number, number]> = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];
const CRON_NAMES = [null, null, null, null, /^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)$/i, /^(SUN|MON|TUE|WED|THU|FRI|SAT)$/i];

/** A cron expression (six fields, seconds first, or a macro) as the schedule's seven fields; null when it is none. */
export function cronSchedule(text: string): string | null {
  const fields = (CRON_MACROS[text.trim().toLowerCase()] ?? text).trim().split(/\s+/);
  if (fields.length !== 6) return null;
  for (const [i, field] of fields.entries()) {
    if (!CRON_FIELD.test(field) || (field === '?' && i !== 3 && i !== 5)) return null;
    for (const part of field.split(',')) {
      for (const atom of part.replace(/\/\d+$/, '').split('-')) {
        if (atom === '*' || atom === '?') continue;
        if (/^\d+$/.test(atom)) {
          const [lo, hi] = CRON_LIMITS[i]!;
          if (Number(atom) < lo || Number(atom) > hi) return null;
        } else if (!CRON_NAMES[i]?.test(atom)) {
          return null;
        }
      }
    }
  }
  return [...fields.map((f) => (f === '?' ? '*' : f)), '*'].join(' ');
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function timerStartPlan(timer: TimerDefinition): TimerStartPlan | null {
  if (timer.type === 'date') {
    if (!ISO_DATE_TIME.test(timer.value)) return null;
    const atMs = Date.parse(timer.value);
    return Number.isNaN(atMs) ? null : { kind: 'once', atMs };
  }
  if (timer.type !== 'cycle') return null;
  const m = /^R(\d*)\/(?:([^/]+)\/)?(P.+)$/.exec(timer.value);
  if (timer.calendar !== 'calendar') {
    // in working days: every working day (每个工作日, R/P1D or R/<start>/P1D), a daily schedule whose firings on a day off
    // start nothing; a longer step or a count of them is no schedule
    const start = m?.[2] ? Date.parse(m[2]) : undefined;
    if (!m || m[1] || m[3] !== 'P1D' || (m[2] && (!ISO_DATE_TIME.test(m[2]) || Number.isNaN(start)))) return null;
    return { kind: 'every', everyMs: 86_400_000, times: null, workingDaysOnly: true, ...(start !== undefined ? { startMs: start } : {}) };
  }
  if (!m) {
    const cron = cronSchedule(timer.value);
    return cron ? { kind: 'cron', cron, timezone: CRON_TIME_ZONE, times: null } : null;
  }
  let d;
  try {
    d = parseDuration(m[3]!);
  } catch {
    return null;
  }
  const startMs = m[2] ? Date.parse(m[2]) : undefined;
  if (m[2] && (!ISO_DATE_TIME.test(m[2]) || Number.isNaN(startMs))) return null;
  const times = m[1] ? Number(m[1]) : null;
  if (d.years || d.months) {
    const months = d.years * 12 + d.months;
    if (d.weeks || d.days || d.hours || d.minutes || d.seconds || !(12 % months === 0 || months % 12 === 0)) return null;
    // a start on the 29th to 31st would skip the months without that day
    if (startMs !== undefined && new Date(startMs + 8 * 3_600_000).getUTCDate() > 28) return null;
    return { kind: 'monthly', months, times, startMs: startMs ?? null };
  }
  const everyMs = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  if (everyMs < 1000) return null;
  return { kind: 'every', everyMs, times, ...(startMs !== undefined ? { startMs } : {}) };
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values a cron field allows, ascending (its limits as cronSchedule checked them). */
function cronValues(field: string, index: number): number[] {
  const [lo, hi] = CRON_LIMITS[index]!;
  const value = (atom: string) => {
    if (/^\d+$/.test(atom)) return Number(atom);
    const names = index === 4 ? MONTH_NAMES : DAY_NAMES;
    return names.indexOf(atom.toUpperCase()) + (index === 4 ? 1 : 0);
  };
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText ? Number(stepText) : 1;
    let from = lo;
    let to = hi;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      from = value(a!);
      to = b !== undefined ? value(b) : stepText ? hi : from;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

const DAY_MS = 86_400_000;

/**
 * The first instant strictly after `afterMs` that a cron expression (the seven fields cronSchedule answers) names, read
 * at `offsetMinutes` from UTC (China Standard Time: 480); null when none comes within ten years. Day of month and day
 * of week must both hold, as on the schedules. Pure: the workflow sandbox computes a cron timer's next firing with it.
 */
export function nextCronTime(cron: string, afterMs: number, offsetMinutes = 480): number | null {
  const fields = cron.trim().split(/\s+/);
  const [seconds, minutes, hours, days, months, weekdays] = fields.slice(0, 6).map((f, i) => cronValues(f, i)) as [number[], number[], number[], number[], number[], number[]];
  const offsetMs = offsetMinutes * 60_000;
  const startLocal = Math.floor(afterMs / 1000) * 1000 + 1000 + offsetMs;
  const firstDay = Math.floor(startLocal / DAY_MS);
  for (let day = firstDay; day < firstDay + 3700; day++) {
    const date = new Date(day * DAY_MS);
    if (!months.includes(date.getUTCMonth() + 1) || !days.includes(date.getUTCDate()) || !weekdays.includes(date.getUTCDay())) continue;
    const from = day === firstDay ? (startLocal - day * DAY_MS) / 1000 : 0; // seconds into the day
    for (const h of hours) {
      if ((h + 1) * 3600 <= from) continue;
      for (const m of minutes) {
        if (h * 3600 + (m + 1) * 60 <= from) continue;
        for (const s of seconds) {
          const at = h * 3600 + m * 60 + s;
          if (at >= from) return day * DAY_MS + at * 1000 - offsetMs;
        }
      }
    }
  }
  return null;
}
