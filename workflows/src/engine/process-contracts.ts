// What crosses the workflow boundary for BPMN processes: inputs, updates, queries and their replies.
import type { DealRelationRole, DefinitionRef, ProcessModel, WorkCalendar } from '@ggzy/process/runtime';

export type Variables = Record<string, unknown>;

export interface Actor {
  userId: number;
  username: string;
  role: string;
  regionCode: string;
  /**
   * A market party acting in its own name: the subject and the person, and the subject's relations to this deal as
   * the api resolved them from the database before the Update (the engine only compares them with the task's role).
   */
  party?: PartyActing;
  /** The centre's staff doing a party's step for it (代为办理): allowed only with the reason, which the trail keeps. */
  onBehalf?: { reason: string };
}

export interface PartyActing {
  subjectId: number;
  creditCode: string;
  subjectName: string;
  personId: number;
  personName: string;
  relations: DealRelationRole[];
}

export interface ProcessInput {
  model: ProcessModel;
  definition: DefinitionRef;
  regionCode: string;
  dealCode: string | null;
  variables: Variables;
  calendar: WorkCalendar;
  startedBy: string;
  /** Set on continue-as-new: the state to resume from. */
  carried?: CarriedState;
  /** Tests: continue as new once history has more events than this (the server's suggestion still applies). */
  continueAsNewAfterEvents?: number;
  /**
   * After how long a service task still failing and being retried raises an incident and a `step.stuck` event for
   * supervision (milliseconds; set by the api from GGZY_STUCK_STEP_MINUTES). Absent: no watch (older deals).
   */
  stuckStepAfterMs?: number;
  /** A deal started by an event (a signal broadcast in its region): the start event it begins at; else the model's startNode. */
  startAt?: string;
}

/** `handedOver`: the task went to a signer added before its holder (前加签); it comes back to the holder after. */
export type TaskStatus = 'open' | 'completed' | 'returned' | 'withdrawn' | 'cancelled' | 'handedOver';

export interface TaskView {
  taskId: string;
  nodeId: string;
  name: string | null;
  /** The step's English name, where the model carries one. */
  nameEn?: string;
  candidateRole: string;
  assignee: string | null;
  regionCode: string;
  formKey: string | null;
  requiredFields: string[];
  status: TaskStatus;
  openedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  completedBy: string | null;
  /** For countersign instances: the element this instance is for. */
  loopElement?: unknown;
  revision: number;
}

export type Lifecycle = 'active' | 'suspended' | 'rectifying' | 'terminated' | 'completed' | 'failed';

/** The lifecycles a deal never leaves (the final states of the lifecycle machine): nothing more happens to it. */
export function isLifecycleEnded(lifecycle: Lifecycle): boolean {
  return lifecycle === 'terminated' || lifecycle === 'completed' || lifecycle === 'failed';
}

export interface ProcessSnapshot {
  workflowId: string;
  definition: DefinitionRef;
  regionCode: string;
  dealCode: string | null;
  lifecycle: Lifecycle;
  tokens: Array<{ id: string; nodeId: string; waiting: boolean }>;
  openTasks: TaskView[];
  visited: string[];
  variables: Variables;
  incidents: string[];
  /** The completions their completers may withdraw (撤回) now: the next steps they opened not yet taken up. */
  withdrawable?: Array<{ taskId: string; actor: string }>;
}

export interface CompleteTaskRequest {
  taskId: string; actor: Actor; data?: Variables;
  /**
   * The form the caller checked the data against, read from the deal's projection rather than asked of the deal: the
   * task's form key and the hash of the definition it came from. When either is not the deal's own (the projection
   * lags a migration), the completion is refused with FORM_CHECK_STALE and nothing changes; the caller checks again.
   */
  formChecked?: { definitionHash: string; formKey: string | null };
}
export interface ClaimTaskRequest { taskId: string; actor: Actor }
export interface DelegateTaskRequest { taskId: string; actor: Actor; to: string }
export interface ReturnTaskRequest { taskId: string; actor: Actor; targetNodeId: string; comment?: string }
export interface WithdrawTaskRequest { taskId: string; actor: Actor }
/**
 * 加签: another person of the task's role signs the same step. `before`: the signer first, then the task comes back
 * to its holder (the actor); `after`: once the holder completes it, the signer completes it too before the process
 * moves on. Several may be added; each signer's form data is merged over the ones before.
 */
/** `parallel`: the signer joins the countersign (会签) the task is an instance of, with an instance of their own. */
export interface AddSignerRequest { taskId: string; actor: Actor; signer: string; mode: 'before' | 'after' | 'parallel'; reason: string }
export interface DeliverMessageRequest { messageId: string; name: string; correlationKey?: string; variables?: Variables }

export type DirectiveKind = 'suspend' | 'resume' | 'terminate' | 'rectify' | 'accept-rectification';
export interface DirectiveRequest {
  directiveId: string;
  kind: DirectiveKind;
  actor: Actor;
  reason: string;
  /** Rectification deadline (ISO-8601 duration, working days). */
  deadline?: string;
}

