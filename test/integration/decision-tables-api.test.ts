// Decision tables through the api, on SQLite and PostgreSQL: a DMN file with mistakes is refused cell by cell (zh-CN
// and en) with nothing stored; a city's own table waits for a second person and, until approved, no deal of the city
// uses it — its business rule task keeps deciding by the province's table — while a designer can already try it; the
// designer who deployed it cannot approve it; once approved the city's next deal decides by it. A procedure whose
// business rule task names a table deployed nowhere is deployed with a warning, not refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveDecision } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { deployApprovedVia, deployDecisionsApproved } from '../support/definitions';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

jest.setTimeout(180_000);

const KEY = 'procurement_committee_size';
const REFERENCE = readFileSync(path.join(__dirname, '..', '..', 'process', 'reference', 'decisions', `${KEY}.dmn`), 'utf8');
/** 东湖市's stricter table: never fewer than 7 members. */
const CITY_TABLE = REFERENCE.replace('<outputEntry id="r4_out"><text>5</text>', '<outputEntry id="r4_out"><text>7</text>');
const BROKEN = REFERENCE
  .replace('<inputEntry id="r1_budget"><text>&gt;= 1000000000</text>', '<inputEntry id="r1_budget"><text>&gt;= &gt;= 5</text>')
  .replace('<outputEntry id="r2_out"><text>7</text>', '<outputEntry id="r2_out"><text>7 +</text>');
const UNIQUE = REFERENCE.replace('hitPolicy="FIRST"', 'hitPolicy="UNIQUE"');

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

