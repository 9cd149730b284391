// Task operations, message delivery and directives, the Updates' work: validators refuse without touching history;
// handlers change state through the engine context and reply once the process has settled, with the tasks open now.
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { addDuration, isPartyCandidateRole, missingRequired, relationAdmits, type UserTaskNode } from '@ggzy/process/runtime';
import type { EngineContext, StoredTask } from './engine-context';
import {
  ENGINE_ERRORS, isLifecycleEnded, type Actor, type AddSignerRequest, type ClaimTaskRequest, type CompleteTaskRequest, type DelegateTaskRequest,
  type DeliverMessageReply, type DeliverMessageRequest, type DeliverSignalReply, type DeliverSignalRequest, type DirectiveReply, type DirectiveRequest, type ReturnTaskRequest,
  type RescheduleReply, type RescheduleRequest, type DateChange, type RetryIncidentsReply, type RetryIncidentsRequest, type TaskActionReply, type WithdrawTaskRequest,
} from './process-contracts';
import type { LifecycleEvent } from './lifecycle';

export const RECTIFICATION_NODE = '__rectification__';

function refuse(code: keyof typeof ENGINE_ERRORS, message: string, details?: unknown): never {
  throw ApplicationFailure.nonRetryable(message, ENGINE_ERRORS[code], ...(details === undefined ? [] : [details]));
}

function requireRunning(ctx: EngineContext, allowWhileRectifying = false): void {
  const status = ctx.status();
  if (isLifecycleEnded(status)) refuse('PROCESS_ENDED', `the process has ended (${status})`);
  if (status === 'rectifying' && allowWhileRectifying) return;
  if (status !== 'active') refuse('PROCESS_SUSPENDED', `the process is ${status}; tasks cannot be acted on`);
}

/**
 * A task id of this process that the sequence has not given out yet. Core hands an activation's Updates to the
 * workflow before the activity results that arrived with them, so a task a client already saw — from a query answered
 * by a workflow task whose completion then timed out, say — may open only once those results are applied. Such an
 * Update is accepted and checked again when the process has settled (see settle), instead of being refused here.
 */
function notYetIssued(ctx: EngineContext, taskId: string): boolean {
  if (ctx.task(taskId) || !taskId.startsWith(`${ctx.workflowId}/`)) return false;
  const seq = Number(taskId.slice(taskId.lastIndexOf('/') + 1));
  return Number.isSafeInteger(seq) && seq > ctx.issuedSeq();
}

/**
 * The handler's first step: a task not there yet (its validator let it through, see notYetIssued) is waited for until
 * the process settles, then the request is validated on the state it will change — the SDK may start the handler
 * after other jobs of the activation have run (a timer that fired, an activity's result), not on the validator's state.
 * A token passing a gate looks settled for a moment, so each look lets the conditions unblocked with it move first
 * (a second condition), and the wait ends only when a look finds no wait begun since the one before.
 */
async function settle<R>(ctx: EngineContext, req: R & { taskId: string }, validate: (ctx: EngineContext, req: R) => void): Promise<void> {
  while (!ctx.task(req.taskId)) {
    const before = ctx.waitsBegun();
    await condition(() => ctx.task(req.taskId) !== undefined || ctx.settled());
    await condition(() => true);
    if (ctx.waitsBegun() === before) break;
  }
  validate(ctx, req);
}

function openTask(ctx: EngineContext, taskId: string): StoredTask {
  const task = ctx.task(taskId);
  if (!task) refuse('TASK_NOT_FOUND', `task ${taskId} does not exist in this process`);
  if (task.status !== 'open') refuse('TASK_CLOSED', `task ${taskId} is already ${task.status}`);
  return task;
}

/**
 * Who may act on a task. A centre role must match. A party role (party:organiser …) admits a party whose resolved
 * relations to the deal include one the role names, or the centre's staff acting for it with a reason (代为办理: a
 * tenderee without its certificate at hand, a failed signing device); the reason goes to the trail. Nobody else.
 */
