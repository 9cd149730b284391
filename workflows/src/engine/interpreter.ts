// The BPMN interpreter: walks a ProcessModel with tokens. Each token runs as a fiber (an async loop) inside one
// root cancellation scope; a fiber waits only at well-defined points (user task, timer, message, activity, join,
// suspension gate), so "settled" — every token waiting — is observable and update replies can report it.
import {
  ApplicationFailure, CancellationScope, allHandlersFinished, condition, isCancellation, patched, proxyActivities, sleep, workflowInfo,
} from '@temporalio/workflow';
import {
  addDuration, evaluateCondition, evaluateSource, parseDuration, type ModelNode, type ProcessModel, type SequenceFlow,
  type TimerDefinition,
} from '@ggzy/process/runtime';
import type {
  CarriedState, CompensableRecord, DeliverMessageRequest, DirectiveReply, Lifecycle, ProcessInput, TaskView, TokenState, Variables,
} from './process-contracts';
import { BPMN_ERROR_TYPE } from './process-contracts';
import type { EngineActivities, SupervisionStep } from './engine-activities';
import { startLifecycle, lifecycleOf, type LifecycleActor, type LifecycleEvent } from './lifecycle';
import { executeNode } from './handlers';
import { resultVariables, runServiceTask } from './handlers/service-task';

export type Outcome =
  | { type: 'take'; flows: string[] }
  | { type: 'jump'; nodeId: string; via?: string }
  | { type: 'end' }
  | { type: 'consumed' };

export interface LiveToken extends TokenState {
  /** How many waits the fiber is in (several for a parallel multi-instance activity); 0 while it moves. */
  waits: number;
  /** The flow the token arrived by (joins count arrivals per flow). */
  via?: string;
  /** Set when an event-based gateway already consumed this catch event's trigger. */
  triggered?: boolean;
}

export type StoredTask = TaskView & { tokenId: string; data?: Variables };

export class BpmnError extends Error {
  constructor(readonly code: string, message?: string) {
    super(message ?? `BPMN error ${code}`);
    this.name = 'BpmnError';
  }
}

/** The visited trail kept in state (the query shows the most recent part of very long processes). */
const MAX_VISITED = 5000;
const MAX_STEPS_WITHOUT_WAIT = 1000;
export const PROJECTION_AFTER_HANDLERS_PATCH = 'projection-after-update-handlers';

