// The committed reference procedures are exactly what their specs build, and each compiles with its forms.
// GGZY_UPDATE_FIXTURES=1 rewrites the .bpmn files from the specs.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn, TASK_TYPES } from '@ggzy/process';
import { loadReferenceProcedures, referenceDirectory } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { REFERENCE_PROCEDURES } from './procedures';

const update = process.env.GGZY_UPDATE_FIXTURES === '1';

describe('reference procedures', () => {
  test.each(REFERENCE_PROCEDURES.map((spec) => [spec.id, spec] as const))('%s.bpmn is what its spec builds', (id, spec) => {
    const file = path.join(referenceDirectory(), `${id}.bpmn`);
    const xml = buildBpmn(spec);
    if (update) writeFileSync(file, xml);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(xml);
  });

  test('every committed procedure compiles with its forms and declares its procedure kind', async () => {
    const procedures = loadReferenceProcedures();
    expect(procedures.map((p) => p.file).sort()).toEqual(REFERENCE_PROCEDURES.map((s) => `${s.id}.bpmn`).sort());
    for (const p of procedures) {
      const compiled = await compileBpmn(p.xml, { taskTypes: TASK_TYPES, forms: p.forms });
      expect({ file: p.file, errors: compiled.errors }).toEqual({ file: p.file, errors: [] });
      expect(compiled.model!.procedureKind).toBeTruthy();
    }
  });
});
