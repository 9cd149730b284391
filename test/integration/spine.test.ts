// api → Temporal (real dev server) → worker → activity → database → api, on SQLite and on PostgreSQL.
import { WorkflowProbe } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';

describe.each(DATABASES)('platform spine on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('healthz answers ok when Temporal and the database answer', async () => {
    const res = await call(platform.baseUrl, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', db: 'ok' });
  });

  test('a workflow started through the api writes its row, and the api reads it back', async () => {
    const token = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
    const started = await call(platform.baseUrl, 'POST', '/api/probes', { token, body: { message: '受理登记探针' } });
    expect(started.status).toBe(201);
    expect(started.body.workflowId).toMatch(/^probe-/);
    const probeId = started.body.probe.id as number;

    // the row is really in the database, written by the worker's activity
    const row = await WorkflowProbe.query(database.db).findById(probeId);
    expect(row?.workflow_id).toBe(started.body.workflowId);
    expect(row?.message).toBe('受理登记探针');

    const read = await call(platform.baseUrl, 'GET', `/api/probes/${probeId}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: probeId, workflowId: started.body.workflowId, message: '受理登记探针', regionCode: '990000' });

    // the workflow ran on the real server and is indexed by its city
    const description = await platform.temporal.client.workflow.getHandle(started.body.workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.taskQueue).toBe(platform.taskQueue);
  });

  test('the activity is idempotent: a second write for the same workflow keeps one row', async () => {
    const { createActivities } = await import('@ggzy/activities');
    const activities = createActivities(database.db);
    const input = { workflowId: 'probe-idempotency', message: 'x', regionCode: '990100', createdBy: 1 };
    const first = await activities.recordProbe(input);
    const second = await activities.recordProbe({ ...input, message: 'changed' });
    expect(second).toBe(first);
    expect(await WorkflowProbe.query(database.db).where('workflow_id', 'probe-idempotency').resultSize()).toBe(1);
  });

  test('every request is authenticated and authorized', async () => {
    expect((await call(platform.baseUrl, 'POST', '/api/probes', { body: { message: 'x' } })).status).toBe(401);
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const denied = await call(platform.baseUrl, 'POST', '/api/probes', { token: staff, body: { message: 'x' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const invalid = await call(platform.baseUrl, 'POST', '/api/probes', { token: await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD), body: { message: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数不正确' });
    expect(invalid.body.error.details[0].path).toBe('body.message');
  });
});
