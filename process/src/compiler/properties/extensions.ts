// Attributes and extension elements of other modelers (camunda:, zeebe:, flowable:…) do nothing here: a warning
// tells the designer they were ignored rather than silently dropping them.
import type { BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';

export function reportForeignExtensions(c: Collector, el: BpmnElement): void {
  const foreign = Object.keys(el.$attrs ?? {}).filter((k) => k.includes(':') && !k.startsWith('xmlns'));
  for (const ext of (el.extensionElements?.values ?? []) as BpmnElement[]) if (!ext.$type.startsWith('ggzy:')) foreign.push(ext.$type);
  if (foreign.length) c.warn('IGNORED_EXTENSION', el.id ?? null, { detail: foreign.join(', ') });
}
