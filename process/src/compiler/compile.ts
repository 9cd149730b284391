import { BpmnModdle } from 'bpmn-moddle';
import { canonicalJson, sha256Hex } from '../hash';
import { parseExpression, ExpressionError, isExpressionText } from '../expression';
import { parseDuration, DurationError } from '../calendar/duration';
import type { CalendarKind } from '../calendar/work-calendar';
import {
  PROCESS_MODEL_SCHEMA_VERSION, type BoundaryTrigger, type ModelNode, type MultiInstance, type ProcessModel,
  type RetryPolicy, type SequenceFlow, type TimerDefinition,
} from '../model';
import { ggzyModdleDescriptor, GGZY_NAMESPACE } from './ggzy-moddle';
import { guardXml, DEFAULT_MAX_BYTES } from './guard';
import { problem, type Problem, type ProblemCode } from '../problems';
import { requiredFieldsOf, type FormSchema } from './forms';
import { checkGraph } from './graph';
import { checkStatutoryPeriods, type StatutoryRuleSet } from '../statutory/check';

export interface CompileOptions {
  /** Task types of the activity catalog; when given, unknown ones are errors. */
  taskTypes?: readonly string[];
  /** Deployed form schemas by form key; when given, unknown keys are errors and required fields are derived. */
  forms?: Readonly<Record<string, FormSchema>>;
  /** Roles a user task may name as its candidate. */
  roles?: readonly string[];
  maxBytes?: number;
  /** Statutory rules by procedure kind, in place of the built-in ones (models with ggzy:procedureKind are checked). */
  statutoryRules?: StatutoryRuleSet;
}

export interface CompileResult {
  model: ProcessModel | null;
  errors: Problem[];
  warnings: Problem[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = { $type: string; id?: string; name?: string; $attrs?: Record<string, string>; [key: string]: any };

const IGNORED_TYPES = new Set([
  'bpmn:Association', 'bpmn:TextAnnotation', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmn:Group', 'bpmn:LaneSet',
]);

const SUPPORTED_FLOW_NODES = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:ServiceTask', 'bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway', 'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent', 'bpmn:CallActivity',
]);

const HINTS: Record<string, string> = {
  'bpmn:Task': 'bpmn:Task (make it a service task or a user task)',
  'bpmn:SubProcess': 'bpmn:SubProcess (use a call activity)',
  'bpmn:ScriptTask': 'bpmn:ScriptTask (scripts do not run here: use a service task from the activity catalog)',
};

export const DEFAULT_ROLES = ['designer', 'staff', 'supervisor', 'admin', 'auditor', 'agent', 'bidder', 'expert', 'tenderee'] as const;

function createModdle(): BpmnModdle {
  return new BpmnModdle({ ggzy: ggzyModdleDescriptor });
}

class Collector {
  errors: Problem[] = [];
  warnings: Problem[] = [];
  error(code: ProblemCode, element: string | null, params?: Record<string, string | number>) {
    this.errors.push(problem(code, element, params));
  }
  warn(code: ProblemCode, element: string | null, params?: Record<string, string | number>) {
    this.warnings.push(problem(code, element, params));
  }
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t ? t : null;
}

function checkExpression(c: Collector, element: string, source: string | null): string | null {
  if (source === null) return null;
  try {
    parseExpression(source);
  } catch (err) {
    c.error('BAD_EXPRESSION', element, { detail: err instanceof ExpressionError ? `${err.message} in "${source}"` : String(err) });
  }
  return source;
}

function checkDuration(c: Collector, element: string, value: string, calendar: CalendarKind): void {
  if (isExpressionText(value)) {
    checkExpression(c, element, value);
    return;
  }
  try {
    const d = parseDuration(value);
    if (calendar === 'working' && (d.years || d.months)) c.error('BAD_DURATION', element, { detail: `${value}: working-day durations use D or W` });
  } catch (err) {
    c.error('BAD_DURATION', element, { detail: err instanceof DurationError ? err.message : String(err) });
  }
}

function calendarOf(c: Collector, element: string, raw: unknown): CalendarKind {
  const v = text(raw);
  if (v === null || v === 'calendar') return 'calendar';
  if (v === 'working') return 'working';
  c.error('BAD_CALENDAR', element);
  return 'calendar';
}

