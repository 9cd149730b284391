// Durations (timers, due dates, timeouts, retry intervals) and the calendar they count in. A duration is an
// ISO-8601 literal or an expression evaluated at run time; working days count in days and weeks only.
import { isExpressionText } from '../../expression';
import { parseDuration, DurationError } from '../../calendar/duration';
import type { CalendarKind } from '../../calendar/work-calendar';
import { trimmedText } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkExpression } from './expression';

export function checkDuration(c: Collector, element: string, value: string, calendar: CalendarKind): void {
  if (isExpressionText(value)) {
    checkExpression(c, element, value);
    return;
  }
  try {
    const d = parseDuration(value);
    if (calendar === 'working' && (d.years || d.months)) c.error('BAD_DURATION', element, { detail: `${value}: working-day durations use D or W` });
  } catch (err) {
    c.error('BAD_DURATION', element, { detail: err instanceof DurationError ? err.message : String(err) });
  }
}

/** ggzy:calendar: calendar days unless it says working days; anything else is an error (and counts as calendar). */
export function calendarOf(c: Collector, element: string, raw: unknown): CalendarKind {
  const v = trimmedText(raw);
  if (v === null || v === 'calendar') return 'calendar';
  if (v === 'working') return 'working';
  c.error('BAD_CALENDAR', element);
  return 'calendar';
}
