// BPMN errors inside the engine: the error an error end event throws, and how a failure that comes back from a
// service task's activity or a child process is recognised as one, so that an error boundary can catch it or,
// uncaught, it can end the process as failed.
import { ApplicationFailure } from '@temporalio/workflow';
import { BPMN_ERROR_TYPE } from './process-contracts';

export class BpmnError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message ?? `BPMN error ${code}`);
    this.name = 'BpmnError';
  }
}

/** An escalation caught by an interrupting boundary of the subprocess it was raised in: the subprocess leaves by it. */
export class BoundaryInterrupt extends Error {
  constructor(readonly boundaryId: string) {
    super(`interrupted by boundary event ${boundaryId}`);
    this.name = 'BoundaryInterrupt';
  }
}

/** The BPMN error code carried by a failure from an activity or a child process, if it is one. */
export function bpmnErrorCode(err: unknown): string | null {
  let cause: unknown = err;
  for (let i = 0; i < 5 && cause; i++) {
    if (cause instanceof BpmnError) return cause.code;
    if (cause instanceof ApplicationFailure && cause.type === BPMN_ERROR_TYPE) {
      const details = cause.details?.[0] as { code?: string } | undefined;
      return details?.code ?? cause.message;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

/** The innermost message of a failure chain (the activity's own words, not the SDK's wrapper). */
export function innermostMessage(err: unknown): string {
  let cause: unknown = err;
  let message = (err as Error)?.message ?? String(err);
  for (let i = 0; i < 5 && cause; i++) {
    if ((cause as Error).message) message = (cause as Error).message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return message;
}