export interface TaskActionReply { openTasks: TaskView[]; lifecycle: Lifecycle }
export interface DeliverMessageReply { accepted: boolean; duplicate: boolean }
/** A broadcast signal, delivered to one deal: caught by whatever waits for it there now, or by nothing. */
export interface DeliverSignalRequest { signalId: string; name: string; variables?: Variables }
export interface DeliverSignalReply { caught: number; duplicate: boolean }
export interface DirectiveReply { directiveId: string; lifecycle: Lifecycle; applied: boolean }

export interface ProcessResult {
  lifecycle: Lifecycle;
  variables: Variables;
  visited: string[];
}

/** The state carried across continue-as-new. */
export interface CarriedState {
  seq: number;
  lifecycle: Lifecycle;
  variables: Variables;
  visited: string[];
  tokens: TokenState[];
  tasks: Record<string, TaskView & { tokenId: string; data?: Variables }>;
  compensable: CompensableRecord[];
  inbox: Array<DeliverMessageRequest>;
  seenMessages: string[];
  directives: Record<string, DirectiveReply>;
  joins: Record<string, string[]>;
  incidents: string[];
  lastCompletions: Record<string, { taskId: string; actor: string }>;
  eventSeq?: number;
  /** How many variable changes the process has recorded (their keys stay unique across continue-as-new). */
  variableSeq?: number;
  /** How many times each signal has been received (a catcher waits for its count to pass where it started). */
  signals?: Record<string, number>;
  /** Set on the continue-as-new that moved the deal to another version (the new run puts it on the trail). */
  migrated?: { migrationId: string; from: DefinitionRef; to: DefinitionRef; by: string; reason: string; move?: { from: string; to: string; requestedBy: string } };
}

export interface TokenState {
  id: string;
  nodeId: string;
  /** Where a resumable wait stands (user task id, timer deadline), so the token can be resumed after continue-as-new. */
  taskId?: string;
  fireAt?: number;
  boundaryFireAt?: Record<string, number>;
  /** Set for tokens created by completing a task, until they pass a step with side effects (for withdraw, 撤回). */
  origin?: { taskId: string; actor: string } | null;
  /** The run of the embedded subprocess the token is in (absent at the process's own level). */
  scope?: string;
  /** The token runs an event subprocess of its level (an error inside it is not caught by that level's own). */
  eventSub?: true;
  /** The token waits on an incident (a gateway none of whose flows holds) until someone asks to try again. */
  incident?: true;
}

export interface CompensableRecord { nodeId: string; handler: string; variables: Variables }

/** The error type a service task (or a child process) raises to reach an error boundary event. */
export const BPMN_ERROR_TYPE = 'BpmnError';

/** Errors the updates' validators raise: stable codes the api maps to HTTP answers. */
export const ENGINE_ERRORS = {
  TASK_NOT_FOUND: 'TASK_NOT_FOUND',
  TASK_CLOSED: 'TASK_CLOSED',
  TASK_NOT_YOURS: 'TASK_NOT_YOURS',
  TASK_FOR_PARTY: 'TASK_FOR_PARTY',
  FORM_INCOMPLETE: 'FORM_INCOMPLETE',
  FORM_INVALID: 'FORM_INVALID',
  PROCESS_SUSPENDED: 'PROCESS_SUSPENDED',
  PROCESS_ENDED: 'PROCESS_ENDED',
  RETURN_NOT_ALLOWED: 'RETURN_NOT_ALLOWED',
  WITHDRAW_NOT_ALLOWED: 'WITHDRAW_NOT_ALLOWED',
  DIRECTIVE_NOT_ALLOWED: 'DIRECTIVE_NOT_ALLOWED',
  SIGNER_NOT_ALLOWED: 'SIGNER_NOT_ALLOWED',
  NO_INCIDENT: 'NO_INCIDENT',
  RESCHEDULE_REFUSED: 'RESCHEDULE_REFUSED',
  FORM_CHECK_STALE: 'FORM_CHECK_STALE',
} as const;

/**
 * 顺延: dates of the deal (variables whose value is an instant, such as the opening time `openingAt`) moved later,
 * with a reason; timers that read them follow. A repeated id answers as before.
 */
export interface RescheduleRequest {
  rescheduleId: string; dates: Record<string, string>; actor: Actor; reason: string;
  /**
   * Dates that follow the first of `dates` (the opening's end, the evaluation after it): each that holds an instant no
   * earlier than the first date's old value moves by the same span. One that is absent, or earlier, stays.
   */
  alsoShift?: string[];
}
export interface DateChange { variable: string; from: string; to: string }
export interface RescheduleReply { rescheduleId: string; duplicate: boolean; changes: DateChange[] }

/** An operator asks the steps waiting on an incident to try again (after a fix), with a reason for the trail. */
export interface RetryIncidentsRequest { operationId: string; actor: Actor; reason: string }
export interface RetryIncidentsReply extends TaskActionReply { retried: number; duplicate: boolean; incidents: string[] }
