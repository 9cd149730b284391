// Service and send tasks (an activity of the catalog, with its inputs, retries and timeout), user tasks (a role, a
// form, a due duration, return targets), script tasks (an expression), undefined and manual tasks (pass-through) and
// receive tasks (a message wait). Every one of them may be multi-instance.
import type { ModelNode } from '../../model';
import { allFlowElements, trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { DEFAULT_ROLES } from '../options';
import { requiredFieldsOf } from '../forms';
import { declaredFields } from '../../forms';
import { calendarOf, checkDuration } from '../properties/duration';
import { checkExpression } from '../properties/expression';
import { mappings } from '../properties/mappings';
import { multiInstanceOf } from '../properties/multi-instance';
import { retryOf } from '../properties/retry';
import { nodeBase, type ElementCompilers, type ElementScope } from './element-compiler';

export function serviceTask(c: Collector, el: BpmnElement, { options }: ElementScope): ModelNode {
  const id = el.id!;
  const taskType = trimmedText(el.taskType);
  if (!taskType) c.error('MISSING_BINDING', id, { binding: 'ggzy:taskType' });
  else if (options.taskTypes && !options.taskTypes.includes(taskType)) c.error('UNKNOWN_TASK_TYPE', id, { taskType });
  const timeout = trimmedText(el.timeout);
  if (timeout) checkDuration(c, id, timeout, 'calendar');
  const node = {
    ...nodeBase(el), kind: 'serviceTask' as const, taskType: taskType ?? '', input: mappings(c, id, el, 'ggzy:Inputs', true),
    resultVariable: trimmedText(el.resultVariable), retry: retryOf(c, el), timeout,
  };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** Required fields of the task's form; a form key is only checked when the caller supplies the deployed forms. */
function requiredFieldsFor(c: Collector, id: string, formKey: string | null, { options }: ElementScope): string[] {
  if (!formKey) return [];
  if (!options.forms) c.warn('FORM_NOT_CHECKED', id, { formKey });
  else if (!options.forms[formKey]) c.error('UNKNOWN_FORM', id, { formKey });
  else return requiredFieldsOf(options.forms[formKey]!);
  return [];
}

/** ggzy:returnTargets: the user tasks of this process a task may be returned (驳回) to. */
function returnTargetsOf(c: Collector, el: BpmnElement, { process }: ElementScope): string[] {
  const targets = (trimmedText(el.returnTargets) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const target of targets) {
    const found = allFlowElements(process).find((f) => f.id === target);
    if (!found || found.$type !== 'bpmn:UserTask') c.error('RETURN_TARGET_INVALID', el.id!, { target });
  }
  return targets;
}

function userTask(c: Collector, el: BpmnElement, scope: ElementScope): ModelNode {
  const id = el.id!;
  const candidateRole = trimmedText(el.candidateRole);
  const roles = scope.options.roles ?? DEFAULT_ROLES;
  if (!candidateRole) c.error('MISSING_BINDING', id, { binding: 'ggzy:candidateRole' });
  else if (!roles.includes(candidateRole)) c.error('UNKNOWN_ROLE', id, { role: candidateRole });
  const formKey = trimmedText(el.formKey);
  const requiredFields = requiredFieldsFor(c, id, formKey, scope);
  const form = formKey ? scope.options.forms?.[formKey] : undefined;
  const calendar = calendarOf(c, id, el.calendar);
  const dueDuration = trimmedText(el.dueDuration);
  if (dueDuration) checkDuration(c, id, dueDuration, calendar);
  const returnTargets = returnTargetsOf(c, el, scope);
  const node = {
    ...nodeBase(el), kind: 'userTask' as const, candidateRole: candidateRole ?? '', assignee: checkExpression(c, id, trimmedText(el.assignee)),
    formKey, dueDuration, calendar, requiredFields, returnTargets, ...(form ? { fields: declaredFields(form) } : {}),
  };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** Script formats read as the expression language: none given, or a name of it. Scripts in any other run nowhere here. */
const EXPRESSION_FORMATS = new Set(['ggzy', 'ggzy-expression', 'expression']);

/** Another modeler's script binding the expression may come from: Camunda 8's <zeebe:script expression="=…"/>. */
function foreignScript(el: BpmnElement): { expression: string | null; resultVariable: string | null } | null {
  const ext = ((el.extensionElements?.values ?? []) as BpmnElement[]).find((e) => e.$type === 'zeebe:script' || e.$type === 'zeebe:Script');
  if (!ext) return null;
  const expression = trimmedText(ext.expression ?? ext.$attrs?.expression);
  return { expression: expression?.replace(/^=\s*/, '') ?? null, resultVariable: trimmedText(ext.resultVariable ?? ext.$attrs?.resultVariable) };
}

/**
 * A script task: its script is an expression of the platform's language (deterministic, no side effects: it runs in
 * the workflow), its value stored under ggzy:resultVariable. A Camunda 8 script (a FEEL expression) is read as such an
 * expression when it parses, with a warning; a script in a programming language is refused.
 */
/** A task another modeler implements by a job worker (Camunda 8's <zeebe:taskDefinition type="…"/>). */
function hasJobWorker(el: BpmnElement): boolean {
  return ((el.extensionElements?.values ?? []) as BpmnElement[]).some((e) => e.$type === 'zeebe:taskDefinition' || e.$type === 'zeebe:TaskDefinition');
}

function scriptTask(c: Collector, el: BpmnElement, scope: ElementScope): ModelNode {
  const id = el.id!;
  const format = trimmedText(el.scriptFormat);
  const foreign = foreignScript(el);
  // a script task done by a worker (Camunda 8's job worker implementation, or a catalog activity named here) runs as a
  // service task: the platform's own activity of the catalog, bound by ggzy:taskType
  if (!trimmedText(el.script) && !foreign?.expression && (trimmedText(el.taskType) || hasJobWorker(el))) return serviceTask(c, el, scope);
  let expression = trimmedText(el.script);
  if (format && !EXPRESSION_FORMATS.has(format.toLowerCase())) {
    c.error('SCRIPT_FORMAT_UNSUPPORTED', id, { format }); // its text and bindings are another language's: not read
    return { ...nodeBase(el), kind: 'scriptTask', expression: '', resultVariable: '' };
  }
  if (!expression && foreign?.expression) {
    expression = foreign.expression;
    c.warn('SCRIPT_READ_AS_EXPRESSION', id, { detail: `"${expression}"` });
  }
  if (!expression) c.error('SCRIPT_MISSING', id);
  else checkExpression(c, id, expression);
  const resultVariable = trimmedText(el.resultVariable) ?? foreign?.resultVariable ?? null;
  if (!resultVariable) c.error('MISSING_BINDING', id, { binding: 'ggzy:resultVariable' });
  const node = { ...nodeBase(el), kind: 'scriptTask' as const, expression: expression ?? '', resultVariable: resultVariable ?? '' };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** An undefined or manual task runs nothing (as in Camunda 8): the token passes; the designer is told. */
function manualTask(c: Collector, el: BpmnElement): ModelNode {
  const element = el.$type === 'bpmn:ManualTask' ? 'manualTask' as const : 'task' as const;
  c.warn('PASS_THROUGH_TASK', el.id!, { type: el.$type });
  const node = { ...nodeBase(el), kind: 'manualTask' as const, element };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** Camunda 8's <zeebe:calledDecision decisionId="…" resultVariable="…"/>, read when the ggzy bindings are absent. */
function foreignDecision(el: BpmnElement): { decisionRef: string | null; resultVariable: string | null } | null {
  const ext = ((el.extensionElements?.values ?? []) as BpmnElement[]).find((e) => e.$type === 'zeebe:calledDecision' || e.$type === 'zeebe:CalledDecision');
  if (!ext) return null;
  return { decisionRef: trimmedText(ext.decisionId ?? ext.$attrs?.decisionId), resultVariable: trimmedText(ext.resultVariable ?? ext.$attrs?.resultVariable) };
}

/**
 * A business rule task: a deployed decision table by its key (ggzy:decisionRef), its result under ggzy:resultVariable.
 * When the caller names the decisions deployed for the region (the api on deploy), a key none of them has is a warning
 * only: the table may well be deployed after the procedure, and a deal that reaches the task before fails loudly.
 */
function businessRuleTask(c: Collector, el: BpmnElement, scope: ElementScope): ModelNode {
  const { options } = scope;
  const id = el.id!;
  const foreign = foreignDecision(el);
  // done by a worker instead of a decision table (Camunda 8's job worker implementation): a service task of the catalog
  if (!trimmedText(el.decisionRef) && !foreign?.decisionRef && (trimmedText(el.taskType) || hasJobWorker(el))) return serviceTask(c, el, scope);
  const decisionRef = trimmedText(el.decisionRef) ?? foreign?.decisionRef ?? null;
  const resultVariable = trimmedText(el.resultVariable) ?? foreign?.resultVariable ?? null;
  if (!decisionRef) c.error('MISSING_BINDING', id, { binding: 'ggzy:decisionRef' });
  if (!resultVariable) c.error('MISSING_BINDING', id, { binding: 'ggzy:resultVariable' });
  if (decisionRef && options.decisions && !options.decisions.includes(decisionRef)) c.warn('DECISION_NOT_DEPLOYED', id, { decision: decisionRef });
  const node = { ...nodeBase(el), kind: 'businessRuleTask' as const, decisionRef: decisionRef ?? '', resultVariable: resultVariable ?? '' };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** Camunda 8's <zeebe:subscription correlationKey="=…"/> on a receive task's message, read when ggzy:correlationKey is absent. */
function foreignCorrelationKey(el: BpmnElement): string | null {
  const ext = ((el.messageRef?.extensionElements?.values ?? []) as BpmnElement[]).find((e) => e.$type === 'zeebe:subscription' || e.$type === 'zeebe:Subscription');
  return trimmedText(ext?.correlationKey ?? ext?.$attrs?.correlationKey)?.replace(/^=\s*/, '') ?? null;
}

/**
 * A receive task: a message wait that is an activity — it may be multi-instance (one wait per element, each with the
 * correlation key read for it, e.g. one answer per invited bidder) and carry boundary events (a deadline for the answer).
 */
function receiveTask(c: Collector, el: BpmnElement): ModelNode {
  const id = el.id!;
  const message = trimmedText(el.messageRef?.name);
  if (!message) c.error('MESSAGE_NAME_MISSING', id);
  let correlationKey = trimmedText(el.correlationKey);
  if (!correlationKey) {
    correlationKey = foreignCorrelationKey(el);
    if (correlationKey) c.warn('FOREIGN_EXPRESSION_READ', id, { detail: `correlationKey "${correlationKey}"` });
  }
  const node = { ...nodeBase(el), kind: 'messageCatch' as const, message: message ?? '', correlationKey: checkExpression(c, id, correlationKey), element: 'receiveTask' as const };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

export const TASK_COMPILERS: ElementCompilers = {
  'bpmn:ServiceTask': serviceTask,
  // a send task sends through an activity of the catalog, as a service task does (its message is that activity's)
  'bpmn:SendTask': serviceTask,
  'bpmn:ScriptTask': scriptTask,
  'bpmn:Task': manualTask,
  'bpmn:ManualTask': manualTask,
  'bpmn:UserTask': userTask,
  'bpmn:ReceiveTask': receiveTask,
  'bpmn:BusinessRuleTask': businessRuleTask,
};
