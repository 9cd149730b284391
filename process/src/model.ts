// The ProcessModel: what the compiler makes of a BPMN diagram and what the interpreter walks.
// Plain JSON (no classes), so it travels in workflow inputs and is hashed byte for byte.
import type { CalendarKind } from './calendar/work-calendar';

export const PROCESS_MODEL_SCHEMA_VERSION = 1;

export interface ProcessModel {
  schemaVersion: typeof PROCESS_MODEL_SCHEMA_VERSION;
  /** The BPMN process id: the key a definition is deployed and started under. */
  key: string;
  name: string | null;
  /** The procedure's English name, where the model carries one (ggzy:nameEn on the process). */
  nameEn?: string;
  /** The trading procedure it implements (ggzy:procedureKind on the process); absent for plain processes. */
  procedureKind?: string;
  startNode: string;
  nodes: Record<string, ModelNode>;
  flows: Record<string, SequenceFlow>;
  /** Form keys referenced by user tasks and the start event. */
  forms: string[];
  /** Task types referenced by service tasks. */
  taskTypes: string[];
  /** Processes started by call activities. */
  calledProcesses: string[];
  /** SHA-256 of the canonical JSON of everything above. */
  hash: string;
}

export interface SequenceFlow {
  id: string;
  name: string | null;
  source: string;
  target: string;
  /** Condition in the expression language, or null (unconditional). */
  condition: string | null;
}

export interface RetryPolicy {
  maximumAttempts?: number;
  initialInterval?: string;
  backoffCoefficient?: number;
  maximumInterval?: string;
}

export type TimerDefinition =
  | { type: 'duration'; value: string; calendar: CalendarKind }
  | { type: 'date'; value: string }
  | { type: 'cycle'; value: string; calendar: CalendarKind };

export interface MultiInstance {
  sequential: boolean;
  /** Expression giving the list to iterate, or null when loopCardinality is used. */
  collection: string | null;
  cardinality: string | null;
  elementVariable: string | null;
  completionCondition: string | null;
  /** Collects each instance's result variable (if any) into this list variable. */
  outputCollection: string | null;
  outputElement: string | null;
}

interface NodeBase {
  id: string;
  name: string | null;
  /** The English name, where the model carries one (ggzy:nameEn). */
  nameEn?: string;
  incoming: string[];
  outgoing: string[];
  /** Boundary events attached to this activity. */
  boundaries: string[];
  multiInstance: MultiInstance | null;
  /** The compensation handler activity (for activities with a compensation boundary event). */
  compensationHandler: string | null;
  /** True for compensation handlers: they run only when compensation is thrown. */
  isForCompensation: boolean;
  /** The embedded subprocess the node is drawn in; absent for the process's own level. */
  scope?: string;
}

export interface StartEventNode extends NodeBase {
  kind: 'startEvent';
  /** The start form (ggzy:formKey): the variables a deal starts with; absent when the process takes any. */
  formKey?: string;
  /** The start event of an event subprocess: what starts it, and whether it interrupts the scope it is in. */
  trigger?: EventSubProcessTrigger;
  interrupting?: boolean;
}
/** What starts an event subprocess (an error start always interrupts). */
export type EventSubProcessTrigger = Exclude<BoundaryTrigger, { type: 'compensation' }>;
export interface EndEventNode extends NodeBase {
  kind: 'endEvent';
  /** A signal end event: broadcasts the signal (see SignalThrowNode), then ends the token. */
  signal?: string;
  /** An escalation end event: raises the escalation (see EscalationThrowNode), then ends the token. */
  escalation?: string;
  terminate: boolean;
  errorCode: string | null;
  /** An end event that throws compensation (activityRef, or null for all). */
  compensate: { activityRef: string | null } | null;
  /** A message end event: the message is sent through this catalog activity (as a send task would), then the token ends. */
  send?: ServiceTaskNode;
}
export interface ServiceTaskNode extends NodeBase {
  kind: 'serviceTask';
  taskType: string;
  /** Activity input: name → expression. */
  input: Record<string, string>;
  /** Store the activity's result under this variable (else its `variables` are merged). */
  resultVariable: string | null;
  retry: RetryPolicy | null;
  timeout: string | null;
}
export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  candidateRole: string;
  /** Expression naming one user (e.g. in a countersign, `${approver}`), or null. */
  assignee: string | null;
  formKey: string | null;
  dueDuration: string | null;
  calendar: CalendarKind;
  /** Form fields that must be present to complete the task (from the deployed form schema). */
  requiredFields: string[];
  /**
   * The fields the task's form declares: a completion may set these and nothing else. Absent when the task has no
   * form, or the model was compiled without its forms (then any field is taken, as before forms were checked).
   */
  fields?: string[];
  /** User tasks this one may be returned to (驳回); empty means any earlier user task on the path. */
  returnTargets: string[];
}
export interface GatewayNode extends NodeBase {
  kind: 'exclusiveGateway' | 'inclusiveGateway' | 'parallelGateway' | 'eventBasedGateway';
  defaultFlow: string | null;
}
export interface TimerCatchNode extends NodeBase { kind: 'timerCatch'; timer: TimerDefinition }
/**
 * A message catch: an intermediate catch event, or a receive task (`element: 'receiveTask'`), which as an activity may
 * also be multi-instance (its correlation key then read per instance) and carry boundary events.
 */
