// Embedded and event subprocesses: the subprocess node itself (its local variables and outputs, multi-instance); the elements
// drawn inside it are compiled by the node pass like the process's own, marked with the subprocess as their scope.
import type { ModelNode } from '../../model';
import type { BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
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

export const SUBPROCESS_COMPILERS: ElementCompilers = {
  'bpmn:SubProcess': subProcess,
};
