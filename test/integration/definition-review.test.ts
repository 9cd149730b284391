// Four eyes on procedure versions through the api, on SQLite and PostgreSQL: a deployed version waits and new deals
// keep starting on the version in effect; the designer who deployed it cannot approve it (409, zh-CN and en); a
// second designer's approval puts it in effect, a rejection (with its reason) never does; the system administrator
// approves too, a city variant included; each decision is on the trail.
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

jest.setTimeout(120_000);

describe.each(DATABASES)('four eyes on procedure versions on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const key = `review_${_name === 'SQLite' ? 's' : 'p'}${Date.now().toString(36)}`;
  const xml = (taskName: string) => buildBpmn({
    id: key, nodes: [{ id: 'start', type: 'startEvent' }, { id: 'accept', type: 'userTask', role: 'staff', name: taskName }, { id: 'end', type: 'endEvent' }],
    flows: [['start', 'accept'], ['accept', 'end']],
  });

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
    for (const user of ['designer', 'designer2', 'admin', 'staff', 'staff2']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const as = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(platform.baseUrl, method, path, { token: tokens[who], ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const deploy = (taskName: string, regionCode: string) => as('designer', 'POST', '/api/process-definitions', { xml: xml(taskName), regionCode });
  const review = (who: string, regionCode: string, version: number, decision: 'approval' | 'rejection', body?: unknown, headers?: Record<string, string>) =>
    as(who, 'POST', `/api/process-definitions/${key}/${regionCode}/${version}/${decision}`, body, headers);
  const start = (who = 'staff') => as(who, 'POST', '/api/process-instances', { processKey: key });
  const events = async (kind: string) => (await database.db('supervision_events').where('kind', kind).orderBy('seq').select('actor', 'region_code', 'payload'))
    .map((e: { actor: string; region_code: string; payload: string | object }) => ({ actor: e.actor, region: e.region_code, payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> }))
    .filter((e) => e.payload.key === key);

  test('a pending version starts no deal; its deployer cannot approve it; a second designer can', async () => {
    const v1 = await deploy('受理', '990000');
    expect([v1.status, v1.body.status, v1.body.definition.version]).toEqual([201, 'pending', 1]);
    const none = await start();
    expect([none.status, none.body.error.code]).toEqual([404, 'DEFINITION_NOT_FOUND']);
    expect((await as('staff', 'GET', `/api/process-definitions/${key}/start-schema`)).status).toBe(404);

    const self = await review('designer', '990000', 1, 'approval');
    expect([self.status, self.body.error.code]).toEqual([409, 'DEFINITION_SELF_APPROVAL']);
    expect(self.body.error.message).toContain('不能审核自己部署的流程版本');
    const selfEn = await review('designer', '990000', 1, 'approval', undefined, { 'accept-language': 'en' });
    expect(selfEn.body.error.message).toMatch(/cannot review a version you deployed/);
    expect((await review('designer', '990000', 1, 'rejection', { reason: '自己驳回自己' })).body.error.code).toBe('DEFINITION_SELF_APPROVAL');
    expect((await review('staff', '990000', 1, 'approval')).status).toBe(403);
    expect((await review('designer2', '990000', 9, 'approval')).status).toBe(404);

    const approved = await review('designer2', '990000', 1, 'approval');
    expect([approved.status, approved.body.status]).toEqual([200, 'active']);
    const started = await start();
    expect(started.status).toBe(201);
    expect(started.body.definition).toMatchObject({ key, regionCode: '990000', version: 1 });
    expect((await review('admin', '990000', 1, 'approval')).body.error.code).toBe('DEFINITION_NOT_PENDING');
    expect(await events('definition.approved')).toEqual([{ actor: 'designer2', region: '990000', payload: expect.objectContaining({ version: 1, role: 'designer' }) }]);
  });

  test('a newer version waits while new deals keep starting on the one in effect; a rejection keeps it out for good', async () => {
    const v2 = await deploy('受理（新）', '990000');
    expect([v2.status, v2.body.status, v2.body.definition.version]).toEqual([201, 'pending', 2]);
    expect((await start()).body.definition.version).toBe(1);
    const listed = await as('designer2', 'GET', `/api/process-definitions?key=${key}&status=pending`);
    expect(listed.body.items).toEqual([expect.objectContaining({ version: 2, status: 'pending', deployedBy: 'designer', reviewedBy: null })]);

    expect((await review('designer2', '990000', 2, 'rejection', {})).status).toBe(400);
    const rejected = await review('designer2', '990000', 2, 'rejection', { reason: '开标环节缺少监督人员签到' });
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
    expect((await review('admin', '990000', 2, 'approval')).body.error.code).toBe('DEFINITION_NOT_PENDING');
    expect((await start()).body.definition.version).toBe(1);
    const version = await as('designer', 'GET', `/api/process-definitions/${key}/990000/2`);
    expect(version.body).toMatchObject({ status: 'rejected', reviewedBy: 'designer2', reviewReason: '开标环节缺少监督人员签到' });
    // the same content again is the same, rejected version: no way around the review by deploying it twice
    const again = await deploy('受理（新）', '990000');
    expect([again.status, again.body.status, again.body.definition.version]).toEqual([200, 'rejected', 2]);
    expect(await events('definition.rejected')).toEqual([{ actor: 'designer2', region: '990000', payload: expect.objectContaining({ version: 2, reason: '开标环节缺少监督人员签到' }) }]);
  });

  test('a city variant waits too; the system administrator approves it and only that city\'s new deals take it', async () => {
    const variant = await deploy('东湖市受理', '990100');
    expect([variant.status, variant.body.status]).toEqual([201, 'pending']);
    expect((await start()).body.definition).toMatchObject({ regionCode: '990000', version: 1 });
    // the other city's staff cannot review; another city's administrator would not see it (region scope)
    expect((await review('staff2', '990100', 1, 'approval')).status).toBe(403);
    const approved = await review('admin', '990100', 1, 'approval');
    expect([approved.status, approved.body.status]).toEqual([200, 'active']);
    expect((await start()).body.definition).toMatchObject({ regionCode: '990100', version: 1 });
    expect((await start('staff2')).body.definition).toMatchObject({ regionCode: '990000', version: 1 });
    expect((await events('definition.approved')).map((e) => [e.actor, e.region, e.payload.role])).toEqual([['designer2', '990000', 'designer'], ['admin', '990100', 'admin']]);
    expect((await events('definition.deployed')).map((e) => e.payload.status)).toEqual(['pending', 'pending', 'pending']);
  });
});