export interface MessageCatchNode extends NodeBase { kind: 'messageCatch'; message: string; correlationKey: string | null; element?: 'receiveTask' }
/**
 * A signal catch event: waits for a signal of its name. A signal is broadcast — by a signal throw or end event of any
 * deal of the same region, its own included — to every deal waiting for it at that moment; nothing is buffered.
 */
export interface SignalCatchNode extends NodeBase { kind: 'signalCatch'; signal: string }
/** A signal throw event: broadcasts the signal to the deals of its region that wait for it, then goes on. */
export interface SignalThrowNode extends NodeBase { kind: 'signalThrow'; signal: string }
/** A conditional catch event: waits until its condition over the variables holds (looked at whenever they change). */
export interface ConditionalCatchNode extends NodeBase { kind: 'conditionalCatch'; condition: string }
export interface CallActivityNode extends NodeBase {
  kind: 'callActivity';
  calledElement: string;
  /** Variables passed to the child (name → expression); empty passes all variables. */
  input: Record<string, string>;
  /** Child variables copied back (child name → parent name); empty copies all. */
  output: Record<string, string>;
}
/**
 * A none intermediate throw event: a milestone the token passes through. A link event is one too: the compiler joins
 * each link throw to the catch of its name with a flow of its own (`<throw>__link`), so every walk of the graph —
 * the engine's, the structural checks', the statutory periods' — follows the jump as it follows a sequence flow.
 */
export interface IntermediateEventNode extends NodeBase { kind: 'intermediateEvent'; link?: { role: 'throw' | 'catch'; name: string } }
/** A script task: an expression of the platform's expression language, its value stored under resultVariable. */
export interface ScriptTaskNode extends NodeBase { kind: 'scriptTask'; expression: string; resultVariable: string }
/**
 * A business rule task: evaluates a deployed decision table (ggzy:decisionRef; the deal's city's version, else the
 * province's) in the workflow and stores the result under resultVariable.
 */
export interface BusinessRuleTaskNode extends NodeBase { kind: 'businessRuleTask'; decisionRef: string; resultVariable: string }
/** An undefined task (bpmn:Task) or a manual task (bpmn:ManualTask): nothing runs, the token passes on. */
export interface ManualTaskNode extends NodeBase { kind: 'manualTask'; element: 'task' | 'manualTask' }
/**
 * An embedded subprocess: its nodes are in the model's node map with `scope` set to its id, and a token entering it
 * starts at `startNode`; it completes when every token inside has ended (a terminate end event inside ends only it).
 * `input`: its local variables (name → expression over the enclosing scope), visible inside only; a variable written
 * inside that is not local goes to the enclosing scope. `output`: enclosing name → expression over the subprocess's
 * scope, evaluated as it completes.
 */
export interface SubProcessNode extends NodeBase {
  kind: 'subProcess';
  startNode: string;
  /**
   * An event subprocess: no flows in or out; while the scope it is drawn in runs, its start event's trigger starts it —
   * interrupting (the rest of the scope is cancelled, and the scope ends when it ends) or beside the rest.
   */
  triggeredByEvent?: true;
  /**
   * An ad-hoc subprocess (Camunda 8.7+): no start or end events inside; on entering, the elements named by
   * `activeElements` (a list of inner element ids; none when absent) each start a token. It completes when every
   * activated flow has ended or, when `completionCondition` holds, at once — cancelling what still runs unless
   * `cancelRemaining` is false, when it waits for it.
   */
  adHoc?: { activeElements: string | null; completionCondition: string | null; cancelRemaining: boolean };
  input: Record<string, string>;
  output: Record<string, string>;
}
/**
 * An escalation throw event: the escalation goes up the scopes from where it is thrown — an event subprocess of its
 * code in a scope, else an escalation boundary of the subprocess around it — to the first that catches it; an
 * uncaught one is noted on the trail and the token goes on (unlike an error, an escalation is not a failure).
 */
