// Directives a business step sends to another deal's running process (a complaint suspends and resumes its deal).
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { directiveUpdate, type DirectiveRequest } from '@ggzy/workflows';

export type DirectiveOutcome = 'applied' | 'not-running';

/** Sends an idempotent directive (its id makes a retried send answer as before) through the worker's client. */
export async function sendDirective(workflowId: string, request: DirectiveRequest): Promise<DirectiveOutcome> {
  const handle = Context.current().client.workflow.getHandle(workflowId);
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') return 'not-running';
    await handle.executeUpdate(directiveUpdate, { args: [request] });
    return 'applied';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'not-running';
    const code = (err as { cause?: { type?: string } }).cause?.type;
    if (code === 'PROCESS_ENDED') return 'not-running';
    throw err;
  }
}

export const systemSupervisor = (regionCode: string) => ({ userId: 0, username: 'system:complaints', role: 'supervisor', regionCode });