function requireActor(task: StoredTask, actor: Actor): void {
  if (isPartyCandidateRole(task.candidateRole)) {
    if (actor.role === 'party') {
      if (!actor.party || !relationAdmits(task.candidateRole, actor.party.relations)) refuse('TASK_NOT_YOURS', `task ${task.taskId} is for the deal's ${task.candidateRole.slice(6)}`);
    } else if (actor.role !== 'staff' || !actor.onBehalf?.reason.trim()) {
      refuse('TASK_FOR_PARTY', `task ${task.taskId} is the ${task.candidateRole.slice(6)}'s own step; staff act for it only with a recorded reason`);
    }
  } else {
    if (actor.role !== task.candidateRole) refuse('TASK_NOT_YOURS', `task ${task.taskId} is for the role ${task.candidateRole}`);
    if (actor.onBehalf) refuse('TASK_NOT_YOURS', `task ${task.taskId} is not a party's step; nobody acts on behalf here`);
  }
  if (task.assignee && task.assignee !== actor.username) refuse('TASK_NOT_YOURS', `task ${task.taskId} is assigned to ${task.assignee}`);
}

async function reply(ctx: EngineContext): Promise<TaskActionReply> {
  await condition(() => ctx.settled());
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

// ---- complete ---------------------------------------------------------------------------------------------------

export function validateComplete(ctx: EngineContext, req: CompleteTaskRequest): void {
  if (!notYetIssued(ctx, req.taskId)) checkComplete(ctx, req);
}

function checkComplete(ctx: EngineContext, req: CompleteTaskRequest): void {
  const task = ctx.task(req.taskId);
  requireRunning(ctx, task?.nodeId === RECTIFICATION_NODE);
  const open = openTask(ctx, req.taskId);
  requireActor(open, req.actor);
  const checked = req.formChecked;
  if (checked && (checked.definitionHash !== ctx.input.definition.hash || checked.formKey !== open.formKey)) {
    refuse('FORM_CHECK_STALE', `task ${req.taskId} has the form ${open.formKey ?? '(none)'} of definition ${ctx.input.definition.hash}; the data was checked against ${checked.formKey ?? '(none)'} of ${checked.definitionHash}`);
  }
  const missing = missingRequired(open.requiredFields, req.data ?? {});
  if (missing.length) refuse('FORM_INCOMPLETE', `required fields are missing: ${missing.join(', ')}`, { missing });
  // a form sets the fields it declares and no other process variable (the api checks the values against the form)
  const node = ctx.model.nodes[open.nodeId];
  const declared = node?.kind === 'userTask' ? node.fields : undefined;
  const undeclared = declared ? Object.keys(req.data ?? {}).filter((f) => !declared.includes(f)) : [];
  if (undeclared.length) {
    refuse('FORM_INVALID', `the task's form has no field ${undeclared.join(', ')}`, { issues: undeclared.map((path) => ({ path, code: 'undeclared' })) });
  }
}

export async function complete(ctx: EngineContext, req: CompleteTaskRequest): Promise<TaskActionReply> {
  await settle(ctx, req, checkComplete);
  const task = ctx.task(req.taskId)!;
  task.data = { ...(req.data ?? {}) };
  if (task.nodeId === RECTIFICATION_NODE) {
    ctx.closeTask(task, 'completed', req.actor); // no token waits on a rectification task
    ctx.setVariable('rectificationReport', task.data);
    return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
  }
  const node = ctx.node(task.nodeId) as UserTaskNode;
  const token = ctx.token(task.tokenId);
  if (token && !node.multiInstance) token.origin = { taskId: task.taskId, actor: req.actor.username };
  ctx.recordCompletion(node.id, task.taskId, req.actor.username);
  ctx.closeTask(task, 'completed', req.actor);
  return reply(ctx);
}

// ---- claim and delegate (转办) ----------------------------------------------------------------------------------

export function validateClaim(ctx: EngineContext, req: ClaimTaskRequest): void {
  if (!notYetIssued(ctx, req.taskId)) checkClaim(ctx, req);
}

function checkClaim(ctx: EngineContext, req: ClaimTaskRequest): void {
  requireRunning(ctx, ctx.task(req.taskId)?.nodeId === RECTIFICATION_NODE);
  requireActor(openTask(ctx, req.taskId), req.actor);
}

export async function claim(ctx: EngineContext, req: ClaimTaskRequest): Promise<TaskActionReply> {
  await settle(ctx, req, checkClaim);
  ctx.assignTask(ctx.task(req.taskId)!, req.actor.username, req.actor);
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

export function validateDelegate(ctx: EngineContext, req: DelegateTaskRequest): void {
  if (!notYetIssued(ctx, req.taskId)) checkDelegate(ctx, req);
}

function checkDelegate(ctx: EngineContext, req: DelegateTaskRequest): void {
  requireRunning(ctx);
  const task = openTask(ctx, req.taskId);
  requireActor(task, req.actor);
  if (isPartyCandidateRole(task.candidateRole)) refuse('TASK_NOT_YOURS', `a party's own step is not handed to anyone (${task.taskId})`);
  if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(req.to) || req.to === req.actor.username) refuse('TASK_NOT_YOURS', `cannot delegate to "${req.to}"`);
}

export async function delegate(ctx: EngineContext, req: DelegateTaskRequest): Promise<TaskActionReply> {
  await settle(ctx, req, checkDelegate);
  ctx.assignTask(ctx.task(req.taskId)!, req.to, req.actor);
  return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
}

// ---- 加签 (add a signer) -----------------------------------------------------------------------------------------

const MAX_SIGNERS = 10;

export function validateAddSigner(ctx: EngineContext, req: AddSignerRequest): void {
  if (!notYetIssued(ctx, req.taskId)) checkAddSigner(ctx, req);
}

function checkAddSigner(ctx: EngineContext, req: AddSignerRequest): void {
  requireRunning(ctx);
  const task = openTask(ctx, req.taskId);
  requireActor(task, req.actor);
  if (isPartyCandidateRole(task.candidateRole) || task.nodeId === RECTIFICATION_NODE) refuse('SIGNER_NOT_ALLOWED', `no signer is added to ${task.taskId}: it is a party's own step or a rectification`);
  if (req.mode !== 'before' && req.mode !== 'after' && req.mode !== 'parallel') refuse('SIGNER_NOT_ALLOWED', `mode ${String(req.mode)}: before, after or parallel`);
  if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(req.signer) || req.signer === req.actor.username) refuse('SIGNER_NOT_ALLOWED', `cannot add "${req.signer}" as a signer`);
  if (!req.reason?.trim()) refuse('SIGNER_NOT_ALLOWED', 'a signer is added with a reason');
  if (req.mode === 'parallel') {
    const node = ctx.model.nodes[task.nodeId];
    if (node?.kind !== 'userTask' || !node.multiInstance || node.multiInstance.sequential) refuse('SIGNER_NOT_ALLOWED', `${task.taskId} is not an instance of a countersign (parallel multi-instance): add a signer before or after`);
    if (ctx.openTasks().some((t) => t.nodeId === task.nodeId && t.assignee === req.signer)) refuse('SIGNER_NOT_ALLOWED', `${req.signer} already signs this countersign`);
    return;
  }
  const chain = task.signers ?? [];
  if (chain.includes(req.signer)) refuse('SIGNER_NOT_ALLOWED', `${req.signer} already signs this step`);
  if (chain.length >= MAX_SIGNERS) refuse('SIGNER_NOT_ALLOWED', `at most ${MAX_SIGNERS} signers are added to one step`);
}

