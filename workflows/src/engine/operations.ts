// Task operations and directives: validators refuse without touching history; handlers change state and
// reply once the process has settled, with the tasks that are open now.
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { addDuration, missingRequired, type UserTaskNode } from '@ggzy/process/runtime';
import type { Interpreter, StoredTask } from './interpreter';
import {
  ENGINE_ERRORS, type Actor, type ClaimTaskRequest, type CompleteTaskRequest, type DelegateTaskRequest, type DirectiveReply,
  type DirectiveRequest, type ReturnTaskRequest, type TaskActionReply, type WithdrawTaskRequest,
} from './process-contracts';
import type { LifecycleEvent } from './lifecycle';

export const RECTIFICATION_NODE = '__rectification__';

function refuse(code: keyof typeof ENGINE_ERRORS, message: string, details?: unknown): never {
  throw ApplicationFailure.nonRetryable(message, ENGINE_ERRORS[code], ...(details === undefined ? [] : [details]));
}

function requireRunning(ctx: Interpreter, allowWhileRectifying = false): void {
  const status = ctx.status();
  if (status === 'terminated' || status === 'completed' || status === 'failed') refuse('PROCESS_ENDED', `the process has ended (${status})`);
  if (status === 'rectifying' && allowWhileRectifying) return;
  if (status !== 'active') refuse('PROCESS_SUSPENDED', `the process is ${status}; tasks cannot be acted on`);
}

function openTask(ctx: Interpreter, taskId: string): StoredTask {
  const task = ctx.tasks[taskId];
  if (!task) refuse('TASK_NOT_FOUND', `task ${taskId} does not exist in this process`);
  if (task.status !== 'open') refuse('TASK_CLOSED', `task ${taskId} is already ${task.status}`);
  return task;
}

function requireActor(task: StoredTask, actor: Actor): void {
  if (actor.role !== task.candidateRole) refuse('TASK_NOT_YOURS', `task ${task.taskId} is for the role ${task.candidateRole}`);
  if (task.assignee && task.assignee !== actor.username) refuse('TASK_NOT_YOURS', `task ${task.taskId} is assigned to ${task.assignee}`);
}

