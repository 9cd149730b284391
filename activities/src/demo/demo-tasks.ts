// Task types for demonstrations and the engine's conformance suite. They touch nothing outside the process.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { BPMN_ERROR_TYPE, type ServiceTaskInput, type ServiceTaskResult } from '@ggzy/workflows';

/** demo.echo: its input mapping becomes process variables. */
export async function echo(input: ServiceTaskInput): Promise<ServiceTaskResult> {
  return { variables: { ...input.input }, result: input.input };
}

/** demo.fail: fails `failAttempts` attempts (retried by Temporal), then raises a BPMN error when `errorCode` is set. */
export async function fail(input: ServiceTaskInput): Promise<ServiceTaskResult> {
  const attempt = Context.current().info.attempt;
  const failAttempts = Number(input.input.failAttempts ?? 0);
  if (attempt <= failAttempts) throw new Error(`demo.fail: transient failure on attempt ${attempt}`);
  const code = input.input.errorCode;
  if (typeof code === 'string' && code) {
    throw ApplicationFailure.nonRetryable(`demo.fail raised ${code}`, BPMN_ERROR_TYPE, { code });
  }
  return { variables: { attempts: attempt } };
}

/** demo.record: appends `entry` to the `journal` list variable. */
export async function record(input: ServiceTaskInput): Promise<ServiceTaskResult> {
  const journal = Array.isArray(input.variables.journal) ? input.variables.journal : [];
  return { variables: { journal: [...journal, input.input.entry] } };
}
