// Reads checked XML into bpmn-moddle's object tree (with the ggzy extension). A document the parser cannot read at
// all becomes one problem: not BPMN, or malformed XML with the parser's reason and position.
import { BpmnModdle } from 'bpmn-moddle';
import { problem, type Problem } from '../problems';
import type { BpmnElement } from './bpmn-element';
import { ggzyModdleDescriptor } from './ggzy-moddle';

/** What moddle could not read inside a readable document, with the element it was reading. */
export interface ModdleWarning {
  message: string;
  element?: BpmnElement;
}

export type ReadDefinitions =
  | { definitions: BpmnElement; warnings: ModdleWarning[]; refused?: undefined }
  | { refused: Problem };

export async function readDefinitions(xml: string): Promise<ReadDefinitions> {
  let parsed: { rootElement: BpmnElement; warnings: ModdleWarning[] };
  try {
    const moddle = new BpmnModdle({ ggzy: ggzyModdleDescriptor });
    parsed = (await moddle.fromXML(xml, 'bpmn:Definitions')) as unknown as typeof parsed;
  } catch (err) {
    return { refused: parseFailure(err) };
  }
  const definitions = parsed.rootElement;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') return { refused: problem('NOT_BPMN', null) };
  return { definitions, warnings: parsed.warnings ?? [] };
}

function parseFailure(err: unknown): Problem {
  const full = String((err as Error)?.message ?? err);
  const nested = /nested error: (.+)/.exec(full)?.[1];
  const position = /line: (\d+)\s+column: (\d+)/.exec(full);
  if (!nested && /failed to parse document as <bpmn:Definitions>|unknown type/i.test(full)) return problem('NOT_BPMN', null);
  const where = position ? ` (line ${Number(position[1]) + 1}, column ${position[2]})` : '';
  const detail = `${nested ?? full.split('\n')[0]!.slice(0, 200)}${where}`;
  return problem('XML_MALFORMED', null, { detail });
}