async function reply(ctx: Interpreter): Promise<TaskActionReply> {
  await condition(() => ctx.settled());
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

function close(ctx: Interpreter, task: StoredTask, status: StoredTask['status'], actor: Actor | null): void {
  task.status = status;
  task.closedAt = new Date(Date.now()).toISOString();
  task.completedBy = actor?.username ?? null;
  ctx.touchTask(task, actor?.username ?? null);
  ctx.woken.add(task.tokenId);
}

// ---- complete ---------------------------------------------------------------------------------------------------

export function validateComplete(ctx: Interpreter, req: CompleteTaskRequest): void {
  const task = ctx.tasks[req.taskId];
  requireRunning(ctx, task?.nodeId === RECTIFICATION_NODE);
  const open = openTask(ctx, req.taskId);
  requireActor(open, req.actor);
  const missing = missingRequired(open.requiredFields, req.data ?? {});
  if (missing.length) refuse('FORM_INCOMPLETE', `required fields are missing: ${missing.join(', ')}`, { missing });
}

export async function complete(ctx: Interpreter, req: CompleteTaskRequest): Promise<TaskActionReply> {
  const task = ctx.tasks[req.taskId]!;
  task.data = { ...(req.data ?? {}) };
  if (task.nodeId === RECTIFICATION_NODE) {
    close(ctx, task, 'completed', req.actor);
    ctx.woken.delete(task.tokenId);
    ctx.variables.rectificationReport = task.data;
    return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
  }
  const node = ctx.node(task.nodeId) as UserTaskNode;
  const token = ctx.tokens.get(task.tokenId);
  if (token && !node.multiInstance) token.origin = { taskId: task.taskId, actor: req.actor.username };
  ctx.lastCompletions[node.id] = { taskId: task.taskId, actor: req.actor.username };
  close(ctx, task, 'completed', req.actor);
  return reply(ctx);
}

// ---- claim and delegate (转办) ----------------------------------------------------------------------------------

export function validateClaim(ctx: Interpreter, req: ClaimTaskRequest): void {
  requireRunning(ctx, ctx.tasks[req.taskId]?.nodeId === RECTIFICATION_NODE);
  requireActor(openTask(ctx, req.taskId), req.actor);
}

export async function claim(ctx: Interpreter, req: ClaimTaskRequest): Promise<TaskActionReply> {
  const task = ctx.tasks[req.taskId]!;
  task.assignee = req.actor.username;
  ctx.touchTask(task, req.actor.username);
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

export function validateDelegate(ctx: Interpreter, req: DelegateTaskRequest): void {
  requireRunning(ctx);
  const task = openTask(ctx, req.taskId);
  requireActor(task, req.actor);
  if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(req.to) || req.to === req.actor.username) refuse('TASK_NOT_YOURS', `cannot delegate to "${req.to}"`);
}

export async function delegate(ctx: Interpreter, req: DelegateTaskRequest): Promise<TaskActionReply> {
  const task = ctx.tasks[req.taskId]!;
  task.assignee = req.to;
  ctx.touchTask(task, req.actor.username);
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

// ---- return (驳回/回退) -------------------------------------------------------------------------------------------

export function validateReturn(ctx: Interpreter, req: ReturnTaskRequest): void {
  requireRunning(ctx);
  const task = openTask(ctx, req.taskId);
  requireActor(task, req.actor);
  const node = ctx.node(task.nodeId) as UserTaskNode;
  if (node.multiInstance) refuse('RETURN_NOT_ALLOWED', 'a countersign instance cannot be returned on its own');
  const target = ctx.model.nodes[req.targetNodeId];
  if (!target || target.kind !== 'userTask' || target.id === node.id) refuse('RETURN_NOT_ALLOWED', `${req.targetNodeId} is not an earlier user task`);
  const allowed = node.returnTargets.length ? node.returnTargets.includes(target.id) : ctx.visited.includes(target.id);
  if (!allowed) refuse('RETURN_NOT_ALLOWED', `this task cannot be returned to ${req.targetNodeId}`);
}

export async function returnTo(ctx: Interpreter, req: ReturnTaskRequest): Promise<TaskActionReply> {
  const task = ctx.tasks[req.taskId]!;
  task.data = { __returnTo: req.targetNodeId, comment: req.comment ?? null };
  close(ctx, task, 'returned', req.actor);
  return reply(ctx);
}

// ---- withdraw (撤回) ----------------------------------------------------------------------------------------------

function withdrawable(ctx: Interpreter, req: WithdrawTaskRequest): StoredTask[] {
  const completion = Object.values(ctx.lastCompletions).find((c) => c.taskId === req.taskId);
  if (!completion || completion.actor !== req.actor.username) refuse('WITHDRAW_NOT_ALLOWED', 'only the person who completed the task can withdraw it');
  const followers = [...ctx.tokens.values()].filter((t) => t.origin?.taskId === req.taskId);
  if (followers.length === 0) refuse('WITHDRAW_NOT_ALLOWED', 'the process has already moved on');
  const tasks: StoredTask[] = [];
  for (const t of followers) {
    const next = t.taskId ? ctx.tasks[t.taskId] : undefined;
    if (!next || next.status !== 'open' || next.assignee) refuse('WITHDRAW_NOT_ALLOWED', 'the next step has already been taken up');
    tasks.push(next);
  }
  return tasks;
}

export function validateWithdraw(ctx: Interpreter, req: WithdrawTaskRequest): void {
  requireRunning(ctx);
  withdrawable(ctx, req);
}

export async function withdraw(ctx: Interpreter, req: WithdrawTaskRequest): Promise<TaskActionReply> {
  const nextTasks = withdrawable(ctx, req);
  const original = Object.entries(ctx.lastCompletions).find(([, c]) => c.taskId === req.taskId)![0];
  nextTasks.forEach((task, i) => {
    task.data = i === 0 ? { __returnTo: original } : {};
    close(ctx, task, 'withdrawn', req.actor);
  });
  delete ctx.lastCompletions[original];
  return reply(ctx);
}

// ---- directives (监管指令) ---------------------------------------------------------------------------------------

const EVENTS: Record<DirectiveRequest['kind'], LifecycleEvent> = {
  suspend: { type: 'SUSPEND' },
  resume: { type: 'RESUME' },
  terminate: { type: 'TERMINATE' },
  rectify: { type: 'RECTIFY' },
  'accept-rectification': { type: 'ACCEPT_RECTIFICATION' },
};

export function validateDirective(ctx: Interpreter, req: DirectiveRequest): void {
  if (ctx.directives[req.directiveId]) return; // a repeated directive answers as before
  if (req.actor.role !== 'supervisor') refuse('DIRECTIVE_NOT_ALLOWED', 'only a supervisor can issue directives');
  if (!ctx.lifecycle.getSnapshot().can(EVENTS[req.kind])) refuse('DIRECTIVE_NOT_ALLOWED', `cannot ${req.kind} a process that is ${ctx.status()}`);
  if (req.kind === 'accept-rectification') {
    const pending = Object.values(ctx.tasks).find((t) => t.nodeId === RECTIFICATION_NODE && t.status === 'open');
    if (pending) refuse('DIRECTIVE_NOT_ALLOWED', 'the rectification report has not been submitted yet');
  }
}

export async function directive(ctx: Interpreter, req: DirectiveRequest): Promise<DirectiveReply> {
  const previous = ctx.directives[req.directiveId];
  if (previous) return { ...previous, applied: false };
  ctx.send(EVENTS[req.kind]);
  ctx.recordEvent(`directive.${req.kind}`, req.actor.username, { directiveId: req.directiveId, reason: req.reason, deadline: req.deadline ?? null, lifecycle: ctx.status() });
  if (req.kind === 'rectify') openRectificationTask(ctx, req);
  if (req.kind === 'terminate') ctx.cancelAll();
  const result: DirectiveReply = { directiveId: req.directiveId, lifecycle: ctx.status(), applied: true };
  ctx.directives[req.directiveId] = result;
  ctx.markInstanceDirty();
  return result;
}

function openRectificationTask(ctx: Interpreter, req: DirectiveRequest): void {
  const now = Date.now();
  const task: StoredTask = {
    taskId: `${ctx.workflowId}/${RECTIFICATION_NODE}/${ctx.nextSeq()}`,
    nodeId: RECTIFICATION_NODE,
    name: `整改：${req.reason}`,
    candidateRole: 'staff',
    assignee: null,
    regionCode: ctx.input.regionCode,
    formKey: null,
    requiredFields: ['report'],
    status: 'open',
    openedAt: new Date(now).toISOString(),
    dueAt: req.deadline ? new Date(addDuration(now, req.deadline, 'working', ctx.input.calendar)).toISOString() : null,
    closedAt: null,
    completedBy: null,
    revision: 0,
    tokenId: '',
  };
  ctx.tasks[task.taskId] = task;
  ctx.touchTask(task);
}

