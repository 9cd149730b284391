// The BPMN interpreter: walks a ProcessModel with tokens. Each token runs as a fiber (an async loop) inside one
// root cancellation scope; a fiber waits only at well-defined points (user task, timer, message, activity, join,
// suspension gate), so "settled" — every token waiting — is observable and update replies can report it.
// It implements the engine context the element handlers and the task operations work through, and dispatches each
// element to its handler through the registry; projection and compensation are parts it owns.
import {
  ApplicationFailure, CancellationScope, condition, isCancellation, patched, proxyActivities, sleep, workflowInfo,
} from '@temporalio/workflow';
import {
  addDuration, adHocEntries, cronSchedule, evaluateCondition, nextCronTime, evaluateSource, isExpressionText, parseDuration, successorsOf, type ModelNode, type ProcessModel,
  type SequenceFlow, type StartEventNode, type SubProcessNode, type TimerDefinition,
} from '@ggzy/process/runtime';
import type {
  Actor, CarriedState, DeliverMessageRequest, DeliverSignalRequest, DirectiveReply, Lifecycle, ProcessInput, ProcessSnapshot, TaskView, Variables,
} from './process-contracts';
import type { ClosingStatus, EngineContext, LiveToken, StoredTask } from './engine-context';
import type { EngineActivities } from './engine-activities';
import { BoundaryInterrupt, BpmnError, bpmnErrorCode, innermostMessage } from './bpmn-error';
import { armEventSubProcesses } from './event-subprocesses';
import { startLifecycle, lifecycleOf, type LifecycleActor, type LifecycleEvent } from './lifecycle';
import { Projection, taskView } from './projection';
import { CompensationLog } from './compensation';
import { executeNode } from './handlers/registry';
import { withdrawableCompletions } from './operations';

/** The visited trail kept in state (the query shows the most recent part of very long processes). */
const signalActivities = proxyActivities<Pick<EngineActivities, 'broadcastSignal'>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One run of a level: the process's own, or one of an embedded subprocess — its local variables, the cancellation
 * scopes of its tokens and of its event subprocesses' runs, the watches that start those, how many tokens run in it.
 */
interface ScopeRun {
  /** The subprocess it runs (undefined for the process's own level). */
  nodeId: string | undefined;
  parent: string | undefined;
  locals: Variables;
  /** Everything of the run; `body`: its own tokens; `events`: its event subprocesses' runs; `watch`: their triggers. */
  cancel: CancellationScope;
  body: CancellationScope;
  events: CancellationScope;
  watch: CancellationScope | null;
  fibers: number;
  /** What a token inside raised (a BPMN error, a failure): the subprocess rethrows it once its tokens have ended. */
  failure?: { error: unknown };
  /** An interrupting event subprocess has started: nothing else starts in the run. */
  interrupted?: boolean;
  /** An interrupting escalation boundary of the subprocess caught an escalation raised inside it. */
  interruptedBy?: string;
}

function childScope(parent: CancellationScope): CancellationScope {
  return new CancellationScope({ cancellable: true, parent });
}

const MAX_VISITED = 5000;
const MAX_STEPS_WITHOUT_WAIT = 1000;

export class Interpreter implements EngineContext {
  readonly model: ProcessModel;
  private readonly lifecycle: LifecycleActor;
  private seq: number;
  readonly variables: Variables;
  readonly visited: string[];
  private readonly tokens = new Map<string, LiveToken>();
  private readonly tasks: Record<string, StoredTask>;
  private readonly inbox: DeliverMessageRequest[];
  private readonly seenMessages: Set<string>;
  private readonly signals: Record<string, number>;
  private readonly signalWaiters: Record<string, number> = {};
  private readonly directives: Record<string, DirectiveReply>;
  private readonly joins: Record<string, string[]>;
  private readonly incidents: string[];
  /** The last completion of each user task, for withdraw (撤回). */
  private readonly lastCompletions: Record<string, { taskId: string; actor: string }>;
  private fibers = 0;
  /** The countersigns running now that a signer may join, by the token that runs them. */
  private readonly countersigns = new Map<string, (signer: string) => boolean>();
  /** How many times an operator asked the incidents to be tried again. */
  private retries = 0;
  /** How many waits have begun, process-wide (a token that moves without one is looping). */
  private waitCount = 0;
  /** Tokens an update has just released from a wait and that have not yet moved on. */
  private readonly woken = new Set<string>();
  private readonly rootScope = new CancellationScope();
  /** Nodes reachable from each node (flows and boundary events), for inclusive joins, per subprocess level. */
  private reach = new Map<string, Set<string>>();
  /** The subprocess runs in progress, by id (tokens name theirs in `scope`). */
  private readonly scopeRuns = new Map<string, ScopeRun>();
  /** The process's own level as a run (its tokens have no `scope`). */
  private readonly root: ScopeRun;
  /** The event subprocesses drawn in each level (key: the subprocess id, '' for the process's own). */
  private readonly eventSubs = new Map<string, SubProcessNode[]>();
  private readonly projection: Projection;
  private readonly compensation: CompensationLog;
  private failed: BpmnError | null = null;