/**
 * `after`: the signer joins the queue of the task, opened when the holder completes it. `before`: the task is handed
 * over now — closed as handedOver, so its token opens the signer's task, then the holder's again (user-task.ts).
 */
export async function addSigner(ctx: EngineContext, req: AddSignerRequest): Promise<TaskActionReply> {
  await settle(ctx, req, checkAddSigner);
  const task = ctx.task(req.taskId)!;
  if (req.mode === 'parallel') {
    // the countersign takes the signer as an instance of its own — unless it has just come to its end
    if (!ctx.addCountersigner(task.tokenId, req.signer)) refuse('SIGNER_NOT_ALLOWED', 'the countersign takes no more signers (it has ended, or a completion condition holds)');
    ctx.recordEvent('task.signer_added', req.actor.username, { taskId: task.taskId, nodeId: task.nodeId, signer: req.signer, mode: req.mode, reason: req.reason.trim() });
    return reply(ctx);
  }
  ctx.recordEvent('task.signer_added', req.actor.username, { taskId: task.taskId, nodeId: task.nodeId, signer: req.signer, mode: req.mode, reason: req.reason.trim() });
  if (req.mode === 'after') {
    task.signers = [...(task.signers ?? []), req.signer];
    return { openTasks: ctx.openTasks(), lifecycle: ctx.status() };
  }
  task.signers = [req.signer, req.actor.username, ...(task.signers ?? [])];
  ctx.closeTask(task, 'handedOver', req.actor);
  return reply(ctx);
}

