// When a process-level timer start event starts deals: once at a literal date, or every fixed interval (a cycle in
// calendar time, R<n>/<duration> of weeks, days, hours, minutes and seconds), n times or without end. Anything that
// depends on variables (there are none before the deal) or on the working-day calendar or on month lengths is not a
// schedule: null.
import type { TimerDefinition } from '../model';
import { parseDuration } from './duration';

export type TimerStartPlan = { kind: 'once'; atMs: number } | { kind: 'every'; everyMs: number; times: number | null };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function timerStartPlan(timer: TimerDefinition): TimerStartPlan | null {
  if (timer.type === 'date') {
    if (!ISO_DATE_TIME.test(timer.value)) return null;
    const atMs = Date.parse(timer.value);
    return Number.isNaN(atMs) ? null : { kind: 'once', atMs };
  }
  if (timer.type !== 'cycle' || timer.calendar !== 'calendar') return null;
  const m = /^R(\d*)\/(P.+)$/.exec(timer.value);
  if (!m) return null;
  let d;
  try {
    d = parseDuration(m[2]!);
  } catch {
    return null;
  }
  if (d.years || d.months) return null;
  const everyMs = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  if (everyMs < 1000) return null;
  return { kind: 'every', everyMs, times: m[1] ? Number(m[1]) : null };
}
