// No city variant can be deployed that breaks the law: a variant of the reference tender that shortens the bidding
// period is refused by deploy (through the api) naming both elements and the article; the reference one deploys.
import { loadReferenceProcedures } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';

describe('statutory rules at deploy', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    platform = await startPlatform(database.db, { withWorker: false });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('a city variant with a 15-day bidding period is refused; the reference procedure deploys for the city', async () => {
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    const tender = loadReferenceProcedures().find((p) => p.file === 'construction_open_tender.bpmn')!;
    const shortened = tender.xml.replace(/(<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)P20D(<\/bpmn:timeDuration>)/, '$1P15D$2');
    expect(shortened).not.toBe(tender.xml);
    const refused = await deployApprovedVia(platform.baseUrl, designer, { xml: shortened, forms: tender.forms, regionCode: '990100' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEPLOY_REFUSED');
    // each problem: { path: the element, message: "CODE: text" }
    const statutory = (refused.body.error.details as Array<{ path: string; message: string }>).filter((d) => d.message.startsWith('STATUTORY_PERIOD_TOO_SHORT'));
    expect(statutory.length).toBeGreaterThan(0);
    const bidding = statutory.find((d) => d.message.includes('issueDocuments'))!;
    expect(bidding.path).toBe('openBids');
    expect(bidding.message).toMatch(/第二十四条|art\. 24|Art\. 24/);
    expect(await database.db('process_definitions').where({ process_key: 'construction_open_tender', region_code: '990100' }).first()).toBeUndefined();

    const deployed = await deployApprovedVia(platform.baseUrl, designer, { xml: tender.xml, forms: tender.forms, regionCode: '990100' });
    expect(deployed.status).toBe(201);
    expect(deployed.body.definition).toMatchObject({ key: 'construction_open_tender', regionCode: '990100', version: 1 });
  });
});