export interface EscalationThrowNode extends NodeBase { kind: 'escalationThrow'; escalation: string }
export interface CompensationThrowNode extends NodeBase { kind: 'compensationThrow'; activityRef: string | null }
export type BoundaryTrigger =
  | { type: 'timer'; timer: TimerDefinition }
  | { type: 'message'; message: string }
  | { type: 'conditional'; condition: string }
  | { type: 'signal'; signal: string }
  | { type: 'error'; errorCode: string | null }
  | { type: 'escalation'; escalation: string | null }
  | { type: 'compensation' };
export interface BoundaryEventNode extends NodeBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  cancelActivity: boolean;
  trigger: BoundaryTrigger;
}

export type ModelNode =
  | StartEventNode | EndEventNode | ServiceTaskNode | UserTaskNode | GatewayNode | TimerCatchNode
  | MessageCatchNode | CallActivityNode | CompensationThrowNode | IntermediateEventNode | BoundaryEventNode
  | ScriptTaskNode | ManualTaskNode | ConditionalCatchNode | SignalCatchNode | SignalThrowNode | SubProcessNode
  | EscalationThrowNode | BusinessRuleTaskNode;

export type NodeKind = ModelNode['kind'];

/** Activities: nodes that do work and may carry boundary events, multi-instance and compensation. */
export function isActivityNode(node: ModelNode): node is ServiceTaskNode | UserTaskNode | CallActivityNode | ScriptTaskNode | ManualTaskNode | SubProcessNode | BusinessRuleTaskNode {
  return node.kind === 'serviceTask' || node.kind === 'userTask' || node.kind === 'callActivity' || node.kind === 'scriptTask' || node.kind === 'manualTask' || node.kind === 'subProcess' || node.kind === 'businessRuleTask';
}

/**
 * Where a token can go next from a node, across subprocess borders: its flows' targets and its boundary events, into
 * a subprocess at its start, and from an end event inside a subprocess on to where the subprocess's flows lead. The
 * engine (inclusive joins), the structural checks and the statutory periods all walk the graph this way.
 */
export function successorsOf(model: Pick<ProcessModel, 'nodes' | 'flows'>, node: ModelNode): string[] {
  const next = [...node.outgoing.map((f) => model.flows[f]!.target), ...node.boundaries];
  if (node.kind === 'subProcess' && node.startNode) next.push(node.startNode);
  // an ad-hoc subprocess may start any of its inner elements that no flow leads to; an inner flow ends where no flow
  // leads on, and the subprocess then goes on
  if (node.kind === 'subProcess' && node.adHoc) next.push(...adHocEntries(model, node.id));
  if (node.scope && node.outgoing.length === 0 && node.kind !== 'boundaryEvent' && !node.isForCompensation) {
    const sub = model.nodes[node.scope];
    if (sub?.kind === 'subProcess' && sub.adHoc) next.push(...sub.outgoing.map((f) => model.flows[f]!.target));
  }
  // the event subprocesses of a level may start once it has: from its start event
  if (node.kind === 'startEvent' && !node.trigger) {
    for (const n of Object.values(model.nodes)) if (n.kind === 'subProcess' && n.triggeredByEvent && n.scope === node.scope) next.push(n.id);
  }
  if (node.kind === 'endEvent' && node.scope) {
    const sub = model.nodes[node.scope];
    if (sub) next.push(...sub.outgoing.map((f) => model.flows[f]!.target));
  }
  return next;
}

/** The inner elements of an ad-hoc subprocess it may activate: those of its own level no flow leads to. */
export function adHocEntries(model: Pick<ProcessModel, 'nodes'>, subId: string): string[] {
  return Object.values(model.nodes).filter((n) => n.scope === subId && n.incoming.length === 0 && n.kind !== 'boundaryEvent' && !n.isForCompensation
    && !(n.kind === 'subProcess' && n.triggeredByEvent)).map((n) => n.id);
}

/** A deployed, immutable version of a model for a region (a city, or the province as the default). */
export interface DefinitionRef {
  key: string;
  regionCode: string;
  version: number;
  hash: string;
}
