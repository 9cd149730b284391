// Call activities: a child process by its key (resolved for the deal's city when it starts), with input and output
// mappings; may be multi-instance.
import type { ModelNode } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { mappings } from '../properties/mappings';
import { multiInstanceOf } from '../properties/multi-instance';
import { nodeBase, type ElementCompilers } from './element-compiler';

function callActivity(c: Collector, el: BpmnElement): ModelNode {
  const id = el.id!;
  const calledElement = trimmedText(el.calledElement);
  if (!calledElement) c.error('MISSING_CALLED_ELEMENT', id);
  const node = {
    ...nodeBase(el), kind: 'callActivity' as const, calledElement: calledElement ?? '',
    input: mappings(c, id, el, 'ggzy:Inputs', true), output: mappings(c, id, el, 'ggzy:Outputs', false),
  };
  node.multiInstance = multiInstanceOf(c, el);
  return node;
}

export const CALL_ACTIVITY_COMPILERS: ElementCompilers = {
  'bpmn:CallActivity': callActivity,
};
