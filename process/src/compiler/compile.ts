// The compiler's entry point: BPMN 2.0 XML in, a ProcessModel and every problem out. It guards and parses the
// document, then runs its passes in order: nodes (one compiler per element $type, elements/), flows, link events, boundaries,
// gateways, start and end, graph, statutory periods. Each pass adds its problems; any error refuses the model.
import { trimmedText } from './bpmn-element';
import { Collector } from './collector';
import { assembleModel } from './assemble-model';
import { guardXml, DEFAULT_MAX_BYTES } from './guard';
import { reportModdleWarnings } from './moddle-warnings';
import type { CompileOptions, CompileResult } from './options';
import { attachBoundaries } from './passes/attach-boundaries';
import { checkGateways } from './passes/check-gateways';
import { checkGraph } from './passes/check-graph';
import { checkStartAndEnd } from './passes/check-start-end';
import { checkStatutory } from './passes/check-statutory';
import { compileNodes } from './passes/compile-nodes';
import { linkEvents } from './passes/link-events';
import { linkFlows } from './passes/link-flows';
import { pickProcess } from './pick-process';
import { readDefinitions } from './read-definitions';

export { DEFAULT_ROLES, type CompileOptions, type CompileResult } from './options';

/** Compiles BPMN 2.0 XML into a ProcessModel, collecting every problem rather than stopping at the first. */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const refused = guardXml(xml, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (refused) return { model: null, errors: [refused], warnings: [] };
  const read = await readDefinitions(xml);
  if (read.refused) return { model: null, errors: [read.refused], warnings: [] };

  const c = new Collector();
  reportModdleWarnings(c, read.warnings);
  const process = pickProcess(c, read.definitions);
  if (!process) return { model: null, errors: c.errors, warnings: c.warnings };
  if (!((read.definitions.diagrams ?? []) as unknown[]).length) c.warn('DIAGRAM_MISSING', null);

  const nodes = compileNodes(c, { options, process });
  const flows = linkFlows(c, process, nodes);
  linkEvents(c, nodes, flows);
  attachBoundaries(c, process, nodes);
  checkGateways(c, nodes, flows);
  const starts = checkStartAndEnd(c, nodes);
  if (starts) checkGraph(c, nodes, flows, starts.roots);
  const procedureKind = trimmedText(process.procedureKind);
  if (starts && procedureKind) checkStatutory(c, { nodes, flows, startNode: starts.start.id, procedureKind }, options.statutoryRules);

  if (c.errors.length || !starts) return { model: null, errors: c.errors, warnings: c.warnings };
  return { model: assembleModel(process, procedureKind, starts.start.id, nodes, flows), errors: [], warnings: c.warnings };
}
