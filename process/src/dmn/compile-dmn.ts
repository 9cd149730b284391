// The DMN compiler: DMN 1.3 XML (as dmn-js and other modelers write it) in, one DecisionModel per decision table out,
// with every problem at once. Input expressions, test values and output entries are the platform's expression
// language (the FEEL a table needs — names, arithmetic, comparisons, "strings" — reads the same); what it cannot read
// is a problem of the cell, not a crash at run time.
import { DmnModdle } from 'dmn-moddle';
import { canonicalJson, sha256Hex } from '../hash';
import { parseExpression } from '../expression';
import { Collector } from '../compiler/collector';
import { guardXml, DEFAULT_MAX_BYTES } from '../compiler/guard';
import { problem, type Problem } from '../problems';
import { DECISION_MODEL_SCHEMA_VERSION, type Aggregation, type DecisionModel, type DecisionRule, type HitPolicy } from './decision-model';
import { parseInputEntry, UnaryTestError } from './unary-tests';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DmnElement = { $type: string; id?: string; name?: string; [key: string]: any };

export interface DmnCompileResult {
  decisions: DecisionModel[];
  errors: Problem[];
  warnings: Problem[];
}

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function expression(c: Collector, element: string, source: string | null, what: string): string | null {
  if (source === null) return null;
  try {
    parseExpression(source);
    return source;
  } catch (err) {
    c.error('DMN_BAD_ENTRY', element, { detail: `${what} "${source}": ${(err as Error).message}` });
    return null;
  }
}

/** Splits a list of literal values (`"A","B"`) into its values. */
function valueList(c: Collector, element: string, source: string | null): string[] {
  if (!source) return [];
  const entry = parseInputEntry(source);
  if ('any' in entry) return [];
  return entry.tests.flatMap((t) => ('op' in t && t.op === '=' ? [t.value] : (c.error('DMN_BAD_ENTRY', element, { detail: `allowed values "${source}" must be values` }), [])));
}

function compileTable(c: Collector, decision: DmnElement): DecisionModel | null {
  const id = decision.id!;
  const table = decision.decisionLogic as DmnElement | undefined;
  if (!table || table.$type !== 'dmn:DecisionTable') {
    c.error('DMN_NOT_A_TABLE', id, { decision: id });
    return null;
  }
  if (((decision.informationRequirement ?? []) as DmnElement[]).some((r) => r.requiredDecision)) c.error('DMN_REQUIRED_DECISION', id, { decision: id });
  const hitPolicy = (text(table.hitPolicy) ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) c.error('DMN_HIT_POLICY', id, { policy: hitPolicy });
  const aggregation = text(table.aggregation) as Aggregation | null;
  if (aggregation && (hitPolicy !== 'COLLECT' || !AGGREGATIONS.includes(aggregation))) c.error('DMN_HIT_POLICY', id, { policy: `${hitPolicy} ${aggregation}` });

  const inputs = ((table.input ?? []) as DmnElement[]).map((input, k) => ({
    id: input.id ?? `input${k + 1}`,
    label: text(input.label),
    expression: expression(c, input.id ?? id, text(input.inputExpression?.text), 'input expression') ?? 'null',
  }));
  const outputs = ((table.output ?? []) as DmnElement[]).map((output, k) => ({
    id: output.id ?? `output${k + 1}`,
    name: text(output.name) ?? text(output.label) ?? '',
    label: text(output.label),
    values: valueList(c, output.id ?? id, text(output.outputValues?.text)),
  }));
  if (outputs.length > 1 && outputs.some((o) => !o.name)) c.error('DMN_OUTPUT_NAME', id);

  const rules: DecisionRule[] = ((table.rule ?? []) as DmnElement[]).map((rule, r) => {
    const ruleId = rule.id ?? `rule${r + 1}`;
    const ins = (rule.inputEntry ?? []) as DmnElement[];
    const outs = (rule.outputEntry ?? []) as DmnElement[];
    if (ins.length !== inputs.length || outs.length !== outputs.length) c.error('DMN_ENTRY_COUNT', ruleId, { rule: ruleId });
    return {
      id: ruleId,
      description: text(rule.description),
      inputEntries: ins.map((e) => {
        try {
          return parseInputEntry(text(e.text));
        } catch (err) {
          if (!(err instanceof UnaryTestError)) throw err;
          c.error('DMN_BAD_ENTRY', ruleId, { detail: `input "${text(e.text) ?? ''}": ${err.message}` });
          return { any: true } as const;
        }
      }),
      outputEntries: outs.map((e) => expression(c, ruleId, text(e.text), 'output')),
    };
  });

  const body = { schemaVersion: DECISION_MODEL_SCHEMA_VERSION as typeof DECISION_MODEL_SCHEMA_VERSION, key: id, name: text(decision.name), hitPolicy, aggregation: hitPolicy === 'COLLECT' ? aggregation : null, inputs, outputs, rules };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}

/** Compiles every decision table of a DMN document. */
export async function compileDmn(xml: string, options: { maxBytes?: number } = {}): Promise<DmnCompileResult> {
  const refused = guardXml(xml, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (refused) return { decisions: [], errors: [refused], warnings: [] };
  let root: DmnElement;
  try {
    root = (await new DmnModdle().fromXML(xml, 'dmn:Definitions')).rootElement as DmnElement;
  } catch (err) {
    return { decisions: [], errors: [problem('XML_MALFORMED', null, { detail: String((err as Error).message ?? err).split('\n')[0]!.slice(0, 200) })], warnings: [] };
  }
  const c = new Collector();
  const decisions = ((root?.drgElement ?? []) as DmnElement[]).filter((e) => e.$type === 'dmn:Decision');
  if (!decisions.length) c.error('DMN_NO_DECISION', null);
  const models = decisions.map((d) => compileTable(c, d)).filter((m): m is DecisionModel => m !== null);
  return { decisions: c.errors.length ? [] : models, errors: c.errors, warnings: c.warnings };
}
