// A timer event definition: exactly one of a duration, an ISO-8601 date-time or a repeating interval (R<n>/<duration>),
// each a literal or an expression, counted in calendar or working days.
import { isExpressionText } from '../../expression';
import type { TimerDefinition } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { calendarOf, checkDuration } from './duration';
import { checkExpression } from './expression';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const REPEATING_INTERVAL = /^R(\d*)\/(P.+)$/;

export function timerOf(c: Collector, element: string, def: BpmnElement): TimerDefinition | null {
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
  if (!m) c.error('BAD_DURATION', element, { detail: `"${cycle}" is not a repeating interval such as R3/PT1H` });
  else checkDuration(c, element, m[2]!, calendar);
  return { type: 'cycle', value: cycle!, calendar };
}
