// Moving open deals of a reference procedure to its new version, through the api, on SQLite and PostgreSQL: three
// 工程建设项目公开招标 deals wait at 登记审核与日程安排 of the reference version 1; the city's rules change, and version 2
// names that step anew (its id too: the old one no longer exists). The dry run says the deals cannot move without a map,
// and with the map that all can; two are moved with the reason, one stays. A moved deal shows the new step, goes on by
// version 2 — its schedule set there, its documents issued — and its trail says who moved it and why.
import { deployReferenceProcedures } from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, uploadFile, type RunningPlatform } from '../support/platform';
import { AGENT, REGISTRATION, TENDEREE } from '../support/deal-fixtures';
import { cstWorkday, until } from '../support/reference-harness';
import { constructionTenderVersion2 as version2 } from '../support/reference-versions';

jest.setTimeout(240_000);

const KEY = 'construction_open_tender';

describe.each(DATABASES)('moving open deals of a reference procedure to its new version on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown) => call(platform.baseUrl, method, path, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const deal = (workflowId: string) => as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`);
  const openTask = (workflowId: string, nodeId: string) => until(`${nodeId} open on ${workflowId}`, async () => {
    const found = (await deal(workflowId)).body.openTasks?.find((t: { nodeId: string }) => t.nodeId === nodeId);
    return found as { taskId: string; name: string } | undefined;
  });
  const migrations = `/api/process-definitions/${KEY}/990000/migrations`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployReferenceProcedures(database.db, '990000');
    platform = await startPlatform(database.db);
    for (const user of ['designer', 'designer2', 'staff', 'supervisor']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('dry run, the map, two deals moved with the reason; a moved deal goes on by version 2', async () => {
    const ids: string[] = [];
    for (const title of ['东湖市第七中学体育馆新建工程', '东湖市滨湖公园提升工程', '东湖市城北污水管网改造工程']) {
      const started = await as('staff', 'POST', '/api/process-instances', {
        processKey: KEY, variables: { title, estimateFen: 300_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 300_000_000 }] },
      });
      expect(started.status).toBe(201);
      ids.push(started.body.workflowId as string);
    }
    for (const id of ids) await openTask(id, 'review');
    const from = (await deal(ids[0]!)).body.definition.version as number;

    const v2 = version2();
    const deployed = await as('designer', 'POST', '/api/process-definitions', { ...v2, regionCode: '990000' });
    expect(deployed.status).toBe(201);
    const to = deployed.body.definition.version as number;
    expect((await as('designer2', 'POST', `/api/process-definitions/${KEY}/990000/${to}/approval`)).status).toBe(200);

    const plan = (extra: Record<string, unknown> = {}) => ({ fromVersion: from, toVersion: to, ...extra });
    const unmapped = await as('designer', 'POST', `${migrations}/dry-run`, plan());
    expect(unmapped.status).toBe(200);
    expect(unmapped.body.deals.map((d: { workflowId: string }) => d.workflowId).sort()).toEqual([...ids].sort());
    for (const d of unmapped.body.deals) expect(d).toMatchObject({ canMigrate: false, problems: [expect.objectContaining({ code: 'NODE_MISSING', nodeId: 'review' })] });
    const mapping = { review: 'registrationReview' };
    const mapped = await as('designer', 'POST', `${migrations}/dry-run`, plan({ mapping }));
    expect(mapped.body.deals.map((d: { canMigrate: boolean }) => d.canMigrate)).toEqual([true, true, true]);

    const reason = '本市规定登记审核时一并核查信用记录';
    const moved = await as('designer', 'POST', migrations, plan({ mapping, workflowIds: ids.slice(0, 2), reason }));
    expect(moved.status).toBe(200);
    expect(moved.body.results.map((r: { workflowId: string; migrated: boolean }) => [r.workflowId, r.migrated]).sort()).toEqual(ids.slice(0, 2).map((id) => [id, true]).sort());
    const review = await openTask(ids[0]!, 'registrationReview');
    expect(review.name).toBe('登记审核（含信用核查）与日程安排');
    expect((await deal(ids[0]!)).body.definition).toMatchObject({ key: KEY, version: to });
    // the third deal stays on its version, at its old step
    expect((await deal(ids[2]!)).body).toMatchObject({ definition: { version: from }, openTasks: [expect.objectContaining({ nodeId: 'review' })] });

    // the moved deal goes on by version 2: the schedule set at the renamed step, then the documents issued
    const now = Date.now();
    const openingAt = cstWorkday(now, 22, 9);
    const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
    const path = `/api/process-instances/${encodeURIComponent(ids[0]!)}`;
    expect((await as('staff', 'POST', `${path}/tasks/complete`, { taskId: review.taskId, data: {
      openingAt, openingEndsAt: openingAt.replace('T09:', 'T11:'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:', 'T17:'),
      evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(now, 7, 17), noticeBody: '东湖市第七中学体育馆新建工程现公开招标。',
      committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 5 }],
    } })).status).toBe(200);
    const issue = await openTask(ids[0]!, 'issueDocuments');
    const documentsSha256 = await uploadFile(platform.baseUrl, tokens.staff!, '招标文件.pdf', Buffer.from('招标文件'));
    expect((await as('staff', 'POST', `${path}/tasks/complete`, {
      taskId: issue.taskId, data: { documentsSha256, documentsIssuedOn: new Date(now + 8 * 3600_000).toISOString().slice(0, 10) }, onBehalf: { reason: '代理机构书面委托交易中心代为发出招标文件' },
    })).status).toBe(200);
    await until('bidding opened', async () => (await database.db('deals').where('workflow_id', ids[0]).first())?.bid_deadline_at);

    // the trail: who moved which deal, and why
    const timeline = (await as('supervisor', 'GET', `${path}/timeline`)).body.items as Array<{ kind: string; actor: string; payload: Record<string, any> }>;
    expect(timeline.find((e) => e.kind === 'process.migrated')).toMatchObject({ actor: 'designer', payload: { reason, from: { version: from }, to: { version: to } } });
    const region = await database.db('supervision_events').where('kind', 'definition.migration').select('actor', 'payload');
    expect(region.map((e: { actor: string; payload: string | object }) => ({ actor: e.actor, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload })))
      .toEqual([expect.objectContaining({ actor: 'designer', payload: expect.objectContaining({ key: KEY, reason, refused: [] }) })]);
  });
});
