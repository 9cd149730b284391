// Business errors: a stable code and a zh-CN/en message. They are never retried, reach a BPMN error boundary by
// their code, and are raised before anything is written (the activity's transaction rolls back).
import { ApplicationFailure } from '@temporalio/activity';
import { BPMN_ERROR_TYPE } from '@ggzy/workflows';

export class BusinessError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${en}`);
    this.name = 'BusinessError';
  }
}

/** The failure Temporal records: non-retryable, typed so the interpreter routes it to an error boundary. */
export function toFailure(err: BusinessError): ApplicationFailure {
  return ApplicationFailure.create({
    message: err.message,
    type: BPMN_ERROR_TYPE,
    nonRetryable: true,
    details: [{ code: err.code, message: { zh: err.zh, en: err.en }, ...err.details }],
  });
}

export const notFound = (what: { zh: string; en: string }, key: string, code = 'NOT_FOUND') =>
  new BusinessError(code, `${what.zh}不存在：${key}`, `${what.en} not found: ${key}`, { key });
