// Embedded and event subprocesses: the subprocess node itself (its local variables and outputs, multi-instance); the elements
// drawn inside it are compiled by the node pass like the process's own, marked with the subprocess as their scope.
import type { ModelNode } from '../../model';
import type { BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { trimmedText } from '../bpmn-element';
import { checkExpression } from '../properties/expression';
import { mappings } from '../properties/mappings';
import { multiInstanceOf } from '../properties/multi-instance';
import { nodeBase, type ElementCompilers } from './element-compiler';

function subProcess(c: Collector, el: BpmnElement): ModelNode | null {
  const id = el.id!;
  const node = {
    ...nodeBase(el), kind: 'subProcess' as const, startNode: '', ...(el.triggeredByEvent ? { triggeredByEvent: true as const } : {}),
    input: mappings(c, id, el, 'ggzy:Inputs', true), output: mappings(c, id, el, 'ggzy:Outputs', true),
  };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

/** Camunda 8's <zeebe:adHoc activeElementsCollection="=…"/>, read when ggzy:activeElements is absent. */
function foreignActiveElements(el: BpmnElement): string | null {
  const ext = ((el.extensionElements?.values ?? []) as BpmnElement[]).find((e) => e.$type === 'zeebe:adHoc' || e.$type === 'zeebe:AdHoc');
  return trimmedText(ext?.activeElementsCollection ?? ext?.$attrs?.activeElementsCollection)?.replace(/^=\s*/, '') ?? null;
}

/**
 * An ad-hoc subprocess: an embedded subprocess whose inner elements start as the expression ggzy:activeElements (or
 * Camunda's activeElementsCollection) names them on entering, and which completes when they all have, or as soon as
 * its completion condition holds. A FEEL expression of another modeler is read as the platform's expression
 * language when it parses, with a warning. Its inner elements run side by side (the attribute ordering is not read,
 * as Camunda 8 does not).
 */
function adHocSubProcess(c: Collector, el: BpmnElement): ModelNode | null {
  const id = el.id!;
  const node = subProcess(c, el) as Extract<ModelNode, { kind: 'subProcess' }>;
  let activeElements = trimmedText(el.activeElements);
  if (!activeElements) {
    activeElements = foreignActiveElements(el);
    if (activeElements) c.warn('FOREIGN_EXPRESSION_READ', id, { detail: `activeElementsCollection "${activeElements}"` });
  }
  const condition = trimmedText(el.completionCondition?.body)?.replace(/^=\s*/, '') ?? null;
  node.adHoc = {
    activeElements: checkExpression(c, id, activeElements), completionCondition: checkExpression(c, id, condition),
    cancelRemaining: el.cancelRemainingInstances !== false,
  };
  return node;
}

export const SUBPROCESS_COMPILERS: ElementCompilers = {
  'bpmn:SubProcess': subProcess,
  'bpmn:AdHocSubProcess': adHocSubProcess,
};
