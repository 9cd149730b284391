// The failure Temporal records for a business error: non-retryable, typed so the interpreter routes it to an error
// boundary by its code, with the zh-CN/en message and details for the api and the portal.
import { ApplicationFailure } from '@temporalio/activity';
import { BPMN_ERROR_TYPE } from '@ggzy/workflows';
import type { BusinessError } from '@ggzy/domain';

export function toFailure(err: BusinessError): ApplicationFailure {
  return ApplicationFailure.create({
    message: err.message,
    type: BPMN_ERROR_TYPE,
    nonRetryable: true,
    details: [{ code: err.code, message: { zh: err.zh, en: err.en }, ...err.details }],
  });
}
