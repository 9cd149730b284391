// For a process with ggzy:procedureKind, the statutory periods of its procedure (statutory/): run once the graph is
// whole, with the start node known; its problems join the compiler's.
import type { ModelNode, SequenceFlow } from '../../model';
import { checkStatutoryPeriods, type StatutoryRuleSet } from '../../statutory/check';
import type { Collector } from '../collector';

export function checkStatutory(
  c: Collector, model: { nodes: Record<string, ModelNode>; flows: Record<string, SequenceFlow>; startNode: string; procedureKind: string },
  rules: StatutoryRuleSet | undefined,
): void {
  const statutory = checkStatutoryPeriods(model, rules);
  c.errors.push(...statutory.errors);
  c.warnings.push(...statutory.warnings);
}