const engineActivities = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export class Interpreter {
  readonly model: ProcessModel;
  readonly lifecycle: LifecycleActor;
  seq: number;
  variables: Variables;
  visited: string[];
  tokens = new Map<string, LiveToken>();
  tasks: Record<string, StoredTask>;
  compensable: CompensableRecord[];
  inbox: DeliverMessageRequest[];
  seenMessages: Set<string>;
  directives: Record<string, DirectiveReply>;
  joins: Record<string, string[]>;
  incidents: string[];
  /** The last completion of each user task, for withdraw (撤回). */
  lastCompletions: Record<string, { taskId: string; actor: string }>;
  fibers = 0;
  /** How many waits have begun, process-wide (a token that moves without one is looping). */
  waitCount = 0;
  /** Tokens an update has just released from a wait and that have not yet moved on. */
  readonly woken = new Set<string>();
  private readonly rootScope = new CancellationScope();
  private dirtyTasks = new Set<string>();
  /** Supervision events waiting for the next projection (they ride along; they never schedule one themselves). */
  private pendingEvents: SupervisionStep[] = [];
  private eventSeq: number;
  private instanceDirty = true;
  private projecting = false;
  private ended = false;
  /** Nodes reachable from each node (flows and boundary events), for inclusive joins. */
  private reach = new Map<string, Set<string>>();
  failure: BpmnError | null = null;

  constructor(readonly input: ProcessInput) {
    this.model = input.model;
    const carried: CarriedState | undefined = input.carried;
    this.seq = carried?.seq ?? 0;
    this.variables = carried?.variables ?? { ...input.variables };
    this.visited = carried?.visited ?? [];
    this.tasks = carried?.tasks ?? {};
    this.compensable = carried?.compensable ?? [];
    this.inbox = carried?.inbox ?? [];
    this.seenMessages = new Set(carried?.seenMessages ?? []);
    this.directives = carried?.directives ?? {};
    this.joins = carried?.joins ?? {};
    this.incidents = carried?.incidents ?? [];
    this.lastCompletions = carried?.lastCompletions ?? {};
    this.eventSeq = carried?.eventSeq ?? 0;
    if (!carried) this.recordEvent('process.started', input.startedBy, { processKey: input.definition.key, version: input.definition.version, regionCode: input.regionCode });
    this.lifecycle = startLifecycle(carried?.lifecycle ?? 'active');
    for (const t of carried?.tokens ?? []) this.tokens.set(t.id, { ...t, waits: 0 });
  }

  get workflowId(): string {
    return workflowInfo().workflowId;
  }

  /**
   * What this deal's idempotency and trail keys start with: the workflow id and the run id of its first execution
   * (kept across continue-as-new). Should a workflow id ever be reused, the new run's side effects never meet the
   * stored answers and trail events of the old one.
   */
  get executionKey(): string {
    const info = workflowInfo();
    return `${info.workflowId}@${info.firstExecutionRunId}`;
  }

  node(id: string): ModelNode {
    const node = this.model.nodes[id];
    if (!node) throw ApplicationFailure.nonRetryable(`node ${id} is not in the model`, 'ModelError');
    return node;
  }

  flow(id: string): SequenceFlow {
    return this.model.flows[id]!;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  status(): Lifecycle {
    return lifecycleOf(this.lifecycle);
  }

  send(event: LifecycleEvent): boolean {
    if (!this.lifecycle.getSnapshot().can(event)) return false;
    this.lifecycle.send(event);
    this.instanceDirty = true;
    return true;
  }

  // ---- running ------------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    void this.projectionLoop();
    if (this.tokens.size === 0 && !this.input.carried) {
      this.spawn({ id: this.newTokenId(), nodeId: this.model.startNode, waits: 0 }, false);
    } else {
      for (const token of this.tokens.values()) this.spawn(token, true);
    }
    await condition(() => this.fibers === 0);
  }

  newTokenId(): string {
    return `t${this.nextSeq()}`;
  }

  spawn(token: LiveToken, resume: boolean): void {
    this.tokens.set(token.id, token);
    this.fibers++;
    this.rootScope
      .run(() => this.fiber(token, resume))
      .catch((err: unknown) => {
        if (isCancellation(err)) return;
        if (err instanceof BpmnError) {
          this.failure ??= err;
          this.rootScope.cancel();
          return;
        }
        // A business error no boundary catches (a typed, non-retryable failure of a service task or child process)
        // ends the process as failed, like an uncaught error end event; before this patch it failed the workflow
        // task over and over.
        const code = bpmnErrorCode(err);
        if (code !== null && patched('uncaught-business-error-fails-process')) {
          this.incidents.push(`${token.nodeId}: ${code} — ${messageOf(err)}`);
          this.failure ??= new BpmnError(code, messageOf(err));
          this.rootScope.cancel();
          return;
        }
        throw err;
      })
      .finally(() => {
        this.woken.delete(token.id);
        this.tokens.delete(token.id);
        this.fibers--;
      });
  }

  private async fiber(token: LiveToken, resume: boolean): Promise<void> {
    let resuming = resume;
    let stepsWithoutWait = 0;
    let waitsBefore = 0;
    for (;;) {
      const node = this.node(token.nodeId);
      if (!resuming) {
        await this.gate(token);
        this.visited.push(node.id);
        if (this.visited.length > MAX_VISITED) this.visited.splice(0, this.visited.length - MAX_VISITED);
      }
      // a cycle of gateways with no wait state would spin forever inside one workflow task: stop it as an incident
      stepsWithoutWait = this.waitCount === waitsBefore ? stepsWithoutWait + 1 : 0;
      waitsBefore = this.waitCount;
      if (stepsWithoutWait > MAX_STEPS_WITHOUT_WAIT) {
        this.incidents.push(`${node.id}: more than ${MAX_STEPS_WITHOUT_WAIT} steps without a wait state (a loop with no task, timer or message)`);
        this.markInstanceDirty();
        await this.waitFor(token, () => false);
        return;
      }
      const outcome = await executeNode(this, node, token, resuming);
      resuming = false;
      switch (outcome.type) {
        case 'end':
        case 'consumed':
          return;
        case 'jump':
          token.nodeId = outcome.nodeId;
          token.via = outcome.via;
          token.taskId = undefined;
          token.fireAt = undefined;
          token.boundaryFireAt = undefined;
          token.origin = null;
          continue;
        case 'take': {
          if (outcome.flows.length === 0) return;
          const [first, ...rest] = outcome.flows;
          for (const flowId of rest) {
            this.spawn({ id: this.newTokenId(), nodeId: this.flow(flowId).target, via: flowId, waits: 0, origin: token.origin ?? null }, false);
          }
          token.nodeId = this.flow(first!).target;
          token.via = first;
          token.fireAt = undefined;
          token.taskId = undefined;
          token.boundaryFireAt = undefined;
          continue;
        }
      }
    }
  }

  /** Blocks a token while the deal is suspended or under rectification; steps already started go on. */
  async gate(token: LiveToken): Promise<void> {
    if (this.status() === 'active') return;
    await this.waitFor(token, () => this.status() === 'active');
  }

  /** Marks the token as waiting for the duration of the wait, so settled() can see it. */
  async waitFor(token: LiveToken, predicate: () => boolean): Promise<void> {
    token.waits += 1;
    this.waitCount++;
    try {
      await condition(predicate);
    } finally {
      token.waits -= 1;
      this.woken.delete(token.id);
    }
  }

  async waitOn<T>(token: LiveToken, work: Promise<T>): Promise<T> {
    token.waits += 1;
    this.waitCount++;
    try {
      return await work;
    } finally {
      token.waits -= 1;
    }
  }

  /** Every token is waiting: what an update reply may report as the new state. */
  settled(): boolean {
    if (this.woken.size > 0) return false;
    for (const t of this.tokens.values()) if (t.waits === 0) return false;
    return true;
  }

  // ---- variables and expressions ----------------------------------------------------------------------------

  evaluate(source: string, locals?: Variables): unknown {
    try {
      return evaluateSource(source, locals ? { ...this.variables, ...locals } : this.variables);
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`expression "${source}" failed: ${(err as Error).message}`, 'ExpressionError');
    }
  }

  condition(source: string, locals?: Variables): boolean {
    try {
      return evaluateCondition(source, locals ? { ...this.variables, ...locals } : this.variables);
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`condition "${source}" failed: ${(err as Error).message}`, 'ExpressionError');
    }
  }

  merge(values: Variables | undefined): void {
    if (!values) return;
    for (const [k, v] of Object.entries(values)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      this.variables[k] = v;
    }
  }

  /** The outgoing flows to take from a node with conditional flows (activities, events): all that hold. */
  conditionalFlows(node: ModelNode, locals?: Variables): string[] {
    return node.outgoing.filter((f) => {
      const c = this.flow(f).condition;
      return c === null || this.condition(c, locals);
    });
  }

  // ---- timers -------------------------------------------------------------------------------------------------

  /** The absolute instant a timer fires, from workflow time (deterministic) and the working-day calendar. */
  fireAt(timer: TimerDefinition, fromMs: number = Date.now(), repetition = 0): number | null {
    if (timer.type === 'date') {
      const v = /^[$#]\{|^=/.test(timer.value) ? String(this.evaluate(timer.value)) : timer.value;
      const at = Date.parse(v);
      if (Number.isNaN(at)) throw ApplicationFailure.nonRetryable(`timer date "${v}" is not a date`, 'TimerError');
      return at;
    }
    let value = timer.value;
    if (timer.type === 'cycle') {
      const m = /^R(\d*)\/(.+)$/.exec(value)!;
      if (m[1] && repetition >= Number(m[1])) return null;
      value = m[2]!;
    }
    if (/^[$#]\{|^=/.test(value)) value = String(this.evaluate(value));
    try {
      return addDuration(fromMs, parseDuration(value), timer.calendar, this.input.calendar);
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`timer "${value}": ${(err as Error).message}`, 'TimerError');
    }
  }

  async sleepUntil(at: number): Promise<void> {
    const ms = at - Date.now();
    if (ms > 0) await sleep(ms);
  }

  // ---- messages -----------------------------------------------------------------------------------------------

  takeMessage(name: string, correlationKey: string | null): DeliverMessageRequest | undefined {
    const key = correlationKey === null ? undefined : String(this.evaluate(correlationKey));
    const index = this.inbox.findIndex((m) => m.name === name && (key === undefined || m.correlationKey === key));
    if (index < 0) return undefined;
    return this.inbox.splice(index, 1)[0];
  }

  hasMessage(name: string, correlationKey: string | null): boolean {
    const key = correlationKey === null ? undefined : String(this.evaluate(correlationKey));
    return this.inbox.some((m) => m.name === name && (key === undefined || m.correlationKey === key));
  }

  // ---- joins --------------------------------------------------------------------------------------------------

  reachable(from: string): Set<string> {
    let set = this.reach.get(from);
    if (set) return set;
    set = new Set<string>();
    const queue = [from];
    while (queue.length) {
      const node = this.model.nodes[queue.shift()!]!;
      for (const next of [...node.outgoing.map((f) => this.flow(f).target), ...node.boundaries]) {
        if (!set.has(next)) {
          set.add(next);
          queue.push(next);
        }
      }
    }
    this.reach.set(from, set);
    return set;
  }

  /** An inclusive join may fire when no live token outside it can still arrive. */
  inclusiveJoinReady(gatewayId: string): boolean {
    const waiting = new Set(this.joins[gatewayId] ?? []);
    if (waiting.size === 0) return false;
    for (const t of this.tokens.values()) {
      if (waiting.has(t.id)) continue;
      if (t.nodeId === gatewayId) return false; // arriving right now
      if (this.reachable(t.nodeId).has(gatewayId)) return false;
    }
    return true;
  }

  // ---- tasks and projection ------------------------------------------------------------------------------------

  touchTask(task: StoredTask, actor: string | null = null): void {
    task.revision += 1;
    this.dirtyTasks.add(task.taskId);
    const kind = task.revision === 1 ? 'task.opened' : task.status === 'open' ? 'task.assigned' : `task.${task.status}`;
    this.recordEvent(kind, actor ?? task.completedBy ?? 'system', {
      taskId: task.taskId, nodeId: task.nodeId, name: task.name, candidateRole: task.candidateRole, assignee: task.assignee, dueAt: task.dueAt,
    });
  }

  /** A step supervision must see; written with the next projection, in its transaction. */
  recordEvent(kind: string, actor: string, payload: Record<string, unknown>): void {
    this.eventSeq += 1;
    this.pendingEvents.push({
      key: `${this.executionKey}:event:${this.eventSeq}`, kind, actor,
      payload: { workflowId: workflowInfo().workflowId, ...payload }, occurredAt: new Date(Date.now()).toISOString(),
    });
  }

  markInstanceDirty(): void {
    this.instanceDirty = true;
  }

  openTasks(): TaskView[] {
    return Object.values(this.tasks).filter((t) => t.status === 'open').map(stripTask);
  }

  /** Writes changed task rows and the instance row, batched, one activity at a time, in order. */
  private async projectionLoop(): Promise<void> {
    // Patch: schedule a projection only once no Update handler is running, so an Update's completion always
    // precedes the projection it caused, whatever the order of jobs in an activation (found by the no-cache
    // conformance pass: replay could schedule the projection first). Histories without the marker keep the old order.
    const afterHandlers = patched(PROJECTION_AFTER_HANDLERS_PATCH);
    for (;;) {
      await condition(() => (this.dirtyTasks.size > 0 || this.instanceDirty || this.ended) && (!afterHandlers || allHandlersFinished()));
      if (this.dirtyTasks.size === 0 && !this.instanceDirty) return;
      const tasks = [...this.dirtyTasks].map((id) => stripTask(this.tasks[id]!));
      this.dirtyTasks.clear();
      const events = this.pendingEvents;
      this.pendingEvents = [];
      this.instanceDirty = false;
      this.projecting = true;
      try {
        await CancellationScope.nonCancellable(() => engineActivities.projectProcess({
          workflowId: this.workflowId, definition: this.input.definition, regionCode: this.input.regionCode,
          dealCode: this.input.dealCode, lifecycle: this.status(), startedBy: this.input.startedBy, tasks, events,
        }));
      } finally {
        this.projecting = false;
      }
      // drop tasks that are closed and written: the row keeps them, the workflow state need not
      for (const t of tasks) if (t.status !== 'open' && this.tasks[t.taskId]?.revision === t.revision) delete this.tasks[t.taskId];
    }
  }

  async flushProjection(): Promise<void> {
    this.recordEvent(`process.${this.status()}`, 'system', { visited: this.visited.length });
    this.ended = true;
    this.instanceDirty = true;
    await condition(() => this.dirtyTasks.size === 0 && !this.instanceDirty && !this.projecting);
  }

  async waitProjectionIdle(): Promise<void> {
    await condition(() => this.dirtyTasks.size === 0 && !this.instanceDirty && !this.projecting);
  }

  // ---- compensation and termination --------------------------------------------------------------------------

  recordCompensable(node: ModelNode): void {
    if (node.compensationHandler) {
      this.compensable.push({ nodeId: node.id, handler: node.compensationHandler, variables: { ...this.variables } });
    }
  }

  /** Runs compensation handlers of completed activities, most recent first; each runs once. */
  async compensate(activityRef: string | null, token: LiveToken | null): Promise<void> {
    const due = this.compensable.filter((c) => activityRef === null || c.nodeId === activityRef).reverse();
    this.compensable = this.compensable.filter((c) => !due.includes(c));
    for (const record of due) {
      const handler = this.node(record.handler);
      this.visited.push(handler.id);
      if (handler.kind !== 'serviceTask') continue;
      const holder: LiveToken = token ?? { id: `c${this.nextSeq()}`, nodeId: handler.id, waits: 0 };
      // the handler sees the variables as they are now (the completed activity's own are kept in the record)
      this.merge(resultVariables(handler, await runServiceTask(this, handler, holder)));
    }
  }

  /** Stops every token (supervisor's terminate); compensation runs afterwards, outside the cancelled scope. */
  cancelAll(): void {
    this.rootScope.cancel();
  }

  carry(): CarriedState {
    return {
      seq: this.seq,
      lifecycle: this.status(),
      variables: this.variables,
      visited: this.visited,
      tokens: [...this.tokens.values()].map(({ waits: _w, via: _v, triggered: _t, ...t }) => t),
      tasks: this.tasks,
      compensable: this.compensable,
      inbox: this.inbox,
      seenMessages: [...this.seenMessages],
      directives: this.directives,
      joins: this.joins,
      incidents: this.incidents,
      lastCompletions: this.lastCompletions,
      eventSeq: this.eventSeq,
    };
  }

  /** True when every token waits somewhere a continue-as-new can resume from (user task, timer, message). */
  resumable(): boolean {
    for (const t of this.tokens.values()) {
      const node = this.model.nodes[t.nodeId]!;
      if (t.waits === 0) return false;
      const simple = (node.kind === 'userTask' && !node.multiInstance && t.taskId) || (node.kind === 'timerCatch' && t.fireAt !== undefined) || node.kind === 'messageCatch';
      if (!simple) return false;
    }
    return !this.projecting;
  }
}

export function stripTask(task: StoredTask): TaskView {
  const { tokenId: _t, data: _d, ...view } = task;
  return view;
}

/** The BPMN error code carried by a failure from an activity or a child process, if it is one. */
/** The innermost message of a failure chain (the activity's own words, not the SDK's wrapper). */
function messageOf(err: unknown): string {
  let cause: unknown = err;
  let message = (err as Error)?.message ?? String(err);
  for (let i = 0; i < 5 && cause; i++) {
    if ((cause as Error).message) message = (cause as Error).message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return message;
}

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
