// Turns what moddle skipped while reading into problems: duplicate ids, unreadable BPMN content and unresolved
// references are errors (the model would silently lose them); another modeler's extensions only warnings.
import type { Collector } from './collector';
import type { ModdleWarning } from './read-definitions';

export function reportModdleWarnings(c: Collector, warnings: readonly ModdleWarning[]): void {
  for (const w of warnings) {
    const element = w.element?.id ?? null;
    if (/duplicate ID/i.test(w.message)) {
      const id = /<([^>]+)>/.exec(w.message)?.[1] ?? element;
      c.error('DUPLICATE_ID', id ?? null);
    } else if (/unparsable content/i.test(w.message)) {
      const tag = /<([^>]+)>/.exec(w.message)?.[1] ?? '';
      // content in the BPMN namespace that moddle cannot read is an error; foreign extensions only a warning
      if (/^bpmn\d*:|^[A-Za-z]+$/.test(tag)) c.error('UNPARSABLE_CONTENT', element, { detail: `<${tag}>` });
      else c.warn('IGNORED_EXTENSION', element, { detail: `<${tag}>` });
    } else if (/unresolved reference/i.test(w.message)) {
      c.error('UNPARSABLE_CONTENT', element, { detail: w.message.slice(0, 200) });
    } else {
      c.warn('IGNORED_EXTENSION', element, { detail: w.message.slice(0, 200) });
    }
  }
}
