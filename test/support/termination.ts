// A termination as the four-eyes rule has it: one supervisor issues it (it waits), a second supervisor of the city
// confirms it (it takes effect). Answers the confirmation's reply.
import { DEMO_PASSWORD } from './databases';
import { call, loginAs, type ApiResponse } from './platform';

export async function terminateWithSecondSupervisor(baseUrl: string, workflowId: string, options: { token: string; directiveId: string; reason: string; confirmer?: string }): Promise<ApiResponse> {
  const path = `/api/process-instances/${encodeURIComponent(workflowId)}`;
  const issued = await call(baseUrl, 'POST', `${path}/directives`, { token: options.token, body: { directiveId: options.directiveId, kind: 'terminate', reason: options.reason } });
  if (issued.status !== 202) throw new Error(`the termination was not taken for confirmation: ${issued.status} ${JSON.stringify(issued.body)}`);
  const confirmer = await loginAs(baseUrl, options.confirmer ?? 'supervisor2', DEMO_PASSWORD);
  return call(baseUrl, 'POST', `${path}/termination-confirmations`, { token: confirmer, body: { directiveId: options.directiveId } });
}
