// A service task's retry policy (ggzy:retryMaxAttempts, retryInitialInterval, retryMaxInterval, retryBackoff), in
// bounds that keep a failing activity from retrying without end; null when the task keeps its task type's defaults.
import type { RetryPolicy } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkDuration } from './duration';

export function retryOf(c: Collector, el: BpmnElement): RetryPolicy | null {
  const policy: RetryPolicy = {};
  const max = trimmedText(el.retryMaxAttempts);
  if (max !== null) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 100) c.error('BAD_RETRY', el.id!, { detail: `retryMaxAttempts=${max} (1–100)` });
    else policy.maximumAttempts = n;
  }
  for (const [attr, key] of [['retryInitialInterval', 'initialInterval'], ['retryMaxInterval', 'maximumInterval']] as const) {
    const v = trimmedText(el[attr]);
    if (v !== null) {
      checkDuration(c, el.id!, v, 'calendar');
      policy[key] = v;
    }
  }
  const backoff = trimmedText(el.retryBackoff);
  if (backoff !== null) {
    const b = Number(backoff);
    if (!Number.isFinite(b) || b < 1 || b > 10) c.error('BAD_RETRY', el.id!, { detail: `retryBackoff=${backoff} (1–10)` });
    else policy.backoffCoefficient = b;
  }
  return Object.keys(policy).length ? policy : null;
}
