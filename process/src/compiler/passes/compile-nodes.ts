// First pass: every flow element of the process to a node, each by the compiler of its $type. Sequence flows wait
// for the next pass; artifacts are passed over; an unsupported element is an error.
import type { ModelNode } from '../../model';
import type { BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { nodeBase, type ElementScope } from '../elements/element-compiler';
import { ELEMENT_COMPILERS, IGNORED_TYPES, UNSUPPORTED_HINTS } from '../elements/registry';
import { reportForeignExtensions } from '../properties/extensions';

/**
 * A stand-in for an element that could not be compiled keeps the graph whole, so one bad element does not cascade
 * into reachability errors; the model is refused anyway because an error was recorded. A boundary event is off the
 * flow and needs none.
 */
function standIn(el: BpmnElement): ModelNode | null {
  return el.id && el.$type !== 'bpmn:BoundaryEvent' ? { ...nodeBase(el), kind: 'intermediateEvent' } : null;
}

/** Every element of the process, and of each embedded subprocess inside it (marked with that subprocess as scope). */
export function compileNodes(c: Collector, scope: ElementScope): Record<string, ModelNode> {
  const nodes: Record<string, ModelNode> = {};
  const seen = new Set<string>();
  const compileLevel = (container: BpmnElement, level: string | undefined) => {
    for (const el of (container.flowElements ?? []) as BpmnElement[]) {
      if (el.id && seen.has(el.id)) c.error('DUPLICATE_ID', el.id);
      if (el.id) seen.add(el.id);
      if (el.$type === 'bpmn:SequenceFlow' || IGNORED_TYPES.has(el.$type)) continue;
      const compile = Object.hasOwn(ELEMENT_COMPILERS, el.$type) ? ELEMENT_COMPILERS[el.$type] : undefined;
      if (!compile) c.error('UNSUPPORTED_ELEMENT', el.id ?? null, { type: UNSUPPORTED_HINTS[el.$type] ?? el.$type });
      else reportForeignExtensions(c, el);
      const node = compile?.(c, el, scope) ?? standIn(el);
      if (!node) continue;
      if (level !== undefined) node.scope = level;
      nodes[node.id] = node;
      if (node.kind === 'subProcess') compileLevel(el, node.id);
    }
  };
  compileLevel(scope.process, undefined);
  return nodes;
}
