// What an element handler or a task operation may ask of the running process, as an interface: handlers and
// operations depend on this file (types only), never on the interpreter that implements it and dispatches to them.
// The behaviours are grouped by concern; EngineContext is all of them.
import type { DeliverSignalRequest } from './process-contracts';
import type { ModelNode, ProcessModel, SequenceFlow, SubProcessNode, TimerDefinition } from '@ggzy/process/runtime';
import type {
  Actor, DeliverMessageRequest, DirectiveReply, Lifecycle, ProcessInput, TaskStatus, TaskView, TokenState, Variables,
} from './process-contracts';
import type { LifecycleEvent } from './lifecycle';

/** What a handler tells the interpreter to do with the token once its element is done. */
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

/** A user task as the workflow keeps it: the view the portal gets, the token waiting on it and the submitted data. */
/**
 * A task as the workflow keeps it. `signers`: people added after this one (加签), in order; `prior`: the form data
 * of the signers before it in the same step, merged under its own when the step completes.
 */
export type StoredTask = TaskView & { tokenId: string; data?: Variables; signers?: string[]; prior?: Variables };

/** How someone ends a task (complete, return, withdraw); 'cancelled' is the engine's own doing. */
export type ClosingStatus = Exclude<TaskStatus, 'open' | 'cancelled'>;

/** Runs one BPMN element for a token; `resuming` is set when the token resumes a wait after continue-as-new. */
export type ElementHandler<N extends ModelNode = ModelNode> = (ctx: EngineContext, node: N, token: LiveToken, resuming: boolean) => Promise<Outcome>;

/** The deal, its model and the identities its side effects are keyed by. */
export interface ProcessScope {
  readonly input: ProcessInput;
  readonly model: ProcessModel;
  readonly workflowId: string;
  /** What this deal's idempotency and trail keys start with (stable across continue-as-new). */
  readonly executionKey: string;
  /** The next number of the process-wide sequence (token, task, activity and child ids). */
  nextSeq(): number;
  /** The last number the sequence gave out (ids above it have not been issued yet). */
  issuedSeq(): number;
  /** A node of the model; a missing one fails the workflow task as a model error. */
  node(id: string): ModelNode;
  flow(id: string): SequenceFlow;
}

export interface VariableBehavior {
  readonly variables: Readonly<Variables>;
  /** An expression over the variables (and locals, e.g. a multi-instance element); a failure is an ExpressionError. */
  evaluate(source: string, locals?: Variables): unknown;
  condition(source: string, locals?: Variables): boolean;
  /** The outgoing flows to take from a node with conditional flows (activities, events): all that hold. */
  conditionalFlows(node: ModelNode, locals?: Variables): string[];
  /**
   * Copies values into the variables (names that would reach an object's prototype are skipped). With a token inside
   * a subprocess, a name local to one of its subprocess runs is written there, any other to the process's variables.
   */
  merge(values: Variables | undefined, token?: LiveToken): void;
  setVariable(name: string, value: unknown, token?: LiveToken): void;
  /**
   * What an expression of a token sees besides the process's variables: the local variables of the subprocess runs
   * it is in (innermost last), then `extra` (a multi-instance element); undefined when there is nothing.
   */
  localsOf(token: LiveToken, extra?: Variables): Variables | undefined;
}

export interface ScopeBehavior {
  /**
   * Runs an embedded subprocess for the token (which waits on it): a token at its start, inside a cancellation scope
   * of its own, until every token inside has ended. Answers its output mappings' values; rethrows an error raised
   * inside (for the subprocess's error boundaries). `loopLocals`: the multi-instance element, local to this run.
   */
  runSubProcess(node: SubProcessNode, token: LiveToken, loopLocals?: Variables): Promise<Variables>;
  /** A terminate end event inside a subprocess: ends every token of that run; the subprocess completes. */
  terminateScope(scope: string): void;
  /** The key a converging gateway keeps its arrivals under, per subprocess run. */
  joinKey(gatewayId: string, token: LiveToken): string;
  /**
   * Raises an escalation from the token's place: the first catcher up the scopes (an event subprocess of the level,
   * else an escalation boundary of the subprocess around it) takes it. True when that interrupted the token's own
   * level (the thrower is then cancelled and must not go on).
   */
  escalate(code: string, token: LiveToken): boolean;
}

export interface TokenBehavior {
  newTokenId(): string;
  /** Starts a fiber for the token (resume: it continues a wait carried across continue-as-new). */
  spawn(token: LiveToken, resume: boolean): void;
  token(id: string): LiveToken | undefined;
  liveTokens(): LiveToken[];
  /** Waits until the predicate holds, with the token marked as waiting (so settled() can see it). */
  waitFor(token: LiveToken, predicate: () => boolean): Promise<void>;
  /** Waits for the work (an activity, a child, a timer), with the token marked as waiting. */
  waitOn<T>(token: LiveToken, work: Promise<T>): Promise<T>;
  /** Every token is waiting: what an update reply may report as the new state. */
  settled(): boolean;
  /** How many waits the tokens have begun so far: unchanged between two looks means nothing moved in between. */
  waitsBegun(): number;
  /** The absolute instant a timer fires, from workflow time and the working-day calendar; null when a cycle is over. */
  fireAt(timer: TimerDefinition, fromMs?: number, repetition?: number): number | null;
  sleepUntil(at: number): Promise<void>;
  /**
   * Sleeps until `at`, re-armed whenever the timer's date (an expression over the variables) changes meanwhile: each
   * move is recorded on the deal's timeline as timer.rescheduled and told to `moved` (to carry the new instant).
   */
  sleepFollowing(nodeId: string, timer: TimerDefinition, at: number, moved: (next: number) => void): Promise<void>;
}