function timerOf(c: Collector, element: string, def: El): TimerDefinition | null {
  const duration = text(def.timeDuration?.body);
  const date = text(def.timeDate?.body);
  const cycle = text(def.timeCycle?.body);
  const count = [duration, date, cycle].filter(Boolean).length;
  if (count !== 1) {
    c.error('BAD_TIMER', element);
    return null;
  }
  const calendar = calendarOf(c, element, def.calendar);
  if (duration) {
    checkDuration(c, element, duration, calendar);
    return { type: 'duration', value: duration, calendar };
  }
  if (date) {
    if (isExpressionText(date)) checkExpression(c, element, date);
    else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(date) || Number.isNaN(Date.parse(date))) {
      c.error('BAD_DATE', element, { value: date });
    }
    return { type: 'date', value: date };
  }
  const m = /^R(\d*)\/(P.+)$/.exec(cycle!);
  if (!m) c.error('BAD_DURATION', element, { detail: `"${cycle}" is not a repeating interval such as R3/PT1H` });
  else checkDuration(c, element, m[2]!, calendar);
  return { type: 'cycle', value: cycle!, calendar };
}

function mappings(c: Collector, element: string, el: El, type: 'ggzy:Inputs' | 'ggzy:Outputs', checkValues: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ext of (el.extensionElements?.values ?? []) as El[]) {
    if (ext.$type !== type) continue;
    for (const m of (ext.values ?? []) as El[]) {
      const name = text(m.name);
      const value = text(m.value);
      if (!name || !value) {
        c.error('MISSING_BINDING', element, { binding: `${type === 'ggzy:Inputs' ? 'ggzy:inputs' : 'ggzy:outputs'} name/value` });
        continue;
      }
      if (checkValues) checkExpression(c, element, value);
      out[name] = value;
    }
  }
  return out;
}

function foreignExtensions(c: Collector, el: El): void {
  const foreign = Object.keys(el.$attrs ?? {}).filter((k) => k.includes(':') && !k.startsWith('xmlns'));
  for (const ext of (el.extensionElements?.values ?? []) as El[]) if (!ext.$type.startsWith('ggzy:')) foreign.push(ext.$type);
  if (foreign.length) c.warn('IGNORED_EXTENSION', el.id ?? null, { detail: foreign.join(', ') });
}

function multiInstanceOf(c: Collector, el: El): MultiInstance | null {
  const loop = el.loopCharacteristics as El | undefined;
  if (!loop) return null;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    c.error('UNSUPPORTED_ELEMENT', el.id!, { type: loop.$type });
    return null;
  }
  const collection = checkExpression(c, el.id!, text(loop.collection));
  const cardinality = checkExpression(c, el.id!, text(loop.loopCardinality?.body));
  if (!collection && !cardinality) c.error('MULTI_INSTANCE_NO_INPUT', el.id!);
  return {
    sequential: Boolean(loop.isSequential),
    collection,
    cardinality,
    elementVariable: text(loop.elementVariable),
    completionCondition: checkExpression(c, el.id!, text(loop.completionCondition?.body)),
    outputCollection: text(loop.outputCollection),
    outputElement: checkExpression(c, el.id!, text(loop.outputElement)),
  };
}

function retryOf(c: Collector, el: El): RetryPolicy | null {
  const policy: RetryPolicy = {};
  const max = text(el.retryMaxAttempts);
  if (max !== null) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 100) c.error('BAD_RETRY', el.id!, { detail: `retryMaxAttempts=${max} (1–100)` });
    else policy.maximumAttempts = n;
  }
  for (const [attr, key] of [['retryInitialInterval', 'initialInterval'], ['retryMaxInterval', 'maximumInterval']] as const) {
    const v = text(el[attr]);
    if (v !== null) {
      checkDuration(c, el.id!, v, 'calendar');
      policy[key] = v;
    }
  }
  const backoff = text(el.retryBackoff);
  if (backoff !== null) {
    const b = Number(backoff);
    if (!Number.isFinite(b) || b < 1 || b > 10) c.error('BAD_RETRY', el.id!, { detail: `retryBackoff=${backoff} (1–10)` });
    else policy.backoffCoefficient = b;
  }
  return Object.keys(policy).length ? policy : null;
}

