// The fault campaign's procedure: the committed scripts/chaos/money_drill.bpmn is what its spec builds, it compiles with
// its forms (statutory rules of government procurement included), and it carries every money step the campaign checks.
// GGZY_UPDATE_FIXTURES=1 rewrites the .bpmn file from the spec.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn, TASK_TYPES } from '@ggzy/process';
import { loadReferenceProcedures } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { MONEY_DRILL_KEY, moneyDrill } from './money-drill';

const directory = path.resolve(__dirname, '..', '..', 'scripts', 'chaos');
const file = path.join(directory, `${MONEY_DRILL_KEY}.bpmn`);

describe('the fault campaign\'s money procedure', () => {
  test('money_drill.bpmn is what its spec builds', () => {
    const xml = buildBpmn(moneyDrill);
    if (process.env.GGZY_UPDATE_FIXTURES === '1') writeFileSync(file, xml);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(xml);
  });

  test('it compiles with its forms and holds every money step, with no timer', async () => {
    const [procedure, ...others] = loadReferenceProcedures(directory);
    expect(others).toEqual([]);
    const compiled = await compileBpmn(procedure!.xml, { taskTypes: TASK_TYPES, forms: procedure!.forms });
    expect(compiled.errors).toEqual([]);
    const model = compiled.model!;
    expect(model.procedureKind).toBe('government-procurement-open');
    expect(model.taskTypes).toEqual(expect.arrayContaining(['deposits.collect', 'awards.issueNotice', 'deposits.refundUnsuccessful', 'fees.charge', 'deposits.refund']));
    expect(Object.values(model.nodes).map((n) => n.kind).filter((k) => k === 'timerCatch' || k === 'boundaryEvent')).toEqual([]);
  });
});