  constructor(readonly input: ProcessInput) {
    this.model = input.model;
    const carried: CarriedState | undefined = input.carried;
    this.seq = carried?.seq ?? 0;
    this.variables = carried?.variables ?? { ...input.variables };
    this.visited = carried?.visited ?? [];
    this.tasks = carried?.tasks ?? {};
    this.compensation = new CompensationLog(carried?.compensable ?? []);
    this.inbox = carried?.inbox ?? [];
    this.seenMessages = new Set(carried?.seenMessages ?? []);
    this.signals = carried?.signals ?? {};
    this.directives = carried?.directives ?? {};
    this.joins = carried?.joins ?? {};
    this.incidents = carried?.incidents ?? [];
    this.lastCompletions = carried?.lastCompletions ?? {};
    this.projection = new Projection(
      { input, tasks: this.tasks, status: () => this.status(), executionKey: () => this.executionKey, incidents: () => this.incidents },
      carried?.eventSeq ?? 0,
      carried?.variableSeq ?? 0,
    );
    if (!carried) {
      this.recordEvent('process.started', input.startedBy, { processKey: input.definition.key, version: input.definition.version, regionCode: input.regionCode });
      for (const [name, value] of Object.entries(this.variables)) this.projection.recordVariable(name, value, null);
    }
    this.lifecycle = startLifecycle(carried?.lifecycle ?? 'active');
    for (const t of carried?.tokens ?? []) this.tokens.set(t.id, { ...t, waits: 0 });
    for (const n of Object.values(this.model.nodes)) {
      if (n.kind === 'subProcess' && n.triggeredByEvent) this.eventSubs.set(n.scope ?? '', [...(this.eventSubs.get(n.scope ?? '') ?? []), n]);
    }
    this.root = this.levelRun(undefined, undefined, {}, this.rootScope);
    if (carried?.migrated) {
      // moved to another version: the open tasks' rows take their new node, name, role and form; the trail says so
      for (const task of Object.values(this.tasks)) if (task.status === 'open') this.projection.touchTask(task);
      const { migrationId, from, to, by, reason, move } = carried.migrated;
      if (move) this.recordEvent('token.moved', by, { migrationId, from: move.from, to: move.to, requestedBy: move.requestedBy, confirmedBy: by, reason });
      else this.recordEvent('process.migrated', by, { migrationId, from, to, reason });
      this.projection.markInstanceDirty();
    }
  }

