// Start, end, intermediate and boundary events. Each event may carry one event definition, and only the kinds the
// interpreter runs: none, terminate, error, signal, escalation and compensation ends; timer, message, conditional, signal
// and link catches; compensation, signal, escalation, link and message throws (the last through a catalog activity,
// as are message end events); timer, message, conditional, signal, error,
// escalation and compensation boundaries; the triggered start events of event subprocesses; and the process's own
// signal, message and timer start events.
import type { BoundaryTrigger, EventSubProcessTrigger, ModelNode, ServiceTaskNode } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkExpression } from '../properties/expression';
import { timerOf } from '../properties/timer';
import { timerStartPlan } from '../../calendar/timer-start';
import { nodeBase, type ElementCompilers, type ElementScope } from './element-compiler';
import { serviceTask } from './tasks';

/** The event's definition (null for a none event); more than one is refused and the first one read. */
function eventDefinition(c: Collector, el: BpmnElement): BpmnElement | null {
  const defs = (el.eventDefinitions ?? []) as BpmnElement[];
  if (defs.length > 1) c.error('UNSUPPORTED_EVENT_DEFINITION', el.id!, { type: 'multiple event definitions' });
  return defs[0] ?? null;
}

/** An error named by its errorCode, else by its name. */
function errorCodeOf(def: BpmnElement): string | null {
  return trimmedText(def.errorRef?.errorCode) ?? trimmedText(def.errorRef?.name);
}

function messageNameOf(c: Collector, id: string, messageRef: BpmnElement | undefined): string {
  const message = trimmedText(messageRef?.name);
  if (!message) c.error('MESSAGE_NAME_MISSING', id);
  return message ?? '';
}

/**
 * A start form must be one of the deployed forms (when the caller gives them, as a deployment does). A start event
 * with a trigger starts an event subprocess, and is allowed only there.
 */
function startEvent(c: Collector, el: BpmnElement, { options }: ElementScope): ModelNode {
  const def = eventDefinition(c, el);
  if (def && el.$parent?.$type === 'bpmn:SubProcess' && el.$parent.triggeredByEvent && def.$type !== 'bpmn:CompensateEventDefinition') {
    const trigger = boundaryTrigger(c, el.id!, def) as EventSubProcessTrigger | null;
    const interrupting = el.isInterrupting !== false;
    if (trigger?.type === 'error' && !interrupting) c.error('ERROR_START_INTERRUPTING', el.id!);
    return { ...nodeBase(el), kind: 'startEvent', ...(trigger ? { trigger } : {}), interrupting };
  }
  // a signal or message start event of the process itself: a broadcast of the signal in the region, or the message
  // published there, starts a new deal
  if (def?.$type === 'bpmn:SignalEventDefinition' && el.$parent?.$type === 'bpmn:Process') {
    return { ...nodeBase(el), kind: 'startEvent', trigger: { type: 'signal', signal: signalNameOf(c, el.id!, def) } };
  }
  if (def?.$type === 'bpmn:MessageEventDefinition' && el.$parent?.$type === 'bpmn:Process') {
    return { ...nodeBase(el), kind: 'startEvent', trigger: { type: 'message', message: messageNameOf(c, el.id!, def.messageRef) } };
  }
  // a timer start event of the process: deals started on a schedule (once at a date, or every interval)
  if (def?.$type === 'bpmn:TimerEventDefinition' && el.$parent?.$type === 'bpmn:Process') {
    const timer = timerOf(c, el.id!, def, { cron: true, startDate: true });
    if (timer && !timerStartPlan(timer)) c.error('TIMER_START_UNSUPPORTED', el.id!);
    return { ...nodeBase(el), kind: 'startEvent', ...(timer ? { trigger: { type: 'timer', timer } } : {}) };
  }
  // a conditional start event of the process (Camunda 8.9): a deal starts when conditions are evaluated in its region
  // (POST /api/conditional-starts) with variables under which its condition holds
  if (def?.$type === 'bpmn:ConditionalEventDefinition' && el.$parent?.$type === 'bpmn:Process') {
    return { ...nodeBase(el), kind: 'startEvent', trigger: { type: 'conditional', condition: conditionOf(c, el.id!, def) } };
  }
  if (def) c.error('UNSUPPORTED_EVENT_DEFINITION', el.id!, { type: def.$type });
  const formKey = trimmedText(el.formKey);
  if (formKey && !options.forms) c.warn('FORM_NOT_CHECKED', el.id!, { formKey });
  else if (formKey && !options.forms![formKey]) c.error('UNKNOWN_FORM', el.id!, { formKey });
  return { ...nodeBase(el), kind: 'startEvent', ...(formKey ? { formKey } : {}) };
}

