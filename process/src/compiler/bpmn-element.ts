// The shape of what bpmn-moddle reads from the XML, as the compiler walks it: an element with its $type, its id and
// whatever properties its type defines (or, for unknown attributes, $attrs). Loosely typed on purpose: the compiler
// checks every property it reads, since the XML comes from anyone.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BpmnElement = { $type: string; id?: string; name?: string; $attrs?: Record<string, string>; [key: string]: any };

/** A property's text without surrounding whitespace; null when absent, blank or not text. */
export function trimmedText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text ? text : null;
}