  /** The BPMN error that ended the process as failed, if one did. */
  get failure(): BpmnError | null {
    return this.failed;
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

  issuedSeq(): number {
    return this.seq;
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------------

  status(): Lifecycle {
    return lifecycleOf(this.lifecycle);
  }

  accepts(event: LifecycleEvent): boolean {
    return this.lifecycle.getSnapshot().can(event);
  }

  send(event: LifecycleEvent): boolean {
    if (!this.lifecycle.getSnapshot().can(event)) return false;
    this.lifecycle.send(event);
    this.projection.markInstanceDirty();
    return true;
  }

  directiveReply(directiveId: string): DirectiveReply | undefined {
    return this.directives[directiveId];
  }

  rememberDirective(reply: DirectiveReply): void {
    this.directives[reply.directiveId] = reply;
  }

  // ---- running ------------------------------------------------------------------------------------------------

  async run(): Promise<void> {
    void this.projection.run();
    if (this.tokens.size === 0 && !this.input.carried) {
      const at = this.input.startAt ?? this.model.startNode;
      const start = this.model.nodes[at];
      if (!start || start.kind !== 'startEvent' || start.scope) throw ApplicationFailure.nonRetryable(`${at} is no start event of the process`, 'BAD_START');
      this.spawn({ id: this.newTokenId(), nodeId: at, waits: 0 }, false);
    } else {
      for (const token of this.tokens.values()) this.spawn(token, true);
    }
    this.root.watch = armEventSubProcesses(this, this.eventSubs.get('') ?? [], { id: 'process', nodeId: this.model.startNode, waits: 0 }, this.root.cancel, (sub, variables) => this.startEventSubProcess(undefined, this.root, sub, variables));
    await condition(() => this.fibers === 0);
    this.root.watch?.cancel();
  }

  newTokenId(): string {
    return `t${this.nextSeq()}`;
  }

  token(id: string): LiveToken | undefined {
    return this.tokens.get(id);
  }

  liveTokens(): LiveToken[] {
    return [...this.tokens.values()];
  }

  /** `into: 'events'`: the token runs an event subprocess, beside (not among) the level's own tokens. */
  spawn(token: LiveToken, resume: boolean, into?: 'events'): void {
    this.tokens.set(token.id, token);
    this.fibers++;
    const run = token.scope === undefined ? undefined : this.scopeRuns.get(token.scope);
    if (run) run.fibers++;
    const level = run ?? this.root;
    (into === 'events' ? level.events : level.body)
      .run(() => this.fiber(token, resume))
      .catch((err: unknown) => {
        if (isCancellation(err)) return;
        // an error event subprocess of the level catches what no boundary did (not what its own kind raised)
        if (!token.eventSub && this.catchByEventSubProcess(token.scope, level, err)) return;
        if (run) {
          // inside a subprocess: its other tokens stop, and the subprocess raises it where its boundaries can catch it
          run.failure ??= { error: err };
          run.cancel.cancel();
          return;
        }
        if (err instanceof BpmnError) {
          this.failed ??= err;
          this.rootScope.cancel();
          return;
        }
        // A business error no boundary catches (a typed, non-retryable failure of a service task or child process)
        // ends the process as failed, like an uncaught error end event; before this patch it failed the workflow
        // task over and over.
        const code = bpmnErrorCode(err);
        if (code !== null && patched('uncaught-business-error-fails-process')) {
          this.incidents.push(`${token.nodeId}: ${code} — ${innermostMessage(err)}`);
          this.failed ??= new BpmnError(code, innermostMessage(err));
          this.rootScope.cancel();
          return;
        }
        throw err;
      })
      .finally(() => {
        this.woken.delete(token.id);
        this.tokens.delete(token.id);
        this.fibers--;
        if (run) run.fibers--;
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
        this.raiseIncident(`${node.id}: more than ${MAX_STEPS_WITHOUT_WAIT} steps without a wait state (a loop with no task, timer or message)`);
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
            this.spawn({ id: this.newTokenId(), nodeId: this.flow(flowId).target, via: flowId, waits: 0, origin: token.origin ?? null, ...(token.scope === undefined ? {} : { scope: token.scope }) }, false);
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

  waitsBegun(): number {
    return this.waitCount;
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

  merge(values: Variables | undefined, token?: LiveToken): void {
    if (!values) return;
    for (const [k, v] of Object.entries(values)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      this.setVariable(k, v, token);
    }
  }

  setVariable(name: string, value: unknown, token?: LiveToken): void {
    for (let id = token?.scope; id !== undefined;) {
      const run = this.scopeRuns.get(id);
      if (!run) break;
      if (Object.hasOwn(run.locals, name)) {
        run.locals[name] = value;
        return;
      }
      id = run.parent;
    }
    const before = this.variables[name];
    this.variables[name] = value;
    // the variables history: what changed, at which step (a value set again unchanged is no change)
    if (before === undefined || JSON.stringify(before) !== JSON.stringify(value)) this.projection.recordVariable(name, value, token?.nodeId ?? null);
  }

  localsOf(token: LiveToken, extra?: Variables): Variables | undefined {
    if (token.scope === undefined) return extra;
    const chain: Variables[] = [];
    for (let id: string | undefined = token.scope; id !== undefined;) {
      const run = this.scopeRuns.get(id);
      if (!run) break;
      chain.unshift(run.locals);
      id = run.parent;
    }
    return Object.assign({}, ...chain, extra ?? {}) as Variables;
  }

  // ---- embedded subprocesses ----------------------------------------------------------------------------------

  async runSubProcess(node: SubProcessNode, token: LiveToken, loopLocals?: Variables): Promise<Variables> {
    const outer = this.localsOf(token, loopLocals);
    const locals: Variables = { ...(loopLocals ?? {}) };
    for (const [name, source] of Object.entries(node.input)) locals[name] = this.evaluate(source, outer);
    const id = `${token.id}/${node.id}/${this.nextSeq()}`;
    // created here, the run's scope is a child of the one the subprocess runs in: an interrupting boundary of the
    // subprocess (or a terminate around it) cancels every token inside
    const cancel = new CancellationScope();
    const run = this.levelRun(node.id, token.scope, locals, cancel);
    this.scopeRuns.set(id, run);
    token.origin = null;
    try {
      const entries = node.adHoc ? this.adHocEntries(node, { ...token, scope: id }) : [node.startNode];
      for (const entry of entries) this.spawn({ id: this.newTokenId(), nodeId: entry, waits: 0, origin: null, scope: id }, false);
      run.watch = armEventSubProcesses(this, this.eventSubs.get(node.id) ?? [], { id: `${id}/level`, nodeId: node.id, waits: 0, scope: id }, cancel, (sub, variables) => this.startEventSubProcess(id, run, sub, variables));
      if (!node.adHoc) {
        await this.waitFor(token, () => run.fibers === 0);
      } else {
        // as Camunda 8: nothing activated, it stays until a boundary or a directive ends it; its completion condition,
        // once an element is running, ends it as soon as it holds (cancelling the rest unless told to wait for them)
        const adHoc = node.adHoc;
        const met = () => adHoc.completionCondition !== null && this.condition(adHoc.completionCondition, this.localsOf({ ...token, scope: id }));
        await this.waitFor(token, () => entries.length > 0 && (run.fibers === 0 || met()));
        if (run.fibers > 0 && !adHoc.cancelRemaining) await this.waitFor(token, () => run.fibers === 0);
      }
      run.watch?.cancel();
      if (run.interruptedBy) throw new BoundaryInterrupt(run.interruptedBy);
      if (run.failure) throw run.failure.error;
      const out: Variables = {};
      const inside = this.localsOf({ ...token, scope: id });
      for (const [name, source] of Object.entries(node.output)) out[name] = this.evaluate(source, inside);
      return out;
    } finally {
      if (run.fibers > 0) run.cancel.cancel();
      this.scopeRuns.delete(id);
    }
  }

  /** The inner elements an ad-hoc subprocess activates on entering: a list of ids of its own elements no flow leads to. */
  private adHocEntries(node: SubProcessNode, inside: LiveToken): string[] {
    if (!node.adHoc?.activeElements) return [];
    const value = this.evaluate(node.adHoc.activeElements, this.localsOf(inside));
    const allowed = new Set(adHocEntries(this.model, node.id));
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !allowed.has(v))) {
      throw ApplicationFailure.nonRetryable(`${node.id}: the active elements ${JSON.stringify(value)} are not a list of its elements (${[...allowed].join(', ')})`, 'ExpressionError');
    }
    return value as string[];
  }

  terminateScope(scope: string): void {
    this.scopeRuns.get(scope)?.cancel.cancel();
  }

  /**
   * A level's run. Its tokens and its event subprocesses' runs get scopes of their own (an interrupting start cancels
   * the first and not the second) only when the level has event subprocesses: a level without keeps its tokens in
   * its one scope, as every level did before event subprocesses — a scope more would move where a cancellation
   * reaches a timer among the other commands, and the deals already running could not replay.
   */
  private levelRun(nodeId: string | undefined, parent: string | undefined, locals: Variables, cancel: CancellationScope): ScopeRun {
    const own = this.eventSubs.has(nodeId ?? '');
    return { nodeId, parent, locals, cancel, body: own ? childScope(cancel) : cancel, events: own ? childScope(cancel) : cancel, watch: null, fibers: 0 };
  }

  /** Starts an event subprocess of a level (`levelId`: the run's id, undefined for the process's own level). */
  private startEventSubProcess(levelId: string | undefined, level: ScopeRun, sub: SubProcessNode, variables?: Variables): boolean {
    const start = this.node(sub.startNode) as StartEventNode;
    if (level.interrupted) return false;
    const interrupting = start.interrupting !== false;
    if (interrupting) {
      // the rest of the level ends: its tokens, the event subprocesses running beside them, the other watches
      level.interrupted = true;
      level.body.cancel();
      level.events.cancel();
      level.watch?.cancel();
      level.events = childScope(level.cancel);
    }
    const place: LiveToken = { id: 'level', nodeId: sub.id, waits: 0, ...(levelId === undefined ? {} : { scope: levelId }) };
    this.merge(variables, place);
    this.recordEvent('event_subprocess.started', 'system', { nodeId: sub.id, trigger: start.trigger?.type ?? null, interrupting });
    this.markInstanceDirty();
    this.spawn({ id: this.newTokenId(), nodeId: sub.id, waits: 0, origin: null, eventSub: true, ...(levelId === undefined ? {} : { scope: levelId }) }, false, 'events');
    return true;
  }

  /** An error (BPMN or business) raised by a token of the level, caught by an error event subprocess of the level. */
  private catchByEventSubProcess(levelId: string | undefined, level: ScopeRun, err: unknown): boolean {
    const code = bpmnErrorCode(err);
    if (code === null) return false;
    const sub = (this.eventSubs.get(level.nodeId ?? '') ?? []).find((s) => {
      const t = (this.node(s.startNode) as StartEventNode).trigger;
      return t?.type === 'error' && (t.errorCode === null || t.errorCode === code);
    });
    if (!sub || level.interrupted) return false;
    this.setVariable('lastErrorCode', code, { id: 'level', nodeId: sub.id, waits: 0, ...(levelId === undefined ? {} : { scope: levelId }) });
    return this.startEventSubProcess(levelId, level, sub);
  }

  escalate(code: string, token: LiveToken): boolean {
    this.recordEvent('escalation.raised', 'system', { code, nodeId: token.nodeId });
    for (let levelId = token.scope; ;) {
      const level = levelId === undefined ? this.root : this.scopeRuns.get(levelId);
      if (!level) break;
      const sub = (this.eventSubs.get(level.nodeId ?? '') ?? []).find((s) => {
        const t = (this.node(s.startNode) as StartEventNode).trigger;
        return t?.type === 'escalation' && (t.escalation === null || t.escalation === code);
      });
      if (sub && !level.interrupted) {
        this.setVariable('lastEscalationCode', code, { id: 'level', nodeId: sub.id, waits: 0, ...(levelId === undefined ? {} : { scope: levelId }) });
        const interrupting = (this.node(sub.startNode) as StartEventNode).interrupting !== false;
        this.startEventSubProcess(levelId, level, sub);
        return interrupting;
      }
      if (levelId === undefined || level.nodeId === undefined) break;
      const boundary = this.node(level.nodeId).boundaries.map((id) => this.node(id)).find((b) => b.kind === 'boundaryEvent' && b.trigger.type === 'escalation' && (b.trigger.escalation === null || b.trigger.escalation === code));
      if (boundary?.kind === 'boundaryEvent') {
        this.setVariable('lastEscalationCode', code, { id: 'level', nodeId: boundary.id, waits: 0, ...(level.parent === undefined ? {} : { scope: level.parent }) });
        if (boundary.cancelActivity) {
          level.interruptedBy = boundary.id;
          level.cancel.cancel();
          return true;
        }
        this.spawn({ id: this.newTokenId(), nodeId: boundary.id, waits: 0, origin: null, ...(level.parent === undefined ? {} : { scope: level.parent }) }, false);
        return false;
      }
      levelId = level.parent;
    }
    this.recordEvent('escalation.uncaught', 'system', { code, nodeId: token.nodeId });
    return false;
  }

  joinKey(gatewayId: string, token: LiveToken): string {
    return token.scope === undefined ? gatewayId : `${token.scope}|${gatewayId}`;
  }

  /** Whether the token is in the subprocess run (at any depth below it); every token is in the process's level. */
  private within(token: LiveToken, scope: string | undefined): boolean {
    if (scope === undefined) return true;
    for (let id = token.scope; id !== undefined; id = this.scopeRuns.get(id)?.parent) if (id === scope) return true;
    return false;
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
      const v = isExpressionText(timer.value) ? String(this.evaluate(timer.value)) : timer.value;
      const at = Date.parse(v);
      if (Number.isNaN(at)) throw ApplicationFailure.nonRetryable(`timer date "${v}" is not a date`, 'TimerError');
      return at;
    }
    let value = timer.value;
    if (timer.type === 'cycle' && !value.startsWith('R')) {
      // a cron cycle (the compiler took it): its next time after now, in China Standard Time, without end
      const cron = cronSchedule(value);
      const next = cron === null ? null : nextCronTime(cron, fromMs);
      if (next === null) throw ApplicationFailure.nonRetryable(`timer "${value}" names no time to come`, 'TimerError');
      return next;
    }
    if (timer.type === 'cycle') {
      const m = /^R(\d*)\/(.+)$/.exec(value)!;
      if (m[1] && repetition >= Number(m[1])) return null;
      value = m[2]!;
    }
    if (isExpressionText(value)) value = String(this.evaluate(value));
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

  async sleepFollowing(nodeId: string, timer: TimerDefinition, at: number, moved: (next: number) => void): Promise<void> {
    // a value that no longer reads as a date keeps the timer where it was (the change is refused where it is made)
    const current = (): number | null => {
      try {
        return this.fireAt(timer);
      } catch {
        return null;
      }
    };
    for (let armed = at; ;) {
      const ms = armed - Date.now();
      if (ms <= 0) return;
      const changed = await condition(() => {
        const next = current();
        return next !== null && next !== armed;
      }, ms);
      if (!changed) return;
      const next = current()!;
      this.recordEvent('timer.rescheduled', 'system', { nodeId, from: new Date(armed).toISOString(), to: new Date(next).toISOString() });
      this.markInstanceDirty();
      moved(next);
      armed = next;
    }
  }


  // ---- messages -----------------------------------------------------------------------------------------------

  takeMessage(name: string, correlationKey: string | null, locals?: Variables): DeliverMessageRequest | undefined {
    const key = correlationKey === null ? undefined : String(this.evaluate(correlationKey, locals));
    const index = this.inbox.findIndex((m) => m.name === name && (key === undefined || m.correlationKey === key));
    if (index < 0) return undefined;
    return this.inbox.splice(index, 1)[0];
  }

  hasMessage(name: string, correlationKey: string | null, locals?: Variables): boolean {
    const key = correlationKey === null ? undefined : String(this.evaluate(correlationKey, locals));
    return this.inbox.some((m) => m.name === name && (key === undefined || m.correlationKey === key));
  }

  receiveMessage(message: DeliverMessageRequest): boolean {
    if (this.seenMessages.has(message.messageId)) return false;
    this.seenMessages.add(message.messageId);
    this.inbox.push(message);
    return true;
  }

  // ---- signals ------------------------------------------------------------------------------------------------

  firstDeliverySeen(id: string): boolean {
    return this.seenMessages.has(id);
  }

  firstDelivery(id: string): boolean {
    if (this.seenMessages.has(id)) return false;
    this.seenMessages.add(id);
    return true;
  }

  signalCount(name: string): number {
    return Object.hasOwn(this.signals, name) ? this.signals[name]! : 0;
  }

  receiveSignal(signal: DeliverSignalRequest): number {
    const waiting = Object.hasOwn(this.signalWaiters, signal.name) ? this.signalWaiters[signal.name]! : 0;
    this.signals[signal.name] = this.signalCount(signal.name) + 1;
    if (waiting > 0) this.merge(signal.variables);
    return waiting;
  }

  async awaitSignal(name: string, wait: (predicate: () => boolean) => Promise<void>): Promise<void> {
    const from = this.signalCount(name);
    this.signalWaiters[name] = (Object.hasOwn(this.signalWaiters, name) ? this.signalWaiters[name]! : 0) + 1;
    try {
      await wait(() => this.signalCount(name) > from);
    } finally {
      this.signalWaiters[name]! -= 1;
    }
  }

  async broadcastSignal(name: string, token: LiveToken): Promise<void> {
    const signalId = `${this.executionKey}:signal:${this.nextSeq()}`;
    this.recordEvent('signal.thrown', 'system', { name, signalId, nodeId: token.nodeId });
    // The deal that throws catches its own signal in this same step: it does not depend on its row being found by
    // the broadcast (a deal that has just started may not be projected yet), and costs no Update to itself.
    if (this.firstDelivery(`signal:${signalId}`)) {
      const caught = this.receiveSignal({ signalId, name });
      if (caught > 0) this.recordEvent('signal.caught', 'system', { signalId, name, caught });
    }
    this.markInstanceDirty();
    await this.waitOn(token, signalActivities.broadcastSignal({ signalId, name, regionCode: this.input.regionCode, fromWorkflowId: this.workflowId }));
  }

  // ---- joins --------------------------------------------------------------------------------------------------

  arriveAtJoin(gatewayId: string, arrival: string): readonly string[] {
    const arrivals = (this.joins[gatewayId] ??= []);
    arrivals.push(arrival);
    return arrivals;
  }

  joinArrivals(gatewayId: string): readonly string[] {
    return this.joins[gatewayId] ?? [];
  }

  leaveJoin(gatewayId: string, arrivals: readonly string[]): void {
    const waiting = this.joins[gatewayId] ?? [];
    for (const a of arrivals) waiting.splice(waiting.indexOf(a), 1);
  }

  clearJoin(gatewayId: string): void {
    this.joins[gatewayId] = [];
  }

  /** Where a token at `from` can still go without leaving the subprocess `level` (undefined: the process's level). */
  private reachable(from: string, level: string | undefined): Set<string> {
    const key = `${level ?? ''}|${from}`;
    let set = this.reach.get(key);
    if (set) return set;
    set = new Set<string>();
    const queue = [from];
    while (queue.length) {
      const node = this.model.nodes[queue.shift()!]!;
      if (level !== undefined && node.kind === 'endEvent' && node.scope === level) continue; // leaving the level
      for (const next of successorsOf(this.model, node)) {
        if (!set.has(next)) {
          set.add(next);
          queue.push(next);
        }
      }
    }
    this.reach.set(key, set);
    return set;
  }

  /** An inclusive join may fire when no live token outside it, in the same subprocess run, can still arrive. */
  inclusiveJoinReady(gatewayId: string, key: string, token: LiveToken): boolean {
    const waiting = new Set(this.joins[key] ?? []);
    if (waiting.size === 0) return false;
    const level = this.model.nodes[gatewayId]?.scope;
    for (const t of this.tokens.values()) {
      if (waiting.has(t.id) || !this.within(t, token.scope)) continue;
      if (t.nodeId === gatewayId) return false; // arriving right now
      if (this.reachable(t.nodeId, level).has(gatewayId)) return false;
    }
    return true;
  }

  // ---- tasks --------------------------------------------------------------------------------------------------

  task(taskId: string): StoredTask | undefined {
    return this.tasks[taskId];
  }

  openTasks(): TaskView[] {
    return Object.values(this.tasks).filter((t) => t.status === 'open').map(taskView);
  }

  openTask(task: StoredTask): void {
    this.tasks[task.taskId] = task;
    this.projection.touchTask(task);
  }

  assignTask(task: StoredTask, assignee: string, by: Actor | string): void {
    task.assignee = assignee;
    this.projection.touchTask(task, by);
  }

  closeTask(task: StoredTask, status: ClosingStatus, by: Actor): void {
    task.status = status;
    task.closedAt = new Date(Date.now()).toISOString();
    task.completedBy = by.username;
    this.projection.touchTask(task, by);
    if (task.tokenId) this.woken.add(task.tokenId);
  }

  cancelTask(task: StoredTask): void {
    task.status = 'cancelled';
    task.closedAt = new Date(Date.now()).toISOString();
    this.projection.touchTask(task);
  }

  openCountersign(token: LiveToken, add: (signer: string) => boolean): () => void {
    this.countersigns.set(token.id, add);
    return () => {
      if (this.countersigns.get(token.id) === add) this.countersigns.delete(token.id);
    };
  }

  addCountersigner(tokenId: string, signer: string): boolean {
    const add = this.countersigns.get(tokenId);
    return add ? add(signer) : false;
  }

  recordCompletion(nodeId: string, taskId: string, actor: string): void {
    this.lastCompletions[nodeId] = { taskId, actor };
  }

  completionOf(taskId: string): { nodeId: string; actor: string } | undefined {
    const entry = Object.entries(this.lastCompletions).find(([, c]) => c.taskId === taskId);
    return entry && { nodeId: entry[0], actor: entry[1].actor };
  }

  forgetCompletion(nodeId: string): void {
    delete this.lastCompletions[nodeId];
  }

  // ---- supervision and projection -----------------------------------------------------------------------------

  visit(nodeId: string): void {
    this.visited.push(nodeId);
  }

  incidentList(): readonly string[] {
    return this.incidents;
  }

  /** Ask every token waiting on an incident (a gateway with no way out) to look again: after a fix, or to try anew. */
  retryIncidents(): number {
    const waiting = [...this.tokens.values()].filter((t) => t.incident);
    this.retries += 1;
    // they have been released and have not looked yet: the reply waits until they have (settled() sees them)
    for (const t of waiting) this.woken.add(t.id);
    return waiting.length;
  }

  async awaitRetry(token: LiveToken): Promise<void> {
    const at = this.retries;
    token.incident = true;
    try {
      await this.waitFor(token, () => this.retries > at);
    } finally {
      token.incident = undefined;
    }
  }

  raiseIncident(description: string): void {
    this.incidents.push(description);
    this.projection.markInstanceDirty();
  }

  clearIncident(description: string): void {
    const at = this.incidents.indexOf(description);
    if (at < 0) return;
    this.incidents.splice(at, 1);
    this.projection.markInstanceDirty();
  }

  recordEvent(kind: string, actor: string, payload: Record<string, unknown>): void {
    this.projection.recordEvent(kind, actor, payload);
  }

  markInstanceDirty(): void {
    this.projection.markInstanceDirty();
  }

  /** The process has ended: its last step on the trail, and the last projection written. */
  flushProjection(): Promise<void> {
    this.projection.recordEvent(`process.${this.status()}`, 'system', { visited: this.visited.length });
    return this.projection.finish();
  }

  waitProjectionIdle(): Promise<void> {
    return this.projection.idle();
  }

  /** What the state query answers. */
  snapshot(): ProcessSnapshot {
    return {
      workflowId: workflowInfo().workflowId,
      definition: this.input.definition,
      regionCode: this.input.regionCode,
      dealCode: this.input.dealCode,
      lifecycle: this.status(),
      tokens: [...this.tokens.values()].map((t) => ({ id: t.id, nodeId: t.nodeId, waiting: t.waits > 0 })),
      openTasks: this.openTasks(),
      visited: this.visited,
      variables: this.variables,
      incidents: this.incidents,
      withdrawable: withdrawableCompletions(this, Object.values(this.lastCompletions)),
    };
  }

  // ---- compensation and termination --------------------------------------------------------------------------

  recordCompensable(node: ModelNode): void {
    this.compensation.record(node, this.variables);
  }

  compensate(activityRef: string | null, token: LiveToken | null): Promise<void> {
    return this.compensation.compensate(this, activityRef, token);
  }

  /** Stops every token (supervisor's terminate); compensation runs afterwards, outside the cancelled scope. */
  cancelAll(): void {
    this.rootScope.cancel();
  }

  // ---- continue-as-new ----------------------------------------------------------------------------------------

  carry(): CarriedState {
    return {
      seq: this.seq,
      lifecycle: this.status(),
      variables: this.variables,
      visited: this.visited,
      tokens: [...this.tokens.values()].map(({ waits: _w, via: _v, triggered: _t, ...t }) => t),
      tasks: this.tasks,
      compensable: this.compensation.pending,
      inbox: this.inbox,
      seenMessages: [...this.seenMessages],
      ...(Object.keys(this.signals).length ? { signals: this.signals } : {}),
      directives: this.directives,
      joins: this.joins,
      incidents: this.incidents,
      lastCompletions: this.lastCompletions,
      eventSeq: this.projection.eventCount,
      variableSeq: this.projection.variableCount,
    };
  }

  /**
   * True when every token waits somewhere a continue-as-new can resume from (user task, timer, message), and the
   * last projection is written (`evenWhileProjecting`: whatever the projection is doing, for a dry run).
   */
  resumable(evenWhileProjecting = false): boolean {
    for (const t of this.tokens.values()) {
      const node = this.model.nodes[t.nodeId]!;
      if (t.waits === 0 || t.scope !== undefined) return false; // a subprocess run is not carried across
      // a token waiting on an incident at a gateway is resumed by looking at its conditions again (on the model it
      // resumes on: a migration onto a fixed version is a way to fix it)
      const atIncident = t.incident === true && (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway');
      const simple = (node.kind === 'userTask' && !node.multiInstance && t.taskId) || (node.kind === 'timerCatch' && t.fireAt !== undefined) || (node.kind === 'messageCatch' && !node.multiInstance && !node.boundaries.length) || node.kind === 'conditionalCatch' || node.kind === 'signalCatch' || atIncident;
      if (!simple) return false;
    }
    return evenWhileProjecting || !this.projection.busy;
  }
}