function endEvent(c: Collector, el: BpmnElement, scope: ElementScope): ModelNode {
  const def = eventDefinition(c, el);
  const node = { ...nodeBase(el), kind: 'endEvent' as const, terminate: false, errorCode: null as string | null, compensate: null as { activityRef: string | null } | null };
  if (!def) return node;
  // a message end event: sent through the catalog activity it names (ggzy:taskType), then the token ends
  if (def.$type === 'bpmn:MessageEventDefinition') return { ...node, send: serviceTask(c, el, scope) as ServiceTaskNode };
  if (def.$type === 'bpmn:TerminateEventDefinition') node.terminate = true;
  else if (def.$type === 'bpmn:ErrorEventDefinition') node.errorCode = errorCodeOf(def) ?? 'error';
  else if (def.$type === 'bpmn:CompensateEventDefinition') node.compensate = { activityRef: def.activityRef?.id ?? null };
  else if (def.$type === 'bpmn:SignalEventDefinition') return { ...node, signal: signalNameOf(c, el.id!, def) };
  else if (def.$type === 'bpmn:EscalationEventDefinition') return { ...node, escalation: escalationCodeOf(c, el.id!, def, true)! };
  else c.error('UNSUPPORTED_EVENT_DEFINITION', el.id!, { type: def.$type });
  return node;
}

/** An escalation's code (else its name); a throw must name one, a catch without one catches every escalation. */
function escalationCodeOf(c: Collector, id: string, def: BpmnElement, required: boolean): string | null {
  const code = trimmedText(def.escalationRef?.escalationCode) ?? trimmedText(def.escalationRef?.name);
  if (!code && required) c.error('ESCALATION_CODE_MISSING', id);
  return code ?? (required ? '' : null);
}

function signalNameOf(c: Collector, id: string, def: BpmnElement): string {
  const name = trimmedText(def.signalRef?.name);
  if (!name) c.error('SIGNAL_NAME_MISSING', id);
  return name ?? '';
}

/** A conditional event's condition, checked as an expression. */
function conditionOf(c: Collector, id: string, def: BpmnElement): string {
  const condition = checkExpression(c, id, trimmedText(def.condition?.body));
  if (!condition) c.error('CONDITION_MISSING', id);
  return condition ?? '';
}

/** A link event's name: its definition's, else the event's own (some modelers name only the event). */
function linkNameOf(c: Collector, el: BpmnElement, def: BpmnElement): string {
  const name = trimmedText(def.name) ?? trimmedText(el.name);
  if (!name) c.error('LINK_NAME_MISSING', el.id!);
  return name ?? '';
}

function intermediateCatchEvent(c: Collector, el: BpmnElement): ModelNode | null {
  const id = el.id!;
  const def = eventDefinition(c, el);
  if (def?.$type === 'bpmn:LinkEventDefinition') return { ...nodeBase(el), kind: 'intermediateEvent', link: { role: 'catch', name: linkNameOf(c, el, def) } };
  if (def?.$type === 'bpmn:ConditionalEventDefinition') return { ...nodeBase(el), kind: 'conditionalCatch', condition: conditionOf(c, id, def) };
  if (def?.$type === 'bpmn:SignalEventDefinition') return { ...nodeBase(el), kind: 'signalCatch', signal: signalNameOf(c, id, def) };
  if (def?.$type === 'bpmn:TimerEventDefinition') {
    const timer = timerOf(c, id, def);
    return timer ? { ...nodeBase(el), kind: 'timerCatch', timer } : null;
  }
  if (def?.$type === 'bpmn:MessageEventDefinition') {
    const message = messageNameOf(c, id, def.messageRef);
    return { ...nodeBase(el), kind: 'messageCatch', message, correlationKey: checkExpression(c, id, trimmedText(def.correlationKey)) };
  }
  c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def?.$type ?? 'none (intermediate catch without a definition)' });
  return null;
}