describe.each(DATABASES)('decision tables through the api on %s', (name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const processKey = `sizing_${name === 'SQLite' ? 's' : 'p'}${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    // the province's reviewed table, as the platform's start deploys it
    await deployDecisionsApproved(database.db, { xml: REFERENCE, regionCode: '990000', deployedBy: null });
    platform = await startPlatform(database.db);
    for (const user of ['designer', 'designer2', 'admin', 'staff', 'staff2']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const as = (who: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    call(platform.baseUrl, method, url, { token: tokens[who], ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const rows = async () => Number((await database.db('decision_definitions').count('* as n').first())!.n);
  const trail = async (kind: string) => (await database.db('supervision_events').where('kind', kind).orderBy('seq').select('actor', 'region_code', 'payload'))
    .map((e: { actor: string; region_code: string; payload: string | object }) => ({ actor: e.actor, region: e.region_code, payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> }))
    .filter((e) => e.payload.key === KEY);
  /** Starts a deal of the sizing procedure in 东湖市 and answers the committee size its business rule task decided. */
  async function decidedSize(variables: Record<string, unknown>): Promise<unknown> {
    const started = await as('staff', 'POST', '/api/process-instances', { processKey, variables });
    expect(started.status).toBe(201);
    const state = await until('the sizing task done', async () => {
      const res = await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(started.body.workflowId)}`);
      return res.status === 200 && res.body.openTasks.length > 0 ? res.body : undefined;
    });
    return state.variables.committeeSize;
  }

  test('a file with mistakes is refused with each cell\'s problem, in both languages, and nothing is stored', async () => {
    const before = await rows();
    const refused = await as('designer', 'POST', '/api/decision-definitions', { xml: BROKEN, regionCode: '990100' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'DECISION_DEPLOY_REFUSED']);
    expect(refused.body.error.message).toBe('决策表未通过校验，未部署');
    expect(refused.body.error.details.map((d: { path: string; code: string }) => `${d.code}@${d.path}`).sort()).toEqual(['DMN_BAD_ENTRY@budget_10m_minimum', 'DMN_BAD_ENTRY@budget_10m_requested']);
    expect(refused.body.error.details[0].message).toMatch(/^DMN_BAD_ENTRY: 条目错误/);
    const en = await as('designer', 'POST', '/api/decision-definitions', { xml: BROKEN, regionCode: '990100' }, { 'accept-language': 'en' });
    expect(en.body.error.details[0].message).toMatch(/^DMN_BAD_ENTRY: Bad entry/);
    expect((await as('designer', 'POST', '/api/decision-definitions', { xml: '<nope', regionCode: '990100' })).body.error.details.map((d: { code: string }) => d.code)).toEqual(['XML_MALFORMED']);
    expect((await as('designer', 'POST', '/api/decision-definitions', { regionCode: '990100' })).status).toBe(400);
    expect((await as('staff', 'POST', '/api/decision-definitions', { xml: CITY_TABLE })).status).toBe(403);
    expect((await as('designer', 'POST', '/api/decision-definitions', { xml: CITY_TABLE, regionCode: '123456' })).status).toBe(403);
    expect(await rows()).toBe(before);
  });

  test('a procedure naming a table deployed nowhere is deployed with a warning; one the province has, without', async () => {
    const spec = (decisionRef: string, id: string) => buildBpmn({
      id, nodes: [
        { id: 'start', type: 'startEvent' }, { id: 'size', type: 'businessRuleTask', decisionRef, resultVariable: 'committeeSize' },
        { id: 'review', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' },
      ], flows: [['start', 'size'], ['size', 'review'], ['review', 'end']],
    });
    const missing = await as('designer', 'POST', '/api/process-definitions', { xml: spec('no_such_table', `${processKey}_x`), regionCode: '990100' });
    expect(missing.status).toBe(201);
    expect(missing.body.warnings).toEqual([expect.objectContaining({ code: 'DECISION_NOT_DEPLOYED', category: 'binding', element: 'size' })]);
    const known = await deployApprovedVia(platform.baseUrl, tokens.designer!, { xml: spec(KEY, processKey), regionCode: '990100' });
    expect(known.status).toBe(201);
    expect(known.body.warnings).toEqual([]);
  });

  test('a city\'s table waits for review and decides no deal until approved; its deployer cannot approve it; a designer can try it meanwhile', async () => {
    expect(await decidedSize({ estimateFen: 50_000_000, committeeSize: 3 })).toBe(5); // the province's table

    const deployed = await as('designer', 'POST', '/api/decision-definitions', { xml: CITY_TABLE, regionCode: '990100' });
    expect(deployed.status).toBe(201);
    expect(deployed.body.decisions).toEqual([{ decision: expect.objectContaining({ key: KEY, regionCode: '990100', version: 1 }), status: 'pending', created: true }]);
    const again = await as('designer', 'POST', '/api/decision-definitions', { xml: CITY_TABLE, regionCode: '990100' });
    expect([again.status, again.body.created, again.body.decisions[0].decision.version]).toEqual([200, false, 1]);

    // pending: no deal of the city decides by it
    expect((await resolveDecision(database.db, KEY, '990100')).decision).toMatchObject({ regionCode: '990000', version: 1 });
    expect(await decidedSize({ estimateFen: 50_000_000, committeeSize: 3 })).toBe(5);

    const listed = await as('designer2', 'GET', `/api/decision-definitions?key=${KEY}`);
    expect(listed.body.items.map((v: { regionCode: string; version: number; status: string; deployedBy: string | null; hitPolicy: string }) => [v.regionCode, v.version, v.status, v.deployedBy, v.hitPolicy]))
      .toEqual([['990000', 1, 'active', null, 'FIRST'], ['990100', 1, 'pending', 'designer', 'FIRST']]);
    // 西山市 sees the province's table, never 东湖市's
    expect((await as('staff2', 'GET', '/api/decision-definitions')).body.items.map((v: { regionCode: string }) => v.regionCode)).toEqual(['990000']);
    expect((await as('staff2', 'GET', `/api/decision-definitions/${KEY}/990100/1`)).status).toBe(404);
    const one = await as('staff', 'GET', `/api/decision-definitions/${KEY}/990100/1`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ status: 'pending', deployedBy: 'designer', xml: CITY_TABLE, model: { key: KEY, hitPolicy: 'FIRST' } });
    expect(one.body.model.rules.map((r: { id: string }) => r.id)).toEqual(['budget_10m_requested', 'budget_10m_minimum', 'requested', 'minimum']);

    // try it: the pending version, the province's, and a file not deployed
    const tryIt = (body: unknown) => as('designer', 'POST', '/api/decision-definitions/evaluate', body);
    expect((await tryIt({ key: KEY, regionCode: '990100', version: 1, variables: { estimateFen: 50_000_000, committeeSize: 3 } })).body).toMatchObject({ result: 7, matchedRules: ['minimum'] });
    expect((await tryIt({ key: KEY, regionCode: '990000', version: 1, variables: { estimateFen: 2_000_000_000, committeeSize: 9 } })).body).toMatchObject({ result: 9, matchedRules: ['budget_10m_requested'] });
    expect((await tryIt({ xml: REFERENCE, variables: { estimateFen: 1_000_000_000, committeeSize: 5 } })).body).toMatchObject({ key: KEY, result: 7, matchedRules: ['budget_10m_minimum'] });
    const conflict = await tryIt({ xml: UNIQUE, variables: { estimateFen: 1_000_000_000, committeeSize: 9 } });
    expect([conflict.status, conflict.body.error.code, conflict.body.error.details[0].code]).toEqual([422, 'DECISION_EVALUATION_FAILED', 'DECISION_NOT_UNIQUE']);
    const invalid = await tryIt({ xml: BROKEN, variables: {} });
    expect([invalid.status, invalid.body.error.code, invalid.body.error.details.length]).toEqual([422, 'DECISION_INVALID', 2]);
    expect((await tryIt({ xml: REFERENCE, key: 'other', variables: {} })).status).toBe(400);
    expect((await tryIt({ key: KEY, regionCode: '990100', version: 9, variables: {} })).status).toBe(404);
    expect((await as('designer', 'POST', '/api/decision-definitions/evaluate', { key: KEY, regionCode: '990100', version: 1 })).status).toBe(400);
    expect((await as('staff', 'POST', '/api/decision-definitions/evaluate', { xml: REFERENCE, variables: {} })).status).toBe(403);

    // four eyes
    const review = (who: string, decision: 'approval' | 'rejection', version = 1, body?: unknown, headers?: Record<string, string>) =>
      as(who, 'POST', `/api/decision-definitions/${KEY}/990100/${version}/${decision}`, body, headers);
    const self = await review('designer', 'approval');
    expect([self.status, self.body.error.code]).toEqual([409, 'DEFINITION_SELF_APPROVAL']);
    expect(self.body.error.message).toContain('不能审核自己部署的决策表版本');
    expect((await review('designer', 'approval', 1, undefined, { 'accept-language': 'en' })).body.error.message).toMatch(/decision table version you deployed/);
    expect((await review('designer', 'rejection', 1, { reason: '自己驳回自己' })).body.error.code).toBe('DEFINITION_SELF_APPROVAL');
    expect((await review('staff', 'approval')).status).toBe(403);
    expect((await review('designer2', 'approval', 9)).status).toBe(404);
    expect(await decidedSize({ estimateFen: 50_000_000, committeeSize: 3 })).toBe(5);

    const approved = await review('designer2', 'approval');
    expect([approved.status, approved.body.status]).toEqual([200, 'active']);
    expect((await review('admin', 'approval')).body.error.code).toBe('DEFINITION_NOT_PENDING');
    expect(await decidedSize({ estimateFen: 50_000_000, committeeSize: 3 })).toBe(7); // the city's own table now
    expect((await trail('decision.approved')).filter((e) => e.region === '990100').map((e) => [e.actor, e.payload.version, e.payload.role])).toEqual([['designer2', 1, 'designer']]);
  });

  test('a rejected version never decides, and deploying it again does not get round the review', async () => {
    const stricter = CITY_TABLE.replace('<outputEntry id="r2_out"><text>7</text>', '<outputEntry id="r2_out"><text>9</text>');
    const v2 = await as('designer', 'POST', '/api/decision-definitions', { xml: stricter, regionCode: '990100' });
    expect([v2.status, v2.body.decisions[0].status, v2.body.decisions[0].decision.version]).toEqual([201, 'pending', 2]);
    expect((await as('designer2', 'POST', `/api/decision-definitions/${KEY}/990100/2/rejection`, {})).status).toBe(400);
    const rejected = await as('admin', 'POST', `/api/decision-definitions/${KEY}/990100/2/rejection`, { reason: '超出法定人数要求' });
    expect([rejected.status, rejected.body.status]).toEqual([200, 'rejected']);
    expect((await as('designer', 'GET', `/api/decision-definitions/${KEY}/990100/2`)).body).toMatchObject({ status: 'rejected', reviewedBy: 'admin', reviewReason: '超出法定人数要求' });
    const again = await as('designer', 'POST', '/api/decision-definitions', { xml: stricter, regionCode: '990100' });
    expect([again.status, again.body.decisions[0].status, again.body.decisions[0].decision.version]).toEqual([200, 'rejected', 2]);
    expect(await decidedSize({ estimateFen: 2_000_000_000, committeeSize: 3 })).toBe(7);
    expect((await trail('decision.rejected')).map((e) => [e.actor, e.payload.reason])).toEqual([['admin', '超出法定人数要求']]);
  });
});