// ---- return (驳回/回退) -------------------------------------------------------------------------------------------

export function validateReturn(ctx: EngineContext, req: ReturnTaskRequest): void {
  if (!notYetIssued(ctx, req.taskId)) checkReturn(ctx, req);
}

function checkReturn(ctx: EngineContext, req: ReturnTaskRequest): void {
  requireRunning(ctx);
  const task = openTask(ctx, req.taskId);
  requireActor(task, req.actor);
  const node = ctx.node(task.nodeId) as UserTaskNode;
  if (node.multiInstance) refuse('RETURN_NOT_ALLOWED', 'a countersign instance cannot be returned on its own');
  const target = ctx.model.nodes[req.targetNodeId];
  if (!target || target.kind !== 'userTask' || target.id === node.id) refuse('RETURN_NOT_ALLOWED', `${req.targetNodeId} is not an earlier user task`);
  if ((target.scope ?? null) !== (node.scope ?? null)) refuse('RETURN_NOT_ALLOWED', `${req.targetNodeId} is not at the level of this task (a subprocess border lies between them)`);
  const allowed = node.returnTargets.length ? node.returnTargets.includes(target.id) : ctx.visited.includes(target.id);
  if (!allowed) refuse('RETURN_NOT_ALLOWED', `this task cannot be returned to ${req.targetNodeId}`);
}

export async function returnTo(ctx: EngineContext, req: ReturnTaskRequest): Promise<TaskActionReply> {
  await settle(ctx, req, checkReturn);
  const task = ctx.task(req.taskId)!;
  task.data = { __returnTo: req.targetNodeId, comment: req.comment ?? null };
  ctx.closeTask(task, 'returned', req.actor);
  return reply(ctx);
}

// ---- withdraw (撤回) ----------------------------------------------------------------------------------------------

/** The steps a completion opened, while none of them has been taken up; otherwise why it can no longer be withdrawn. */
function followersOf(ctx: EngineContext, taskId: string): StoredTask[] | string {
  const followers = ctx.liveTokens().filter((t) => t.origin?.taskId === taskId);
  if (followers.length === 0) return 'the process has already moved on';
  const tasks: StoredTask[] = [];
  for (const t of followers) {
    const next = t.taskId ? ctx.task(t.taskId) : undefined;
    if (!next || next.status !== 'open' || next.assignee) return 'the next step has already been taken up';
    tasks.push(next);
  }
  return tasks;
}

function withdrawable(ctx: EngineContext, req: WithdrawTaskRequest): StoredTask[] {
  const completion = ctx.completionOf(req.taskId);
  if (!completion || completion.actor !== req.actor.username) refuse('WITHDRAW_NOT_ALLOWED', 'only the person who completed the task can withdraw it');
  const tasks = followersOf(ctx, req.taskId);
  if (typeof tasks === 'string') refuse('WITHDRAW_NOT_ALLOWED', tasks);
  return tasks;
}

/** The completions their completers may withdraw now (what the portal offers 撤回 for: exactly what withdraw accepts). */
export function withdrawableCompletions(ctx: EngineContext, completions: ReadonlyArray<{ taskId: string; actor: string }>): Array<{ taskId: string; actor: string }> {
  if (ctx.status() !== 'active') return [];
  return completions.filter((c) => typeof followersOf(ctx, c.taskId) !== 'string').map((c) => ({ taskId: c.taskId, actor: c.actor }));
}

export function validateWithdraw(ctx: EngineContext, req: WithdrawTaskRequest): void {
  requireRunning(ctx);
  withdrawable(ctx, req);
}

export async function withdraw(ctx: EngineContext, req: WithdrawTaskRequest): Promise<TaskActionReply> {
  const nextTasks = withdrawable(ctx, req);
  const original = ctx.completionOf(req.taskId)!.nodeId;
  nextTasks.forEach((task, i) => {
    task.data = i === 0 ? { __returnTo: original } : {};
    ctx.closeTask(task, 'withdrawn', req.actor);
  });
  ctx.forgetCompletion(original);
  return reply(ctx);
}

// ---- messages ----------------------------------------------------------------------------------------------------

