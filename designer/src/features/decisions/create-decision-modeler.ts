// The designer's dmn-js modeler, opened straight on a decision table: the platform runs decision tables only (no
// literal expressions or requirement graphs), so the table is the view a designer edits.
import DmnModeler from 'dmn-js/lib/Modeler';
import translateModule from './translate';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';

export type DecisionModeler = InstanceType<typeof DmnModeler>;

export function createDecisionModeler(container: HTMLElement): DecisionModeler {
  // per view: the manager replaces the common options' additionalModules with its own
  return new DmnModeler({ container, decisionTable: { additionalModules: [translateModule] } });
}

/** Imports a DMN file and opens the table of the decision asked for (else the first table). Answers its key. */
export async function openDecisionTable(modeler: DecisionModeler, xml: string, key?: string): Promise<string | null> {
  await modeler.importXML(xml);
  const tables = modeler.getViews().filter((v) => v.type === 'decisionTable');
  const view = tables.find((v) => v.element.id === key) ?? tables[0];
  if (!view) return null;
  if (modeler.getActiveView() !== view) await modeler.open(view);
  return view.element.id;
}

/** The rows of the rules that matched in a try, marked in the table (and the marks of the last try removed). */
export function markRules(container: HTMLElement, ruleIds: readonly string[], className: string): void {
  container.querySelectorAll(`.${className}`).forEach((el) => el.classList.remove(className));
  for (const id of ruleIds) container.querySelectorAll(`[data-row-id="${CSS.escape(id)}"]`).forEach((el) => el.classList.add(className));
}
