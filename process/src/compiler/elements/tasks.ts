// Service tasks (an activity of the catalog, with its inputs, retries and timeout), user tasks (a role, a form, a due
// duration, return targets) and receive tasks (a message wait). Service and user tasks may be multi-instance.
import type { ModelNode } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { DEFAULT_ROLES } from '../options';
import { requiredFieldsOf } from '../forms';
import { declaredFields } from '../../forms';
import { calendarOf, checkDuration } from '../properties/duration';
import { checkExpression } from '../properties/expression';
import { mappings } from '../properties/mappings';
import { multiInstanceOf, refuseLoop } from '../properties/multi-instance';
import { retryOf } from '../properties/retry';
import { nodeBase, type ElementCompilers, type ElementScope } from './element-compiler';

function serviceTask(c: Collector, el: BpmnElement, { options }: ElementScope): ModelNode {
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
    const found = ((process.flowElements ?? []) as BpmnElement[]).find((f) => f.id === target);
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

function receiveTask(c: Collector, el: BpmnElement): ModelNode {
  const message = trimmedText(el.messageRef?.name);
  if (!message) c.error('MESSAGE_NAME_MISSING', el.id!);
  refuseLoop(c, el);
  return { ...nodeBase(el), kind: 'messageCatch', message: message ?? '', correlationKey: null };
}

export const TASK_COMPILERS: ElementCompilers = {
  'bpmn:ServiceTask': serviceTask,
  'bpmn:UserTask': userTask,
  'bpmn:ReceiveTask': receiveTask,
};
