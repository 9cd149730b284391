// The contract of the compilers of one element family (events, tasks, gateways, call activities): each BPMN $type
// has one function that reads the element, reports its problems and answers its node, or null when no node can be
// made. Flows, boundaries and graph-wide checks come after, in the passes.
import type { ModelNode, MultiInstance } from '../../model';
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import type { CompileOptions } from '../options';

export interface ElementScope {
  options: CompileOptions;
  /** The process being compiled: a user task's return targets are looked up among its elements. */
  process: BpmnElement;
}

export type ElementCompiler = (c: Collector, el: BpmnElement, scope: ElementScope) => ModelNode | null;

/** Element compilers by the BPMN $type they compile. */
export type ElementCompilers = Readonly<Record<string, ElementCompiler>>;

/** What every node has before its kind's own properties; flows and boundaries are linked in by later passes. */
export function nodeBase(el: BpmnElement) {
  const nameEn = trimmedText(el.nameEn);
  return {
    id: el.id!,
    name: trimmedText(el.name),
    ...(nameEn ? { nameEn } : {}),
    incoming: [] as string[],
    outgoing: [] as string[],
    boundaries: [] as string[],
    multiInstance: null as MultiInstance | null,
    compensationHandler: null as string | null,
    isForCompensation: Boolean(el.isForCompensation),
  };
}
