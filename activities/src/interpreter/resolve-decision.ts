// The interpreter's lookup for business rule tasks: the decision table in effect for the deal's city. The workflow
// evaluates it itself; only the lookup (a database read) is an activity, so its answer is in the history.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '@ggzy/db';
import type { DecisionModel, DecisionRef } from '@ggzy/process';
import { BPMN_ERROR_TYPE } from '@ggzy/workflows';
import { DecisionNotFound, resolveDecision as resolve } from '@ggzy/domain';

export function resolveDecision(db: Db) {
  return async (input: { key: string; regionCode: string }): Promise<{ model: DecisionModel; decision: DecisionRef }> => {
    try {
      return await resolve(db, input.key, input.regionCode);
    } catch (err) {
      // a business error of the step (an error boundary may catch it; uncaught, the deal fails naming it)
      if (err instanceof DecisionNotFound) throw ApplicationFailure.nonRetryable(err.message, BPMN_ERROR_TYPE, { code: 'DECISION_NOT_FOUND' });
      throw err;
    }
  };
}
