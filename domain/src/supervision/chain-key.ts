// The trail chain a process's events extend: its deal's, or — for a process with no deal code — its workflow's own.
export function chainKeyOf(workflowId: string, dealCode: string | null): string {
  return dealCode ?? `wf:${workflowId}`;
}
