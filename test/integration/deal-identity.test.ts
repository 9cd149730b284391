// Deal identity: a deal code names one deal of one city, forever. The sequence that once corrupted a deal — 东湖市
// starts a deal under a code of its choosing, a supervisor terminates it, 西山市 starts the same code and gets 东湖's
// workflow, its stored answers and its trail — now ends with two separate deals: the server allocates every code, a
// workflow id is never started twice (not even after its execution closed), every idempotency and trail key carries
// the first run's id, and each activity checks that the deal belongs to the process's region.
import { deployReferenceProcedures } from '@ggzy/domain';
import { WorkflowIdTaken } from '@ggzy/api';
import { WORKFLOW_TYPES } from '@ggzy/workflows';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { AGENT, REGISTRATION, TENDEREE } from '../support/deal-fixtures';
import { until } from '../support/reference-harness';
import { terminateWithSecondSupervisor } from '../support/termination';

const project = (title: string) => ({
  processKey: 'construction_open_tender',
  variables: { title, estimateFen: 300_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 300_000_000 }] },
});

describe.each(DATABASES)('deal identity on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployReferenceProcedures(database.db, '990000');
    platform = await startPlatform(database.db);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('a code terminated in 东湖市 and started again in 西山市 stays 东湖\'s deal; 西山 gets a deal of its own', async () => {
    const db = database.db;
    const [staff, staff2, supervisor] = await Promise.all(['staff', 'staff2', 'supervisor'].map((u) => loginAs(platform.baseUrl, u, DEMO_PASSWORD)));
    const start = (token: string, body: Record<string, unknown>) => call(platform.baseUrl, 'POST', '/api/process-instances', { token, body });
    const timelineOf = async (workflowId: string) =>
      (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`, { token: supervisor })).body.items as Array<{ kind: string; payload: Record<string, unknown> }>;

    // a code chosen by the caller is refused before anything starts
    const chosen = await start(staff, { ...project('东湖市滨湖路改造工程'), dealCode: 'REUSE-0001' });
    expect(chosen.status).toBe(400);
    expect(chosen.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.dealCode', message: expect.stringMatching(/allocated by the server/) }] });
    expect(Number((await db('deal_code_counters').sum('last_value as n').first())?.n ?? 0)).toBe(0); // no code spent

    // 东湖市 starts a deal; the server allocates its code; the supervisor terminates it
    const east = await start(staff, project('东湖市滨湖路改造工程'));
    expect(east.status).toBe(201);
    const eastCode = east.body.dealCode as string;
    expect(eastCode).toMatch(/^990100-\d{4}-JS-\d{5}$/);
    const eastWorkflow = east.body.workflowId as string;
    await until('东湖\'s deal registered', async () => (await db('deals').where('deal_code', eastCode).first())?.status === 'registered');
    const terminated = await terminateWithSecondSupervisor(platform.baseUrl, eastWorkflow, { token: supervisor, directiveId: `d-terminate-${eastCode}`, reason: '招标人撤回项目' });
    expect(terminated.body).toMatchObject({ lifecycle: 'terminated' });
    await until('东湖\'s deal terminated', async () => (await db('deals').where('deal_code', eastCode).first())?.status === 'terminated');
    await until('the termination projected', async () => (await timelineOf(eastWorkflow)).some((e) => e.kind === 'process.terminated'));
    const eastTimeline = await timelineOf(eastWorkflow);
    const eastEvents = await db('supervision_events').where('deal_code', eastCode).orderBy('seq');

    // 西山市 names the same code: refused; started without one, it gets a code of its own city
    const reused = await start(staff2, { ...project('西山市体育馆维修工程'), dealCode: eastCode });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('VALIDATION_FAILED');
    const west = await start(staff2, project('西山市体育馆维修工程'));
    expect(west.status).toBe(201);
    const westCode = west.body.dealCode as string;
    expect(westCode).toMatch(/^990200-\d{4}-JS-\d{5}$/);
    expect(west.body.workflowId).toBe(`deal-${westCode}`);
    await until('西山\'s deal registered', async () => (await db('deals').where('deal_code', westCode).first())?.status === 'registered');
    await until('西山\'s first task in its inbox', async () => {
      const inbox = await call(platform.baseUrl, 'GET', `/api/tasks?workflowId=${encodeURIComponent(west.body.workflowId)}`, { token: staff2 });
      return inbox.body.items.length > 0;
    });

    // a second execution under 东湖's workflow id is refused by Temporal, though the first one has closed
    await expect(platform.temporal.startUnique(WORKFLOW_TYPES.process, { workflowId: eastWorkflow, args: [{}], searchAttributes: [] }))
      .rejects.toBeInstanceOf(WorkflowIdTaken);

    // 东湖's deal is untouched: its row, its trail, its supervisor's view
    expect(await db('deals').where('deal_code', eastCode).first()).toMatchObject({ region_code: '990100', status: 'terminated', workflow_id: eastWorkflow });
    expect(await db('supervision_events').where('deal_code', eastCode).orderBy('seq')).toEqual(eastEvents);
    expect(await timelineOf(eastWorkflow)).toEqual(eastTimeline);
    const eastState = await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(eastWorkflow)}`, { token: supervisor });
    expect(eastState.status).toBe(200);
    expect(eastState.body).toMatchObject({ regionCode: '990100', dealCode: eastCode, lifecycle: 'terminated' });

    // 西山's deal has its own registration, timeline and keys, and nobody in 东湖 sees it
    expect(await db('deals').where('deal_code', westCode).first()).toMatchObject({ region_code: '990200', workflow_id: `deal-${westCode}`, title: '西山市体育馆维修工程' });
    const westEvents = await db('supervision_events').where('chain_key', westCode).orderBy('seq');
    expect(westEvents.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['process.started', 'deal.registered']));
    expect(westEvents.every((e: { deal_code: string; region_code: string }) => e.deal_code === westCode && e.region_code === '990200')).toBe(true);
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(west.body.workflowId)}`, { token: supervisor })).status).toBe(404);

    // every key a deal's steps wrote starts with its workflow id and its first run's id
    for (const [workflowId, events] of [[eastWorkflow, eastEvents], [west.body.workflowId as string, westEvents]] as const) {
      const { runId } = await platform.temporal.client.workflow.getHandle(workflowId).describe();
      expect(events.length).toBeGreaterThan(1);
      expect(events.every((e: { idempotency_key: string }) => e.idempotency_key.startsWith(`${workflowId}@${runId}:`))).toBe(true);
      const runs = await db('activity_runs').where('workflow_id', workflowId).select('idempotency_key');
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r: { idempotency_key: string }) => r.idempotency_key.startsWith(`${workflowId}@${runId}:`))).toBe(true);
    }

    // the database restored from an older backup: its counter hands out 西山's code again — skipped, never reused
    await db('deal_code_counters').where({ region_code: '990200', kind_code: 'JS' }).decrement('last_value', 1);
    const afterRestore = await start(staff2, project('西山市图书馆维修工程'));
    expect(afterRestore.status).toBe(201);
    expect(afterRestore.body.dealCode).not.toBe(westCode);
    expect(afterRestore.body.dealCode).toMatch(/^990200-\d{4}-JS-\d{5}$/);
    await until('the new deal registered', async () => (await db('deals').where('deal_code', afterRestore.body.dealCode).first())?.status === 'registered');
    expect(await db('deals').where('deal_code', westCode).first()).toMatchObject({ title: '西山市体育馆维修工程', workflow_id: `deal-${westCode}` });
  });
});