function base(el: El) {
  return {
    id: el.id!,
    name: text(el.name),
    incoming: [] as string[],
    outgoing: [] as string[],
    boundaries: [] as string[],
    multiInstance: null as MultiInstance | null,
    compensationHandler: null as string | null,
    isForCompensation: Boolean(el.isForCompensation),
  };
}

function eventDefinition(el: El): El | null {
  const defs = (el.eventDefinitions ?? []) as El[];
  return defs[0] ?? null;
}

function convertNode(c: Collector, el: El, options: CompileOptions, process: El): ModelNode | null {
  const id = el.id!;
  const def = eventDefinition(el);
  if (((el.eventDefinitions ?? []) as El[]).length > 1) c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: 'multiple event definitions' });
  switch (el.$type) {
    case 'bpmn:StartEvent':
      if (def) c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def.$type });
      return { ...base(el), kind: 'startEvent' };
    case 'bpmn:EndEvent': {
      const node = { ...base(el), kind: 'endEvent' as const, terminate: false, errorCode: null as string | null, compensate: null as { activityRef: string | null } | null };
      if (!def) return node;
      if (def.$type === 'bpmn:TerminateEventDefinition') node.terminate = true;
      else if (def.$type === 'bpmn:ErrorEventDefinition') node.errorCode = text(def.errorRef?.errorCode) ?? text(def.errorRef?.name) ?? 'error';
      else if (def.$type === 'bpmn:CompensateEventDefinition') node.compensate = { activityRef: def.activityRef?.id ?? null };
      else c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def.$type });
      return node;
    }
    case 'bpmn:ServiceTask': {
      const taskType = text(el.taskType);
      if (!taskType) c.error('MISSING_BINDING', id, { binding: 'ggzy:taskType' });
      else if (options.taskTypes && !options.taskTypes.includes(taskType)) c.error('UNKNOWN_TASK_TYPE', id, { taskType });
      const timeout = text(el.timeout);
      if (timeout) checkDuration(c, id, timeout, 'calendar');
      return {
        ...base(el), kind: 'serviceTask', taskType: taskType ?? '', input: mappings(c, id, el, 'ggzy:Inputs', true),
        resultVariable: text(el.resultVariable), retry: retryOf(c, el), timeout,
      };
    }
    case 'bpmn:UserTask': {
      const candidateRole = text(el.candidateRole);
      const roles = options.roles ?? DEFAULT_ROLES;
      if (!candidateRole) c.error('MISSING_BINDING', id, { binding: 'ggzy:candidateRole' });
      else if (!roles.includes(candidateRole)) c.error('UNKNOWN_ROLE', id, { role: candidateRole });
      const formKey = text(el.formKey);
      let requiredFields: string[] = [];
      if (formKey) {
        if (!options.forms) c.warn('FORM_NOT_CHECKED', id, { formKey });
        else if (!options.forms[formKey]) c.error('UNKNOWN_FORM', id, { formKey });
        else requiredFields = requiredFieldsOf(options.forms[formKey]!);
      }
      const calendar = calendarOf(c, id, el.calendar);
      const dueDuration = text(el.dueDuration);
      if (dueDuration) checkDuration(c, id, dueDuration, calendar);
      const returnTargets = (text(el.returnTargets) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      for (const target of returnTargets) {
        const found = ((process.flowElements ?? []) as El[]).find((f) => f.id === target);
        if (!found || found.$type !== 'bpmn:UserTask') c.error('RETURN_TARGET_INVALID', id, { target });
      }
      return {
        ...base(el), kind: 'userTask', candidateRole: candidateRole ?? '', assignee: checkExpression(c, id, text(el.assignee)),
        formKey, dueDuration, calendar, requiredFields, returnTargets,
      };
    }
    case 'bpmn:ReceiveTask': {
      const message = text(el.messageRef?.name);
      if (!message) c.error('MESSAGE_NAME_MISSING', id);
      return { ...base(el), kind: 'messageCatch', message: message ?? '', correlationKey: null };
    }
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:EventBasedGateway': {
      const kind = (el.$type.slice(5, 6).toLowerCase() + el.$type.slice(6)) as 'exclusiveGateway';
      return { ...base(el), kind, defaultFlow: el.default?.id ?? null };
    }
    case 'bpmn:IntermediateCatchEvent': {
      if (def?.$type === 'bpmn:TimerEventDefinition') {
        const timer = timerOf(c, id, def);
        return timer ? { ...base(el), kind: 'timerCatch', timer } : null;
      }
      if (def?.$type === 'bpmn:MessageEventDefinition') {
        const message = text(def.messageRef?.name);
        if (!message) c.error('MESSAGE_NAME_MISSING', id);
        return { ...base(el), kind: 'messageCatch', message: message ?? '', correlationKey: checkExpression(c, id, text(def.correlationKey)) };
      }
      c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def?.$type ?? 'none (intermediate catch without a definition)' });
      return null;
    }
    case 'bpmn:IntermediateThrowEvent': {
      if (!def) return { ...base(el), kind: 'intermediateEvent' };
      if (def.$type === 'bpmn:CompensateEventDefinition') return { ...base(el), kind: 'compensationThrow', activityRef: def.activityRef?.id ?? null };
      c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def.$type });
      return null;
    }
    case 'bpmn:BoundaryEvent': {
      let trigger: BoundaryTrigger | null = null;
      if (def?.$type === 'bpmn:TimerEventDefinition') {
        const timer = timerOf(c, id, def);
        if (timer) trigger = { type: 'timer', timer };
      } else if (def?.$type === 'bpmn:MessageEventDefinition') {
        const message = text(def.messageRef?.name);
        if (!message) c.error('MESSAGE_NAME_MISSING', id);
        trigger = { type: 'message', message: message ?? '' };
      } else if (def?.$type === 'bpmn:ErrorEventDefinition') {
        trigger = { type: 'error', errorCode: text(def.errorRef?.errorCode) ?? text(def.errorRef?.name) };
      } else if (def?.$type === 'bpmn:CompensateEventDefinition') {
        trigger = { type: 'compensation' };
      } else {
        c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def?.$type ?? 'none' });
      }
      if (!el.attachedToRef?.id) c.error('BOUNDARY_HOST_MISSING', id);
      if (!trigger) return null;
      return { ...base(el), kind: 'boundaryEvent', attachedTo: el.attachedToRef?.id ?? '', cancelActivity: el.cancelActivity !== false, trigger };
    }
    case 'bpmn:CallActivity': {
      const calledElement = text(el.calledElement);
      if (!calledElement) c.error('MISSING_CALLED_ELEMENT', id);
      return {
        ...base(el), kind: 'callActivity', calledElement: calledElement ?? '',
        input: mappings(c, id, el, 'ggzy:Inputs', true), output: mappings(c, id, el, 'ggzy:Outputs', false),
      };
    }
    default:
      return null;
  }
}

