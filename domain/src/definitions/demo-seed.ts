// What the demo province needs beyond users and rooms to run its reference procedures: the procedures themselves
// (provincial defaults) and a small expert library. Idempotent: a second run changes nothing.
import { DEMO_SANDBOX, Expert, ExpertSpecialty, Region, type Db } from '@ggzy/db';
import { addSpecialties, enrolExpert } from '../experts/library';
import { deployReferenceProcedures } from './reference';

const SPECIALTIES = [
  { code: 'A', parentCode: null, name: '工程建设' },
  { code: 'A01', parentCode: 'A', name: '房屋建筑工程' },
  { code: 'A02', parentCode: 'A', name: '市政公用工程' },
  { code: 'B', parentCode: null, name: '经济' },
  { code: 'B01', parentCode: 'B', name: '工程造价' },
  { code: 'C', parentCode: null, name: '政府采购' },
  { code: 'C01', parentCode: 'C', name: '货物' },
];

export async function seedDemoProcedures(db: Db, provinceCode: string): Promise<{ deployed: string[] }> {
  const deployed = await deployReferenceProcedures(db, provinceCode);
  if (!(await ExpertSpecialty.query(db).select('code').limit(1).first())) {
    await addSpecialties(db, SPECIALTIES);
    const cities = ['990100', '990200'];
    let n = 0;
    for (const city of cities) {
      for (const [specialty, kind, count] of [['A01', 'technical', 9], ['A02', 'technical', 5], ['B01', 'economic', 5], ['C01', 'technical', 7]] as const) {
        for (let i = 0; i < count; i++) {
          n++;
          await enrolExpert(db, {
            expertCode: `DEMO${String(n).padStart(4, '0')}`, name: `示范专家${n}`, kind, regionCode: city,
            mobile: `1390000${String(n).padStart(4, '0')}`, specialties: [specialty],
          });
        }
      }
    }
  }
  await seedSandboxExperts(db);
  return { deployed: deployed.filter((d) => d.created).map((d) => `${d.definition.key} v${d.definition.version}`) };
}

/** The training sandbox (演练区) draws its committees from practice experts of its own (演练专家), never from real ones. */
async function seedSandboxExperts(db: Db): Promise<void> {
  if (!(await Region.query(db).findById(DEMO_SANDBOX.code))) return;
  if (await Expert.query(db).where('region_code', DEMO_SANDBOX.code).select('id').first()) return;
  let n = 0;
  for (const [specialty, kind, count] of [['A01', 'technical', 9], ['A02', 'technical', 5], ['B01', 'economic', 5], ['C01', 'technical', 7]] as const) {
    for (let i = 0; i < count; i++) {
      n++;
      await enrolExpert(db, {
        expertCode: `YL${String(n).padStart(4, '0')}`, name: `演练专家${n}`, kind, regionCode: DEMO_SANDBOX.code,
        mobile: `1370000${String(n).padStart(4, '0')}`, specialties: [specialty],
      });
    }
  }
}
