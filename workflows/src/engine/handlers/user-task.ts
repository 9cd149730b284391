// User tasks: a task for a role (or one assignee) that waits for the completeTask, returnTask or withdrawTask Update.
import { addDuration, isExpressionText, type UserTaskNode } from '@ggzy/process/runtime';
import type { EngineContext, LiveToken, StoredTask } from '../engine-context';
import type { Variables } from '../process-contracts';

export type UserTaskOutcome = { type: 'done'; output: Variables } | { type: 'returned'; target: string } | { type: 'gone' };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Opens a task (in the workflow state; the projection writes its row) and waits until it is completed,
 * returned (驳回) or withdrawn (撤回). A cancelled wait (boundary event, termination) closes it as cancelled.
 */
export async function runUserTask(
  ctx: EngineContext, node: UserTaskNode, token: LiveToken, resuming: boolean, loop?: { locals: Variables; element: unknown; assignee?: string },
): Promise<UserTaskOutcome> {
  let task: StoredTask | undefined = resuming && token.taskId ? ctx.task(token.taskId) : undefined;
  if (!task) {
    const now = Date.now();
    let due: string | null = null;
    if (node.dueDuration) {
      const value = isExpressionText(node.dueDuration) ? String(ctx.evaluate(node.dueDuration, ctx.localsOf(token, loop?.locals))) : node.dueDuration;
      due = iso(addDuration(now, value, node.calendar, ctx.input.calendar));
    }
    task = {
      taskId: `${ctx.workflowId}/${node.id}/${ctx.nextSeq()}`,
      nodeId: node.id,
      name: node.name,
      ...(node.nameEn ? { nameEn: node.nameEn } : {}),
      candidateRole: node.candidateRole,
      // a signer added to a countersign in flight holds the instance opened for them
      assignee: loop?.assignee ?? (node.assignee ? String(ctx.evaluate(node.assignee, ctx.localsOf(token, loop?.locals))) : null),
      regionCode: ctx.input.regionCode,
      formKey: node.formKey,
      requiredFields: node.requiredFields,
      status: 'open',
      openedAt: iso(now),
      dueAt: due,
      closedAt: null,
      completedBy: null,
      revision: 0,
      tokenId: token.id,
      ...(loop ? { loopElement: loop.element } : {}),
    };
    ctx.openTask(task);
    if (!loop) token.taskId = task.taskId;
  }
  let open = task;
  try {
    await ctx.waitFor(token, () => open.status !== 'open');
  } finally {
    if (open.status === 'open') ctx.cancelTask(open);
  }
  // 加签: while signers are queued (after a completion) or the task was handed over (before), the step goes on with
  // a task of its own for the next signer; the token moves on only when the last of them is done
  while (open.status === 'handedOver' || (open.status === 'completed' && open.signers?.length)) {
    const done = open;
    const [signer, ...rest] = done.signers!;
    const next: StoredTask = {
      ...done, taskId: `${ctx.workflowId}/${node.id}/${ctx.nextSeq()}`, assignee: signer!, status: 'open', openedAt: iso(Date.now()),
      closedAt: null, completedBy: null, revision: 0, signers: rest, data: undefined,
      prior: done.status === 'completed' ? { ...(done.prior ?? {}), ...(done.data ?? {}) } : done.prior,
    };
    ctx.openTask(next);
    if (!loop) token.taskId = next.taskId;
    open = next;
    try {
      await ctx.waitFor(token, () => next.status !== 'open');
    } finally {
      if (next.status === 'open') ctx.cancelTask(next);
    }
  }
  if (open.status === 'returned') return { type: 'returned', target: (open.data?.__returnTo as string) ?? node.id };
  if (open.status === 'withdrawn') return open.data?.__returnTo ? { type: 'returned', target: open.data.__returnTo as string } : { type: 'gone' };
  return { type: 'done', output: { ...(open.prior ?? {}), ...(open.data ?? {}) } };
}
