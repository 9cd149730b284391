// Instance migration through the api, on SQLite and PostgreSQL: three deals run version 1 of a procedure; version 2
// renames the waiting step and adds one after it. The dry run refuses a target nobody approved yet, then tells for each
// running deal what does not map; with the map every deal can move; one deal is moved (with its reason), takes the
// new step name in the task list, goes on by version 2, and the trails of the deal and of the region say who moved it.
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';

jest.setTimeout(180_000);

describe.each(DATABASES)('moving running deals to a new version on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const key = `migrate_${_name === 'SQLite' ? 's' : 'p'}${Date.now().toString(36)}`;
  const v1 = buildBpmn({
    id: key, nodes: [{ id: 'start', type: 'startEvent' }, { id: 'review', type: 'userTask', role: 'staff', name: '审核' }, { id: 'end', type: 'endEvent' }],
    flows: [['start', 'review'], ['review', 'end']],
  });
  const v2 = buildBpmn({
    id: key,
    nodes: [{ id: 'start', type: 'startEvent' }, { id: 'check', type: 'userTask', role: 'staff', name: '复核' }, { id: 'file', type: 'userTask', role: 'staff', name: '归档登记' }, { id: 'end', type: 'endEvent' }],
    flows: [['start', 'check'], ['check', 'file'], ['file', 'end']],
  });

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
    for (const user of ['designer', 'designer2', 'staff']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const as = (who: string, method: string, path: string, body?: unknown) => call(platform.baseUrl, method, path, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const deal = (workflowId: string) => as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`);
  const openTask = (workflowId: string, nodeId: string) => until(`${nodeId} open on ${workflowId}`, async () => {
    const found = (await deal(workflowId)).body.openTasks?.find((t: { nodeId: string }) => t.nodeId === nodeId);
    return found as { taskId: string; name: string } | undefined;
  });
  const plan = (extra: Record<string, unknown> = {}) => ({ fromVersion: 1, toVersion: 2, ...extra });
  const migrations = `/api/process-definitions/${key}/990000/migrations`;

  test('dry run, then one deal moved onto version 2 and on by it; the others stay', async () => {
    expect((await as('designer', 'POST', '/api/process-definitions', { xml: v1, regionCode: '990000' })).status).toBe(201);
    expect((await as('designer2', 'POST', `/api/process-definitions/${key}/990000/1/approval`)).status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await as('staff', 'POST', '/api/process-instances', { processKey: key });
      expect(started.status).toBe(201);
      ids.push(started.body.workflowId as string);
    }
    for (const id of ids) await openTask(id, 'review');
    // the third deal finishes on version 1: it is no longer a running deal to move
    const third = await openTask(ids[2]!, 'review');
    expect((await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(ids[2]!)}/tasks/complete`, { taskId: third.taskId, data: {} })).status).toBe(200);
    await until('the third deal ended', async () => (await deal(ids[2]!)).body.lifecycle === 'completed');

    expect((await as('designer', 'POST', '/api/process-definitions', { xml: v2, regionCode: '990000' })).body.status).toBe('pending');
    const early = await as('designer', 'POST', `${migrations}/dry-run`, plan());
    expect([early.status, early.body.error.code]).toEqual([409, 'MIGRATION_TARGET_NOT_ACTIVE']);
    expect((await as('designer2', 'POST', `/api/process-definitions/${key}/990000/2/approval`)).status).toBe(200);
    expect((await as('staff', 'POST', `${migrations}/dry-run`, plan())).status).toBe(403);

    const unmapped = await as('designer', 'POST', `${migrations}/dry-run`, plan());
    expect(unmapped.status).toBe(200);
    expect(unmapped.body.deals.map((d: { workflowId: string }) => d.workflowId).sort()).toEqual(ids.slice(0, 2).sort());
    for (const d of unmapped.body.deals) expect(d).toMatchObject({ canMigrate: false, problems: [expect.objectContaining({ code: 'NODE_MISSING', nodeId: 'review' })] });
    const mapped = await as('designer', 'POST', `${migrations}/dry-run`, plan({ mapping: { review: 'check' } }));
    expect(mapped.body.deals.every((d: { canMigrate: boolean }) => d.canMigrate)).toBe(true);

    const moved = await as('designer', 'POST', migrations, plan({ mapping: { review: 'check' }, workflowIds: [ids[0]], reason: '审核环节改为复核并增加归档登记' }));
    expect(moved.status).toBe(200);
    expect(moved.body.results).toEqual([expect.objectContaining({ workflowId: ids[0], migrated: true })]);
    const check = await openTask(ids[0]!, 'check');
    expect(check.name).toBe('复核');
    expect((await deal(ids[0]!)).body.definition).toMatchObject({ key, version: 2 });
    await until('the task row and the instance row follow', async () => {
      const task = await database.db('process_tasks').where({ workflow_id: ids[0], status: 'open' }).first();
      const instance = await database.db('process_instances').where('workflow_id', ids[0]).first();
      return task?.node_id === 'check' && task?.name === '复核' && Number(instance?.version) === 2;
    });
    // the other deal is still on version 1, at its old step
    expect((await deal(ids[1]!)).body).toMatchObject({ definition: { version: 1 }, openTasks: [expect.objectContaining({ nodeId: 'review' })] });

    // the moved deal goes on by version 2: after 复核 comes the new 归档登记
    expect((await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(ids[0]!)}/tasks/complete`, { taskId: check.taskId, data: {} })).status).toBe(200);
    await openTask(ids[0]!, 'file');

    const events = async (kind: string) => (await database.db('supervision_events').where('kind', kind).select('actor', 'deal_code', 'payload'))
      .map((e: { actor: string; deal_code: string | null; payload: string | object }) => ({ ...e, payload: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown> }));
    const dealCode = moved.body.results[0].dealCode as string | null;
    const migratedEvents = await until('the deal\'s move on its trail', async () => (await events('process.migrated')).filter((e) => e.deal_code === dealCode && (e.payload.to as { version: number }).version === 2));
    expect(migratedEvents[0]).toMatchObject({ actor: 'designer', payload: { reason: '审核环节改为复核并增加归档登记', from: { version: 1 } } });
    expect((await events('definition.migration')).filter((e) => e.payload.key === key)).toEqual([
      expect.objectContaining({ actor: 'designer', payload: expect.objectContaining({ migrated: [dealCode ?? ids[0]], refused: [], reason: '审核环节改为复核并增加归档登记' }) }),
    ]);

    // moving it again under the same plan: it runs version 2 now, so it is not a running deal on version 1
    const again = await as('designer', 'POST', migrations, plan({ mapping: { review: 'check' }, workflowIds: [ids[0]], reason: '再迁移一次' }));
    expect([again.status, again.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
