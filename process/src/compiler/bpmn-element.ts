// The shape of what bpmn-moddle reads from the XML, as the compiler walks it: an element with its $type, its id and
// whatever properties its type defines (or, for unknown attributes, $attrs). Loosely typed on purpose: the compiler
// checks every property it reads, since the XML comes from anyone.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BpmnElement = { $type: string; id?: string; name?: string; $attrs?: Record<string, string>; [key: string]: any };

/** The flow elements of a process or subprocess, with those of the subprocesses inside it, at any depth. */
export function allFlowElements(container: BpmnElement): BpmnElement[] {
  const out: BpmnElement[] = [];
  for (const el of (container.flowElements ?? []) as BpmnElement[]) {
    out.push(el);
    if (isSubProcess(el)) out.push(...allFlowElements(el));
  }
  return out;
}

/** Embedded, event and ad-hoc subprocesses (a transaction is something else). */
export function isSubProcess(el: BpmnElement): boolean {
  return el.$type === 'bpmn:SubProcess' || el.$type === 'bpmn:AdHocSubProcess';
}

/** The artifacts (associations, annotations) of a process and of the subprocesses inside it. */
export function allArtifacts(container: BpmnElement): BpmnElement[] {
  const out = [...((container.artifacts ?? []) as BpmnElement[])];
  for (const el of (container.flowElements ?? []) as BpmnElement[]) if (isSubProcess(el)) out.push(...allArtifacts(el));
  return out;
}

/** A property's text without surrounding whitespace; null when absent, blank or not text. */
export function trimmedText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text ? text : null;
}
