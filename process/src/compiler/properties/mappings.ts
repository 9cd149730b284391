// <ggzy:inputs>/<ggzy:outputs>: name → value pairs between process variables and an activity or a called process.
// Input values are expressions over the caller's variables; output values are read from the callee's, unchecked here.
import { trimmedText, type BpmnElement } from '../bpmn-element';
import type { Collector } from '../collector';
import { checkExpression } from './expression';

export function mappings(c: Collector, element: string, el: BpmnElement, type: 'ggzy:Inputs' | 'ggzy:Outputs', checkValues: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ext of (el.extensionElements?.values ?? []) as BpmnElement[]) {
    if (ext.$type !== type) continue;
    for (const m of (ext.values ?? []) as BpmnElement[]) {
      const name = trimmedText(m.name);
      const value = trimmedText(m.value);
      if (!name || !value) {
        c.error('MISSING_BINDING', element, { binding: `${type === 'ggzy:Inputs' ? 'ggzy:inputs' : 'ggzy:outputs'} name/value` });
        continue;
      }
      if (checkValues) checkExpression(c, element, value);
      out[name] = value;
    }
  }
  return out;
}