function pickProcess(c: Collector, definitions: El): El | null {
  const processes = ((definitions.rootElements ?? []) as El[]).filter((e) => e.$type === 'bpmn:Process');
  if (processes.length === 0) {
    c.error('NO_PROCESS', null);
    return null;
  }
  if (processes.length === 1) return processes[0]!;
  const executable = processes.filter((p) => p.isExecutable);
  if (executable.length === 1) return executable[0]!;
  c.error('MULTIPLE_PROCESSES', null);
  return null;
}

function moddleWarnings(c: Collector, warnings: Array<{ message: string; element?: El }>): void {
  for (const w of warnings) {
    const element = w.element?.id ?? null;
    if (/duplicate ID/i.test(w.message)) {
      const id = /<([^>]+)>/.exec(w.message)?.[1] ?? element;
      c.error('DUPLICATE_ID', id ?? null);
    } else if (/unparsable content/i.test(w.message)) {
      const tag = /<([^>]+)>/.exec(w.message)?.[1] ?? '';
      // content in the BPMN namespace that moddle cannot read is an error; foreign extensions only a warning
      if (/^bpmn\d*:|^[A-Za-z]+$/.test(tag)) c.error('UNPARSABLE_CONTENT', element, { detail: `<${tag}>` });
      else c.warn('IGNORED_EXTENSION', element, { detail: `<${tag}>` });
    } else if (/unresolved reference/i.test(w.message)) {
      c.error('UNPARSABLE_CONTENT', element, { detail: w.message.slice(0, 200) });
    } else {
      c.warn('IGNORED_EXTENSION', element, { detail: w.message.slice(0, 200) });
    }
  }
}