export function validateDeliverMessage(ctx: EngineContext, req: DeliverMessageRequest): void {
  const status = ctx.status();
  if (isLifecycleEnded(status)) refuse('PROCESS_ENDED', `the process has ended (${status})`);
  if (!req.messageId || !req.name) throw ApplicationFailure.nonRetryable('a message needs an id and a name', 'BAD_MESSAGE');
}

/** Buffers the message for the catch event or boundary that waits for it (now or later); a repeated id is a duplicate. */
export function deliverMessage(ctx: EngineContext, req: DeliverMessageRequest): DeliverMessageReply {
  if (!ctx.receiveMessage(req)) return { accepted: true, duplicate: true };
  ctx.recordEvent('message.received', 'api', { messageId: req.messageId, name: req.name });
  return { accepted: true, duplicate: false };
}

// ---- signals ----------------------------------------------------------------------------------------------------

export function validateDeliverSignal(ctx: EngineContext, req: DeliverSignalRequest): void {
  const status = ctx.status();
  if (isLifecycleEnded(status)) refuse('PROCESS_ENDED', `the process has ended (${status})`);
  if (!req.signalId || !req.name) throw ApplicationFailure.nonRetryable('a signal needs an id and a name', 'BAD_MESSAGE');
}

/** A broadcast signal: caught by what waits for it now (a repeated id is a duplicate, caught once). */
export function deliverSignal(ctx: EngineContext, req: DeliverSignalRequest): DeliverSignalReply {
  if (!ctx.firstDelivery(`signal:${req.signalId}`)) return { caught: 0, duplicate: true };
  const caught = ctx.receiveSignal(req);
  if (caught > 0) {
    ctx.recordEvent('signal.caught', 'system', { signalId: req.signalId, name: req.name, caught });
    ctx.markInstanceDirty(); // on the trail now, not with the deal's next step
  }
  return { caught, duplicate: false };
}

// ---- directives (监管指令) ---------------------------------------------------------------------------------------

const EVENTS: Record<DirectiveRequest['kind'], LifecycleEvent> = {
  suspend: { type: 'SUSPEND' },
  resume: { type: 'RESUME' },
  terminate: { type: 'TERMINATE' },
  rectify: { type: 'RECTIFY' },
  'accept-rectification': { type: 'ACCEPT_RECTIFICATION' },
};

export function validateDirective(ctx: EngineContext, req: DirectiveRequest): void {
  if (ctx.directiveReply(req.directiveId)) return; // a repeated directive answers as before
  if (req.actor.role !== 'supervisor') refuse('DIRECTIVE_NOT_ALLOWED', 'only a supervisor can issue directives');
  if (!ctx.accepts(EVENTS[req.kind])) refuse('DIRECTIVE_NOT_ALLOWED', `cannot ${req.kind} a process that is ${ctx.status()}`);
  if (req.kind === 'accept-rectification') {
    const pending = ctx.openTasks().find((t) => t.nodeId === RECTIFICATION_NODE);
    if (pending) refuse('DIRECTIVE_NOT_ALLOWED', 'the rectification report has not been submitted yet');
  }
}

export async function directive(ctx: EngineContext, req: DirectiveRequest): Promise<DirectiveReply> {
  const previous = ctx.directiveReply(req.directiveId);
  if (previous) return { ...previous, applied: false };
  ctx.send(EVENTS[req.kind]);
  ctx.recordEvent(`directive.${req.kind}`, req.actor.username, { directiveId: req.directiveId, reason: req.reason, deadline: req.deadline ?? null, lifecycle: ctx.status() });
  if (req.kind === 'rectify') openRectificationTask(ctx, req);
  if (req.kind === 'terminate') ctx.cancelAll();
  const result: DirectiveReply = { directiveId: req.directiveId, lifecycle: ctx.status(), applied: true };
  ctx.rememberDirective(result);
  ctx.markInstanceDirty();
  return result;
}

function openRectificationTask(ctx: EngineContext, req: DirectiveRequest): void {
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
  ctx.openTask(task);
}

// ---- incidents (operations) -----------------------------------------------------------------------------------

export function validateRetryIncidents(ctx: EngineContext, req: RetryIncidentsRequest): void {
  if (!ctx.firstDeliverySeen(`retry:${req.operationId}`)) {
    if (isLifecycleEnded(ctx.status())) refuse('PROCESS_ENDED', `the process has ended (${ctx.status()})`);
    if (!req.reason?.trim()) throw ApplicationFailure.nonRetryable('a retry needs a reason', 'BAD_REQUEST');
    if (!ctx.liveTokens().some((t) => t.incident)) refuse('NO_INCIDENT', 'no step of the deal waits on an incident that a retry would look at again');
  }
}