function intermediateThrowEvent(c: Collector, el: BpmnElement, scope: ElementScope): ModelNode | null {
  const def = eventDefinition(c, el);
  if (!def) return { ...nodeBase(el), kind: 'intermediateEvent' };
  // a message throw event: sent through the catalog activity it names (ggzy:taskType), as a send task is
  if (def.$type === 'bpmn:MessageEventDefinition') return serviceTask(c, el, scope);
  if (def.$type === 'bpmn:CompensateEventDefinition') return { ...nodeBase(el), kind: 'compensationThrow', activityRef: def.activityRef?.id ?? null };
  if (def.$type === 'bpmn:LinkEventDefinition') return { ...nodeBase(el), kind: 'intermediateEvent', link: { role: 'throw', name: linkNameOf(c, el, def) } };
  if (def.$type === 'bpmn:SignalEventDefinition') return { ...nodeBase(el), kind: 'signalThrow', signal: signalNameOf(c, el.id!, def) };
  if (def.$type === 'bpmn:EscalationEventDefinition') return { ...nodeBase(el), kind: 'escalationThrow', escalation: escalationCodeOf(c, el.id!, def, true)! };
  c.error('UNSUPPORTED_EVENT_DEFINITION', el.id!, { type: def.$type });
  return null;
}

function boundaryTrigger(c: Collector, id: string, def: BpmnElement | null): BoundaryTrigger | null {
  switch (def?.$type) {
    case 'bpmn:TimerEventDefinition': {
      // a cycle here (a non-interrupting boundary, an event subprocess's start) may be a cron expression
      const timer = timerOf(c, id, def, { cron: true });
      return timer ? { type: 'timer', timer } : null;
    }
    case 'bpmn:MessageEventDefinition':
      return { type: 'message', message: messageNameOf(c, id, def.messageRef) };
    case 'bpmn:ErrorEventDefinition':
      return { type: 'error', errorCode: errorCodeOf(def) };
    case 'bpmn:ConditionalEventDefinition':
      return { type: 'conditional', condition: conditionOf(c, id, def) };
    case 'bpmn:SignalEventDefinition':
      return { type: 'signal', signal: signalNameOf(c, id, def) };
    case 'bpmn:EscalationEventDefinition':
      return { type: 'escalation', escalation: escalationCodeOf(c, id, def, false) };
    case 'bpmn:CompensateEventDefinition':
      return { type: 'compensation' };
    default:
      c.error('UNSUPPORTED_EVENT_DEFINITION', id, { type: def?.$type ?? 'none' });
      return null;
  }
}

/** Whether the host allows this boundary is checked once every node exists (passes/attach-boundaries). */
function boundaryEvent(c: Collector, el: BpmnElement): ModelNode | null {
  const id = el.id!;
  const trigger = boundaryTrigger(c, id, eventDefinition(c, el));
  if (!el.attachedToRef?.id) c.error('BOUNDARY_HOST_MISSING', id);
  if (!trigger) return null;
  return { ...nodeBase(el), kind: 'boundaryEvent', attachedTo: el.attachedToRef?.id ?? '', cancelActivity: el.cancelActivity !== false, trigger };
}

export const EVENT_COMPILERS: ElementCompilers = {
  'bpmn:StartEvent': startEvent,
  'bpmn:EndEvent': endEvent,
  'bpmn:IntermediateCatchEvent': intermediateCatchEvent,
  'bpmn:IntermediateThrowEvent': intermediateThrowEvent,
  'bpmn:BoundaryEvent': boundaryEvent,
};