export interface MessageBehavior {
  hasMessage(name: string, correlationKey: string | null, locals?: Variables): boolean;
  /** Removes and returns the first buffered message of that name (and correlation key, evaluated). */
  takeMessage(name: string, correlationKey: string | null, locals?: Variables): DeliverMessageRequest | undefined;
  /** Buffers a delivered message; false when a message with this id was delivered before. */
  receiveMessage(message: DeliverMessageRequest): boolean;
  /** True the first time an id (of a message or a signal) is delivered; remembered across continue-as-new. */
  firstDelivery(id: string): boolean;
  /** Whether an id was delivered already (without recording it). */
  firstDeliverySeen(id: string): boolean;
  /** How many times the signal has been received so far. */
  signalCount(name: string): number;
  /** Counts a received signal; merges its variables when something waits for it. Answers how many were waiting. */
  receiveSignal(signal: DeliverSignalRequest): number;
  /** Waits (the token marked as waiting, unless it is a boundary's or a gateway branch's watch) for the next signal. */
  awaitSignal(name: string, wait: (predicate: () => boolean) => Promise<void>): Promise<void>;
  /** Broadcasts a signal to the deals of the region that wait for it (this one included). */
  broadcastSignal(name: string, token: LiveToken): Promise<void>;
}

/** Joins keep the arrivals at each converging gateway: flow ids (parallel) or token ids (inclusive). */
export interface JoinBehavior {
  /** Records an arrival and returns the arrivals at the gateway now. */
  arriveAtJoin(gatewayId: string, arrival: string): readonly string[];
  joinArrivals(gatewayId: string): readonly string[];
  /** Removes one arrival of each given (they continue as one token). */
  leaveJoin(gatewayId: string, arrivals: readonly string[]): void;
  clearJoin(gatewayId: string): void;
  /** An inclusive join may fire when no live token outside it (in the same subprocess run) can still arrive. */
  inclusiveJoinReady(gatewayId: string, key: string, token: LiveToken): boolean;
}

/** User tasks: every change is projected (task row, trail event). */
export interface TaskBehavior {
  task(taskId: string): StoredTask | undefined;
  openTasks(): TaskView[];
  openTask(task: StoredTask): void;
  /** `by`: who assigned it (an actor: the trail also names a party's person). */
  assignTask(task: StoredTask, assignee: string, by: Actor | string): void;
  /** Ends a task by someone's hand and wakes the token waiting on it. */
  closeTask(task: StoredTask, status: ClosingStatus, by: Actor): void;
  /** Ends a task whose wait was cancelled (boundary event, termination). */
  cancelTask(task: StoredTask): void;
  /**
   * A countersign (parallel multi-instance user task) running for the token takes added signers through `add` until
   * the returned function closes it (its step is over). `add` answers false when it can no longer take one.
   */
  openCountersign(token: LiveToken, add: (signer: string) => boolean): () => void;
  /** Adds a signer to the countersign running for the token; false when none runs or it took no more. */
  addCountersigner(tokenId: string, signer: string): boolean;
  /** The last completion of a user task node, kept for withdraw (撤回). */
  recordCompletion(nodeId: string, taskId: string, actor: string): void;
  completionOf(taskId: string): { nodeId: string; actor: string } | undefined;
  forgetCompletion(nodeId: string): void;
}

/** The deal's lifecycle under supervision and the directives that drive it. */
export interface LifecycleBehavior {
  status(): Lifecycle;
  accepts(event: LifecycleEvent): boolean;
  /** Applies the event if the current state accepts it. */
  send(event: LifecycleEvent): boolean;
  /** Stops every token (terminate end event, supervisor's terminate). */
  cancelAll(): void;
  directiveReply(directiveId: string): DirectiveReply | undefined;
  rememberDirective(reply: DirectiveReply): void;
}

/** What the portal and supervision see of the process. */
export interface SupervisionBehavior {
  readonly visited: readonly string[];
  visit(nodeId: string): void;
  /** A problem the process waits on until a directive ends it; visible in the state query. */
  raiseIncident(description: string): void;
  /** The incident is over (a stuck step completed after all). */
  clearIncident(description: string): void;
  /** The problems the process waits on now. */
  incidentList(): readonly string[];
  /** Waits, marked as an incident wait, until an operator asks to try again. */
  awaitRetry(token: LiveToken): Promise<void>;
  /** Asks the tokens waiting on incidents to try again; answers how many there were. */
  retryIncidents(): number;
  /** A step supervision must see; written with the next projection, in its transaction. */
  recordEvent(kind: string, actor: string, payload: Record<string, unknown>): void;
  /** Has the instance row written with the next projection. */
  markInstanceDirty(): void;
}

export interface CompensationBehavior {
  /** Remembers a completed activity that has a compensation handler. */
  recordCompensable(node: ModelNode): void;
  /** Runs the compensation handlers of completed activities (all, or activityRef's), most recent first. */
  compensate(activityRef: string | null, token: LiveToken | null): Promise<void>;
}

export interface EngineContext
  extends ProcessScope, VariableBehavior, ScopeBehavior, TokenBehavior, MessageBehavior, JoinBehavior, TaskBehavior, LifecycleBehavior,
  SupervisionBehavior, CompensationBehavior {}
