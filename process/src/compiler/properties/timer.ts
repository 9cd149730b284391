// A timer event definition: exactly one of a duration, an ISO-8601 date-time or a repeating interval (R<n>/<duration>),
// each a literal or an expression, counted in calendar or working days; on a timer start event the cycle may also be
// R<n>/<start>/<duration> or a cron expression.
import { isExpressionText } from '../../expression';
import type { TimerDefinition } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { calendarOf, checkDuration } from './duration';
import { checkExpression } from './expression';
import { cronSchedule } from '../../calendar/timer-start';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const REPEATING_INTERVAL = /^R(\d*)\/(?:([^/]+)\/)?(P.+)$/;

/**
 * `cron`: where a cycle may also be a cron expression (Camunda 8's six-field form, seconds first, or a macro such as
 * @daily): a timer start event of the process (a schedule), a boundary timer, an event subprocess's timer start.
 * `startDate`: where it may be R<n>/<start>/<duration> — a timer start event of the process. Elsewhere a cycle is
 * R<n>/<duration>.
 */
export function timerOf(c: Collector, element: string, def: BpmnElement, options: { cron?: boolean; startDate?: boolean } = {}): TimerDefinition | null {
  const duration = trimmedText(def.timeDuration?.body);
  const date = trimmedText(def.timeDate?.body);
  const cycle = trimmedText(def.timeCycle?.body);
  const count = [duration, date, cycle].filter(Boolean).length;
  if (count !== 1) {
    c.error('BAD_TIMER', element);
    return null;
  }
  const calendar = calendarOf(c, element, def.calendar);
  if (duration) {
    checkDuration(c, element, duration, calendar);
    return { type: 'duration', value: duration, calendar };
  }
  if (date) {
    if (isExpressionText(date)) checkExpression(c, element, date);
    else if (!ISO_DATE_TIME.test(date) || Number.isNaN(Date.parse(date))) c.error('BAD_DATE', element, { value: date });
    return { type: 'date', value: date };
  }
  const m = REPEATING_INTERVAL.exec(cycle!);
  if (!m) {
    if (options.cron && cronSchedule(cycle!)) return { type: 'cycle', value: cycle!, calendar };
    c.error('BAD_DURATION', element, { detail: options.cron
      ? `"${cycle}" is neither a repeating interval such as R3/PT1H or R/2027-03-01T09:00:00+08:00/P1D nor a cron expression such as "0 0 9 * * MON-FRI"`
      : `"${cycle}" is not a repeating interval such as R3/PT1H` });
  } else if (m[2] && (!options.startDate || !ISO_DATE_TIME.test(m[2]) || Number.isNaN(Date.parse(m[2])))) {
    // a start date in the cycle: only where it runs as a schedule
    c.error('BAD_DURATION', element, { detail: `"${cycle}": a repeating interval with a start date is taken by a timer start event only, the date as 2027-03-01T09:00:00+08:00` });
  } else {
    checkDuration(c, element, m[3]!, calendar);
  }
  return { type: 'cycle', value: cycle!, calendar };
}
