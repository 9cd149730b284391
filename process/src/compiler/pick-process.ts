// A document may hold several processes (a collaboration): the one to compile is the only one, or the only
// executable one. Anything else is ambiguous and refused.
import type { BpmnElement } from './bpmn-element';
import type { Collector } from './collector';

export function pickProcess(c: Collector, definitions: BpmnElement): BpmnElement | null {
  const processes = ((definitions.rootElements ?? []) as BpmnElement[]).filter((e) => e.$type === 'bpmn:Process');
  if (processes.length === 0) {
    c.error('NO_PROCESS', null);
    return null;
  }
  if (processes.length === 1) return processes[0]!;
  const executable = processes.filter((p) => p.isExecutable);
  if (executable.length === 1) return executable[0]!;
  c.error('MULTIPLE_PROCESSES', null);
  return null;
}