/** The tokens waiting on incidents look again; the reply comes once the process has settled after it. */
export async function retryIncidents(ctx: EngineContext, req: RetryIncidentsRequest): Promise<RetryIncidentsReply> {
  if (!ctx.firstDelivery(`retry:${req.operationId}`)) return { ...(await reply(ctx)), retried: 0, duplicate: true, incidents: [...ctx.incidentList()] };
  const retried = ctx.retryIncidents();
  ctx.recordEvent('incident.retried', req.actor.username, { operationId: req.operationId, reason: req.reason, tokens: retried });
  ctx.markInstanceDirty();
  return { ...(await reply(ctx)), retried, duplicate: false, incidents: [...ctx.incidentList()] };
}

// ---- 顺延: moving the deal's dates ---------------------------------------------------------------------------------

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const instantOf = (value: unknown): number | null => (typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : null);

export function validateReschedule(ctx: EngineContext, req: RescheduleRequest): void {
  if (ctx.firstDeliverySeen(`reschedule:${req.rescheduleId}`)) return; // a repeated request answers as before
  const status = ctx.status();
  if (isLifecycleEnded(status)) refuse('PROCESS_ENDED', `the process has ended (${status})`);
  if (!req.rescheduleId || !req.reason?.trim()) refuse('RESCHEDULE_REFUSED', 'moving dates needs an id and a reason');
  if (req.alsoShift !== undefined && (!Array.isArray(req.alsoShift) || req.alsoShift.length > 20 || req.alsoShift.some((v) => typeof v !== 'string' || !v))) {
    refuse('RESCHEDULE_REFUSED', 'alsoShift names up to 20 variables');
  }
  const entries = Object.entries(req.dates ?? {});
  if (entries.length === 0 || entries.length > 20) refuse('RESCHEDULE_REFUSED', 'name from 1 to 20 dates to move');
  for (const [name, value] of entries) {
    const from = Object.hasOwn(ctx.variables, name) ? instantOf(ctx.variables[name]) : null;
    if (from === null) refuse('RESCHEDULE_REFUSED', `${name} is not a date of this deal`, { variable: name });
    const to = instantOf(value);
    if (to === null || Number.isNaN(to)) refuse('RESCHEDULE_REFUSED', `${name}: ${String(value)} is not an instant with its offset`, { variable: name });
    // 顺延 extends: a date brought forward would cut a statutory period short
    if (to <= from) refuse('RESCHEDULE_REFUSED', `${name} can only move later than ${String(ctx.variables[name])}`, { variable: name, current: ctx.variables[name] });
    if (to <= Date.now()) refuse('RESCHEDULE_REFUSED', `${name} cannot move into the past`, { variable: name });
  }
}

export function reschedule(ctx: EngineContext, req: RescheduleRequest): RescheduleReply {
  if (!ctx.firstDelivery(`reschedule:${req.rescheduleId}`)) return { rescheduleId: req.rescheduleId, duplicate: true, changes: [] };
  const changes: DateChange[] = Object.entries(req.dates).map(([variable, to]) => ({ variable, from: String(ctx.variables[variable]), to }));
  // the dates that follow the first one move by the same span (those not after it stay where they are)
  const [lead] = changes;
  if (lead && req.alsoShift?.length) {
    const from = instantOf(lead.from)!;
    const span = instantOf(lead.to)! - from;
    for (const variable of req.alsoShift) {
      const at = Object.hasOwn(ctx.variables, variable) ? instantOf(ctx.variables[variable]) : null;
      if (at === null || Number.isNaN(at) || at < from || changes.some((c) => c.variable === variable)) continue;
      changes.push({ variable, from: String(ctx.variables[variable]), to: new Date(at + span).toISOString() });
    }
  }
  for (const c of changes) ctx.setVariable(c.variable, c.to);
  ctx.recordEvent('dates.rescheduled', req.actor.username, { rescheduleId: req.rescheduleId, reason: req.reason, changes });
  ctx.markInstanceDirty();
  return { rescheduleId: req.rescheduleId, duplicate: false, changes };
}
