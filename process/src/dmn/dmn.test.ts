// Decision tables: compiled from DMN as modelers write it, evaluated with each hit policy, and the cells a designer
// gets wrong reported one by one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileDmn } from './compile-dmn';
import { evaluateDecision, DecisionError } from './evaluate-decision';
import type { DecisionModel } from './decision-model';

const reference = readFileSync(path.join(__dirname, '..', '..', 'reference', 'decisions', 'procurement_committee_size.dmn'), 'utf8');

function table(hitPolicy: string, rules: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="t" namespace="urn:t">
  <decision id="method" name="评标办法">
    <decisionTable id="t1" hitPolicy="${hitPolicy}"${extra}>
      <input id="i1" label="类别"><inputExpression id="e1" typeRef="string"><text>category</text></inputExpression></input>
      <input id="i2" label="预算（分）"><inputExpression id="e2" typeRef="number"><text>estimateFen</text></inputExpression></input>
      <output id="o1" name="method" typeRef="string"><outputValues id="v1"><text>"综合评分法","经评审的最低投标价法","最低评标价法"</text></outputValues></output>
      <output id="o2" name="weight" typeRef="number"/>
      ${rules}
    </decisionTable>
  </decision>
</definitions>`;
}
const rule = (id: string, category: string, estimate: string, method: string, weight: string) =>
  `<rule id="${id}"><inputEntry id="${id}a"><text>${category}</text></inputEntry><inputEntry id="${id}b"><text>${estimate}</text></inputEntry><outputEntry id="${id}c"><text>${method}</text></outputEntry><outputEntry id="${id}d"><text>${weight}</text></outputEntry></rule>`;
const RULES = [
  rule('goods', '"货物"', '&lt; 100000000', '"最低评标价法"', '10'),
  rule('works', '"工程","服务"', '[100000000..1000000000]', '"经评审的最低投标价法"', '30'),
  rule('big', 'not("货物")', '&gt; 1000000000', '"综合评分法"', '60'),
  rule('services', '"服务"', '-', '"综合评分法"', '40'),
].join('');

async function compiled(xml: string): Promise<DecisionModel> {
  const result = await compileDmn(xml);
  expect(result.errors).toEqual([]);
  return result.decisions[0]!;
}

describe('decision tables (DMN)', () => {
  test('the reference committee-size table: the statutory minimum by budget, the requested size when it is enough', async () => {
    const model = await compiled(reference);
    expect(model).toMatchObject({ key: 'procurement_committee_size', hitPolicy: 'FIRST', outputs: [{ name: 'committeeSize' }] });
    expect(model.hash).toMatch(/^[0-9a-f]{64}$/);
    const size = (estimateFen: number, committeeSize: unknown) => evaluateDecision(model, { estimateFen, committeeSize });
    expect(size(50_000_000, 5)).toEqual({ value: 5, matchedRules: ['requested'] });
    expect(size(50_000_000, 9)).toEqual({ value: 9, matchedRules: ['requested'] });
    expect(size(50_000_000, null)).toEqual({ value: 5, matchedRules: ['minimum'] });
    expect(size(1_000_000_000, 5)).toEqual({ value: 7, matchedRules: ['budget_10m_minimum'] });
    expect(size(2_000_000_000, 9)).toEqual({ value: 9, matchedRules: ['budget_10m_requested'] });
  });

  test('hit policies: UNIQUE refuses two matches, FIRST takes the first, PRIORITY and OUTPUT ORDER follow the output values, COLLECT aggregates', async () => {
    const vars = { category: '服务', estimateFen: 2_000_000_000 };
    await expect(compiled(table('UNIQUE', RULES)).then((m) => evaluateDecision(m, vars))).rejects.toThrow(DecisionError);
    expect(evaluateDecision(await compiled(table('FIRST', RULES)), vars)).toEqual({ value: { method: '综合评分法', weight: 60 }, matchedRules: ['big'] });
    expect(evaluateDecision(await compiled(table('UNIQUE', RULES)), { category: '货物', estimateFen: 5 }).value).toEqual({ method: '最低评标价法', weight: 10 });
    expect(evaluateDecision(await compiled(table('UNIQUE', RULES)), { category: '其他', estimateFen: 5 })).toEqual({ value: null, matchedRules: [] });
    // 服务 at 5亿: rules works and services match; priority follows the output values' order
    const mid = { category: '服务', estimateFen: 500_000_000 };
    expect(evaluateDecision(await compiled(table('PRIORITY', RULES)), mid)).toEqual({ value: { method: '综合评分法', weight: 40 }, matchedRules: ['services'] });
    expect(evaluateDecision(await compiled(table('OUTPUT ORDER', RULES)), mid).matchedRules).toEqual(['services', 'works']);
    expect(evaluateDecision(await compiled(table('RULE ORDER', RULES)), mid).matchedRules).toEqual(['works', 'services']);
    await expect(compiled(table('ANY', RULES)).then((m) => evaluateDecision(m, mid))).rejects.toThrow(/ANY/);
    const one = (agg: string) => table('COLLECT', RULES, ` aggregation="${agg}"`).replace(/<output id="o1"[\s\S]*?<\/output>/, '').replace(/<outputEntry id="\w+c"><text>[^<]*<\/text><\/outputEntry>/g, '');
    expect(evaluateDecision(await compiled(one('SUM')), mid).value).toBe(70);
    expect(evaluateDecision(await compiled(one('MAX')), mid).value).toBe(40);
    expect(evaluateDecision(await compiled(one('COUNT')), mid).value).toBe(2);
    expect(evaluateDecision(await compiled(table('COLLECT', RULES)), mid).value).toEqual([{ method: '经评审的最低投标价法', weight: 30 }, { method: '综合评分法', weight: 40 }]);
  });

  test('tests of values of another type, or of null, do not hold (FEEL), and intervals honour open ends', async () => {
    const model = await compiled(table('RULE ORDER', RULES));
    expect(evaluateDecision(model, { category: '工程', estimateFen: '100000000' }).matchedRules).toEqual([]);
    expect(evaluateDecision(model, { category: null, estimateFen: 2_000_000_000 }).matchedRules).toEqual([]);
    const open = await compiled(table('RULE ORDER', rule('r', '-', ']100..200[', '"综合评分法"', '1')));
    expect([100, 150, 200].map((estimateFen) => evaluateDecision(open, { category: 'x', estimateFen }).matchedRules.length)).toEqual([0, 1, 0]);
  });

  test('every cell a designer gets wrong is reported with its rule, nothing thrown', async () => {
    const bad = table('UNIQUE', rule('r1', '&lt;&lt; 5', '-', '"A"', '1') + rule('r2', '-', '[1..', 'nope(', '2') + '<rule id="r3"><inputEntry id="x"><text>-</text></inputEntry></rule>');
    const result = await compileDmn(bad);
    expect(result.decisions).toEqual([]);
    expect(result.errors.map((e) => `${e.code}@${e.element}`).sort()).toEqual(['DMN_BAD_ENTRY@r1', 'DMN_BAD_ENTRY@r2', 'DMN_BAD_ENTRY@r2', 'DMN_ENTRY_COUNT@r3']);
    expect((await compileDmn(table('SOMETIMES', RULES))).errors.map((e) => `${e.category}:${e.code}`)).toEqual(['unsupported:DMN_HIT_POLICY']);
    expect((await compileDmn('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="x" namespace="u"/>')).errors.map((e) => e.code)).toEqual(['DMN_NO_DECISION']);
    expect((await compileDmn('<nope')).errors.map((e) => e.code)).toEqual(['XML_MALFORMED']);
    expect((await compileDmn('<!DOCTYPE x [<!ENTITY a "b">]><definitions/>')).errors.map((e) => e.category)).toEqual(['document']);
  });
});