/** Compiles BPMN 2.0 XML into a ProcessModel, collecting every problem rather than stopping at the first. */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const c = new Collector();
  const refused = guardXml(xml, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (refused) return { model: null, errors: [refused], warnings: [] };

  let parsed: { rootElement: El; warnings: Array<{ message: string; element?: El }> };
  try {
    parsed = (await createModdle().fromXML(xml, 'bpmn:Definitions')) as unknown as typeof parsed;
  } catch (err) {
    const full = String((err as Error)?.message ?? err);
    const nested = /nested error: (.+)/.exec(full)?.[1];
    const position = /line: (\d+)\s+column: (\d+)/.exec(full);
    if (!nested && /failed to parse document as <bpmn:Definitions>|unknown type/i.test(full)) {
      return { model: null, errors: [problem('NOT_BPMN', null)], warnings: [] };
    }
    const where = position ? ` (line ${Number(position[1]) + 1}, column ${position[2]})` : '';
    const detail = `${nested ?? full.split('\n')[0]!.slice(0, 200)}${where}`;
    return { model: null, errors: [problem('XML_MALFORMED', null, { detail })], warnings: [] };
  }
  const definitions = parsed.rootElement;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') return { model: null, errors: [problem('NOT_BPMN', null)], warnings: [] };
  moddleWarnings(c, parsed.warnings ?? []);
  const process = pickProcess(c, definitions);
  if (!process) return { model: null, errors: c.errors, warnings: c.warnings };
  if (!((definitions.diagrams ?? []) as El[]).length) c.warn('DIAGRAM_MISSING', null);

  const nodes: Record<string, ModelNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const elements = (process.flowElements ?? []) as El[];
  const seen = new Set<string>();
  for (const el of elements) {
    if (el.id && seen.has(el.id)) c.error('DUPLICATE_ID', el.id);
    if (el.id) seen.add(el.id);
    if (el.$type === 'bpmn:SequenceFlow') continue;
    if (IGNORED_TYPES.has(el.$type)) continue;
    if (!SUPPORTED_FLOW_NODES.has(el.$type)) {
      c.error('UNSUPPORTED_ELEMENT', el.id ?? null, { type: HINTS[el.$type] ?? el.$type });
      // a stand-in keeps the graph whole, so one unsupported element does not cascade into reachability errors;
      // the model is refused anyway because an error was recorded
      if (el.id && el.$type !== 'bpmn:BoundaryEvent') nodes[el.id] = { ...base(el), kind: 'intermediateEvent' };
      continue;
    }
    foreignExtensions(c, el);
    const node = convertNode(c, el, options, process) ?? (el.id && el.$type !== 'bpmn:BoundaryEvent' ? { ...base(el), kind: 'intermediateEvent' as const } : null);
    if (!node) continue;
    if ('multiInstance' in node && (node.kind === 'serviceTask' || node.kind === 'userTask' || node.kind === 'callActivity')) {
      node.multiInstance = multiInstanceOf(c, el);
    } else if (el.loopCharacteristics) {
      c.error('UNSUPPORTED_ELEMENT', el.id!, { type: el.loopCharacteristics.$type });
    }
    nodes[node.id] = node;
  }
  for (const el of elements) {
    if (el.$type !== 'bpmn:SequenceFlow') continue;
    const source = el.sourceRef?.id as string | undefined;
    const target = el.targetRef?.id as string | undefined;
    if (!source || !target || !nodes[source] || !nodes[target]) {
      if (!source || !target) c.error('FLOW_DANGLING', el.id ?? null);
      continue; // the unsupported end already has its own error
    }
    const condition = checkExpression(c, el.id!, text(el.conditionExpression?.body));
    flows[el.id!] = { id: el.id!, name: text(el.name), source, target, condition };
    nodes[source].outgoing.push(el.id!);
    nodes[target].incoming.push(el.id!);
  }
  // boundary events onto their hosts; compensation handlers through associations
  const associations = ((process.artifacts ?? []) as El[]).filter((a) => a.$type === 'bpmn:Association');
  for (const node of Object.values(nodes)) {
    if (node.kind !== 'boundaryEvent') continue;
    const host = nodes[node.attachedTo];
    if (!host) continue;
    const allowed = node.trigger.type === 'error' ? host.kind === 'serviceTask' || host.kind === 'callActivity'
      : host.kind === 'serviceTask' || host.kind === 'userTask' || host.kind === 'callActivity';
    if (!allowed) {
      c.error('BOUNDARY_NOT_ALLOWED', node.id, { type: node.trigger.type, host: host.kind });
      continue;
    }
    host.boundaries.push(node.id);
    if (node.trigger.type === 'compensation') {
      const assoc = associations.find((a) => a.sourceRef?.id === node.id);
      const handler = assoc ? nodes[assoc.targetRef?.id as string] : undefined;
      if (!handler || !handler.isForCompensation) c.error('COMPENSATION_HANDLER_MISSING', node.id);
      else host.compensationHandler = handler.id;
    }
  }
  for (const node of Object.values(nodes)) {
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
      if (node.defaultFlow && flows[node.defaultFlow] && !node.outgoing.includes(node.defaultFlow)) c.error('GATEWAY_DEFAULT_INVALID', node.id);
      if (node.outgoing.length > 1) {
        for (const f of node.outgoing) if (f !== node.defaultFlow && !flows[f]!.condition) c.error('GATEWAY_NO_CONDITION', node.id, { flow: f });
      }
    }
    if (node.kind === 'eventBasedGateway') {
      for (const f of node.outgoing) {
        const target = nodes[flows[f]!.target]!;
        if (target.kind !== 'timerCatch' && target.kind !== 'messageCatch') c.error('EVENT_GATEWAY_TARGET', node.id);
      }
    }
  }
  const starts = Object.values(nodes).filter((n) => n.kind === 'startEvent');
  if (starts.length === 0) c.error('NO_START_EVENT', null);
  if (starts.length > 1) for (const s of starts) c.error('MULTIPLE_START_EVENTS', s.id);
  if (!Object.values(nodes).some((n) => n.kind === 'endEvent')) c.error('NO_END_EVENT', null);
  if (starts.length === 1) checkGraph(c, nodes, flows, starts[0]!.id);
  const procedureKind = text(process.procedureKind);
  if (starts.length === 1 && procedureKind) {
    const statutory = checkStatutoryPeriods({ nodes, flows, startNode: starts[0]!.id, procedureKind }, options.statutoryRules);
    c.errors.push(...statutory.errors);
    c.warnings.push(...statutory.warnings);
  }

  if (c.errors.length) return { model: null, errors: c.errors, warnings: c.warnings };
  const body: Omit<ProcessModel, 'hash'> = {
    schemaVersion: PROCESS_MODEL_SCHEMA_VERSION,
    key: process.id ?? 'process',
    name: text(process.name),
    ...(procedureKind ? { procedureKind } : {}),
    startNode: starts[0]!.id,
    nodes,
    flows,
    forms: [...new Set(Object.values(nodes).flatMap((n) => (n.kind === 'userTask' && n.formKey ? [n.formKey] : [])))].sort(),
    taskTypes: [...new Set(Object.values(nodes).flatMap((n) => (n.kind === 'serviceTask' ? [n.taskType] : [])))].sort(),
    calledProcesses: [...new Set(Object.values(nodes).flatMap((n) => (n.kind === 'callActivity' ? [n.calledElement] : [])))].sort(),
  };
  return { model: { ...body, hash: sha256Hex(canonicalJson(body)) }, errors: [], warnings: c.warnings };
}

export type { Collector };
export { GGZY_NAMESPACE };
