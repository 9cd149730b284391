// Deploy, version and run BPMN processes through the api on the real server: the city variant or the provincial
// default at start, running instances stay on their version, region scope, engine refusals as clear errors.
import { buildBpmn, type ProcessSpec } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';

const registration = (extra: boolean): ProcessSpec => ({
  id: 'registration_demo',
  name: '受理登记',
  nodes: [
    { id: 'start', type: 'startEvent' },
    { id: 'accept', type: 'userTask', role: 'staff', formKey: 'accept' },
    ...(extra ? [{ id: 'cityCheck', type: 'serviceTask' as const, taskType: 'demo.echo', inputs: { checked: 'true' } }] : []),
    { id: 'end', type: 'endEvent' },
  ],
  flows: extra ? [['start', 'accept'], ['accept', 'cityCheck'], ['cityCheck', 'end']] : [['start', 'accept'], ['accept', 'end']],
});
const FORMS = { accept: { type: 'object', properties: { projectName: { type: 'string', required: true } } } };

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

describe.each(DATABASES)('processes through the api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let designer: string;
  let staff: string;
  let staff2: string;
  let supervisor: string;
  const suffix = `${_name === 'SQLite' ? 'S' : 'P'}${Date.now().toString().slice(-6)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
    [designer, staff, staff2, supervisor] = await Promise.all(['designer', 'staff', 'staff2', 'supervisor'].map((u) => loginAs(platform.baseUrl, u, DEMO_PASSWORD)));
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const openTask = async (workflowId: string, token: string) => until(async () => {
    const s = await call(platform.baseUrl, 'GET', `/api/process-instances/${workflowId}`, { token });
    return s.body.openTasks?.[0] as { taskId: string; nodeId: string } | undefined;
  }, 'an open task');

  test('deploy: versions are immutable, the same content is idempotent, a bad model is refused with every problem', async () => {
    const v1 = await deployApprovedVia(platform.baseUrl, designer, { xml: buildBpmn(registration(false)), forms: FORMS, regionCode: '990000' });
    expect(v1.status).toBe(201);
    expect(v1.body.definition).toMatchObject({ key: 'registration_demo', regionCode: '990000', version: 1 });
    const again = await call(platform.baseUrl, 'POST', '/api/process-definitions', { token: designer, body: { xml: buildBpmn(registration(false)), forms: FORMS, regionCode: '990000' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, definition: { version: 1, hash: v1.body.definition.hash } });

    const broken = buildBpmn(registration(true)).replace('ggzy:taskType="demo.echo"', 'ggzy:taskType="nope"').replace('formKey="accept"', 'formKey="missing"');
    const refused = await call(platform.baseUrl, 'POST', '/api/process-definitions', { token: designer, body: { xml: broken, forms: FORMS, regionCode: '990100' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEPLOY_REFUSED');
    expect(refused.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['accept', 'cityCheck']);

    const staffDeploy = await call(platform.baseUrl, 'POST', '/api/process-definitions', { token: staff, body: { xml: buildBpmn(registration(false)) } });
    expect(staffDeploy.status).toBe(403);
  });

  test('a start resolves the city variant, else the provincial default; other cities cannot see the deal', async () => {
    const variant = await deployApprovedVia(platform.baseUrl, designer, { xml: buildBpmn(registration(true)), forms: FORMS, regionCode: '990100' });
    expect(variant.status).toBe(201);
    const inCity = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo' } });
    expect(inCity.status).toBe(201);
    expect(inCity.body.definition).toMatchObject({ regionCode: '990100', version: 1 });
    const otherCity = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff2, body: { processKey: 'registration_demo' } });
    expect(otherCity.body.definition).toMatchObject({ regionCode: '990000', version: 1 });

    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${inCity.body.workflowId}`, { token: staff2 })).status).toBe(404);
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${inCity.body.workflowId}`, { token: supervisor })).status).toBe(200);
    const unknown = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'no_such_process' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DEFINITION_NOT_FOUND');
    // a procedure that starts only on a signal is not started by hand, and no deal code is spent on it
    const onSignal = buildBpmn({
      id: 'on_signal_demo', nodes: [{ id: 'onPolicy', type: 'signalStart', signal: '政策调整' }, { id: 'recheck', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }],
      flows: [['onPolicy', 'recheck'], ['recheck', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml: onSignal, regionCode: '990000' })).status).toBe(201);
    const counters = await database.db('deal_code_counters').select();
    const byHand = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'on_signal_demo' } });
    expect([byHand.status, byHand.body.error.code]).toEqual([409, 'PROCESS_STARTS_BY_EVENT']);
    expect(await database.db('deal_code_counters').select()).toEqual(counters);

    // a message published in a city starts a deal of each procedure there with that message start event, once
    const onMessage = buildBpmn({
      id: 'on_message_demo', name: '招标计划备案后受理',
      nodes: [{ id: 'planFiled', type: 'messageStart', message: 'tender_plan_filed' }, { id: 'prepare', type: 'userTask', role: 'staff', name: '准备受理' }, { id: 'end', type: 'endEvent' }],
      flows: [['planFiled', 'prepare'], ['prepare', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml: onMessage, regionCode: '990000' })).status).toBe(201);
    const message = { name: 'tender_plan_filed', messageId: `plan-${Date.now()}`, variables: { title: '东湖市城东学校新建工程' } };
    const published = await call(platform.baseUrl, 'POST', '/api/messages', { token: staff, body: message });
    expect(published.status).toBe(200);
    expect(published.body.deals).toEqual([expect.objectContaining({ processKey: 'on_message_demo', started: true, dealCode: expect.stringMatching(/^990100-/) })]);
    const byMessage = published.body.deals[0].workflowId as string;
    const prepared = await until(async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${byMessage}`, { token: staff })).body.openTasks?.[0], 'the deal started by the message');
    expect(prepared).toMatchObject({ nodeId: 'prepare', name: '准备受理' });
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${byMessage}`, { token: staff })).body).toMatchObject({ visited: ['planFiled', 'prepare'], variables: { title: '东湖市城东学校新建工程' } });
    // published again: the same deal, none new; in another city: a deal of that city
    expect((await call(platform.baseUrl, 'POST', '/api/messages', { token: staff, body: message })).body.deals).toEqual([expect.objectContaining({ workflowId: byMessage, started: false })]);
    const elsewhere = await call(platform.baseUrl, 'POST', '/api/messages', { token: staff2, body: message });
    expect(elsewhere.body.deals).toEqual([expect.objectContaining({ started: true, dealCode: expect.stringMatching(/^990200-/) })]);
    expect((await call(platform.baseUrl, 'POST', '/api/messages', { token: staff, body: { ...message, name: '无人订阅', messageId: `none-${Date.now()}` } })).body.deals).toEqual([]);
    expect((await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'on_message_demo' } })).body.error.code).toBe('PROCESS_STARTS_BY_EVENT');

    // conditional start events (Camunda 8.9): an evaluation in a city starts a deal of each procedure whose condition
    // holds for its variables, once; variables under which it does not hold start none
    const onCondition = buildBpmn({
      id: 'on_condition_demo', name: '大额项目重点监管',
      nodes: [
        { id: 'large', type: 'triggeredStart', trigger: 'conditional', value: 'estimateFen >= 100000000000' },
        { id: 'watch', type: 'userTask', role: 'staff', name: '重点监管登记' }, { id: 'end', type: 'endEvent' },
      ],
      flows: [['large', 'watch'], ['watch', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml: onCondition, regionCode: '990000' })).status).toBe(201);
    const small = await call(platform.baseUrl, 'POST', '/api/conditional-starts', { token: staff, body: { evaluationId: `small-${Date.now()}`, variables: { estimateFen: 5_000_000_00 } } });
    expect([small.status, small.body.deals]).toEqual([200, []]);
    const evaluation = { evaluationId: `large-${Date.now()}`, variables: { estimateFen: 1_200_000_000_00, title: '东湖市新机场航站楼工程' } };
    const large = await call(platform.baseUrl, 'POST', '/api/conditional-starts', { token: staff, body: evaluation });
    expect(large.body.deals).toEqual([expect.objectContaining({ processKey: 'on_condition_demo', started: true, dealCode: expect.stringMatching(/^990100-/) })]);
    const byCondition = large.body.deals[0].workflowId as string;
    const watched = await until(async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${byCondition}`, { token: staff })).body.openTasks?.[0], 'the deal started by the condition');
    expect(watched).toMatchObject({ nodeId: 'watch', name: '重点监管登记' });
    expect((await call(platform.baseUrl, 'POST', '/api/conditional-starts', { token: staff, body: evaluation })).body.deals).toEqual([expect.objectContaining({ workflowId: byCondition, started: false })]);
    const malformed = await call(platform.baseUrl, 'POST', '/api/conditional-starts', { token: staff, body: { evaluationId: 'x', variables: {} } });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('the deal\'s variables by role: no deal for the designer and the administrator, secrets masked for the others', async () => {
    const [admin, auditor] = await Promise.all(['admin', 'auditor'].map((u) => loginAs(platform.baseUrl, u, DEMO_PASSWORD)));
    const variables = {
      projectTitle: '示范变量工程', payer: { creditCode: '91990100MA0000009X', basicAccount: '6222000099990001' }, bidPriceFen: 123_456_789,
      sealedBid: { ciphertext: 'abc' }, gatewayPassword: 'p@ss',
    };
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo', variables } });
    expect(started.status).toBe(201);
    const path = `/api/process-instances/${started.body.workflowId}`;
    const task = await openTask(started.body.workflowId, staff);
    for (const token of [staff, supervisor, auditor]) {
      const seen = await call(platform.baseUrl, 'GET', path, { token });
      expect(seen.status).toBe(200);
      expect(seen.body.variables).toEqual({
        projectTitle: '示范变量工程', payer: { creditCode: '91990100MA0000009X', basicAccount: '******' }, bidPriceFen: '******', sealedBid: '******', gatewayPassword: '******',
      });
      expect(seen.body.variableDisclosure).toEqual({ level: 'masked', masked: ['payer.basicAccount', 'bidPriceFen', 'sealedBid', 'gatewayPassword'] });
    }
    // those who draw the procedures and run the platform read no deal at all (三权分立): not its state, not its trail
    for (const token of [designer, admin]) {
      for (const read of [path, `${path}/timeline`, '/api/process-instances']) {
        const seen = await call(platform.baseUrl, 'GET', read, { token });
        expect([seen.status, seen.body.error.code]).toEqual([403, 'FORBIDDEN']);
        expect(JSON.stringify(seen.body)).not.toMatch(/示范变量工程|91990100MA0000009X|6222000099990001|123456789/);
      }
    }
    expect((await call(platform.baseUrl, 'POST', `${path}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: { projectName: '示范' } } })).status).toBe(200);
  });

  test('a running instance stays on its version while new starts take the new one', async () => {
    const running = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo' } });
    const task = await openTask(running.body.workflowId, staff);
    // a v2 for the city: without the city check
    const v2 = await deployApprovedVia(platform.baseUrl, designer, { xml: buildBpmn(registration(false)), forms: FORMS, regionCode: '990100' });
    expect(v2.body.definition.version).toBe(2);
    const fresh = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo' } });
    expect(fresh.body.definition.version).toBe(2);

    const incomplete = await call(platform.baseUrl, 'POST', `/api/process-instances/${running.body.workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: {} } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error).toMatchObject({ code: 'FORM_INVALID', details: [{ path: 'body.data.projectName', code: 'required' }] });
    const done = await call(platform.baseUrl, 'POST', `/api/process-instances/${running.body.workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: { projectName: '示范工程' } } });
    expect(done.status).toBe(200);
    expect(done.body.openTasks).toEqual([]);
    const result = await platform.temporal.client.workflow.getHandle(running.body.workflowId).result();
    expect(result.visited).toEqual(['start', 'accept', 'cityCheck', 'end']); // v1's path, not v2's
    const again = await call(platform.baseUrl, 'POST', `/api/process-instances/${running.body.workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: { projectName: 'x' } } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PROCESS_ENDED');
  });

  test('completion checks the form the projection shows, and the deal refuses a check made against another form', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo' } });
    const workflowId = started.body.workflowId as string;
    const task = await openTask(workflowId, staff);
    await until(async () => (await database.db('process_tasks').where({ task_id: task.taskId, status: 'open' }).first()) ?? undefined, 'the task\'s row');
    const complete = (data: Record<string, unknown>) => call(platform.baseUrl, 'POST', `/api/process-instances/${workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data } });
    // the form refuses a name that is not text (the engine itself checks only required and declared fields)
    const refused = await complete({ projectName: 123 });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'FORM_INVALID']);
    // a projection behind the deal (no form on the task): the check it allows is refused by the deal, which then decides
    await database.db('process_tasks').where({ task_id: task.taskId }).update({ form_key: null });
    const behind = await complete({ projectName: 123 });
    expect([behind.status, behind.body.error.code]).toEqual([422, 'FORM_INVALID']);
    expect(behind.body.error.details).toEqual([expect.objectContaining({ path: 'body.data.projectName' })]);
    const state = await call(platform.baseUrl, 'GET', `/api/process-instances/${workflowId}`, { token: staff });
    expect(state.body.openTasks.map((t: { taskId: string }) => t.taskId)).toEqual([task.taskId]);
    expect(state.body.variables.projectName).toBeUndefined();
    // another city's staff: the deal stays invisible, whichever way it is read
    const other = await call(platform.baseUrl, 'POST', `/api/process-instances/${workflowId}/tasks/complete`, { token: staff2, body: { taskId: task.taskId, data: { projectName: '示范工程' } } });
    expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const done = await complete({ projectName: '示范工程' });
    expect(done.status).toBe(200);
    expect(done.body.openTasks).toEqual([]);
  });

  test('working-day deadlines use the calendar the administrator set for the province', async () => {
    const admin = await loginAs(platform.baseUrl, 'admin', DEMO_PASSWORD);
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const holidays = [day(1), day(2), day(3)];
    for (const year of new Set(holidays.map((d) => d.slice(0, 4)))) {
      const put = await call(platform.baseUrl, 'PUT', `/api/work-calendars/990000/${year}`, { token: admin, body: { holidays: holidays.filter((d) => d.startsWith(year)), workdays: [] } });
      expect(put.status).toBe(204);
    }
    const weekdayAsWorkday = await call(platform.baseUrl, 'PUT', '/api/work-calendars/990000/2030', { token: admin, body: { holidays: [], workdays: ['2030-10-09'] } });
    expect(weekdayAsWorkday.status).toBe(400);
    expect(weekdayAsWorkday.body.error.details[0].message).toMatch(/not a weekend day/);
    expect((await call(platform.baseUrl, 'PUT', '/api/work-calendars/990000/2030', { token: staff, body: { holidays: [], workdays: [] } })).status).toBe(403);

    const xml = buildBpmn({ id: 'objection_answer', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'answer', type: 'userTask', role: 'staff', due: 'P2D', calendar: 'working' }, { id: 'end', type: 'endEvent' }], flows: [['start', 'answer'], ['answer', 'end']] });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml, regionCode: '990000' })).status).toBeLessThan(300);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'objection_answer' } });
    const state = await until(async () => {
      const s = await call(platform.baseUrl, 'GET', `/api/process-instances/${started.body.workflowId}`, { token: staff });
      return s.body.openTasks?.length ? s.body : undefined;
    }, 'the answer task');
    const opened = Date.parse(state.openTasks[0].openedAt);
    const due = Date.parse(state.openTasks[0].dueAt);
    // two working days after three holidays: at least five calendar days later
    expect(due - opened).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(due - opened).toBeLessThanOrEqual(9 * 86_400_000);
  });

  test('the inbox lists my open tasks from the projection; a suspended deal refuses completion with a clear message', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'registration_demo' } });
    const task = await openTask(started.body.workflowId, staff);
    const listed = await until(async () => {
      const inbox = await call(platform.baseUrl, 'GET', '/api/tasks', { token: staff });
      return inbox.body.items.find((t: { taskId: string }) => t.taskId === task.taskId);
    }, 'the task row');
    expect(listed).toMatchObject({ workflowId: started.body.workflowId, nodeId: 'accept', candidateRole: 'staff', regionCode: '990100' });
    const otherInbox = await call(platform.baseUrl, 'GET', '/api/tasks', { token: staff2 });
    expect(otherInbox.body.items.find((t: { taskId: string }) => t.taskId === task.taskId)).toBeUndefined();

    const suspend = await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/directives`, { token: supervisor, body: { directiveId: `dir-suspend-${suffix}`, kind: 'suspend', reason: '接到投诉' } });
    expect(suspend.status).toBe(200);
    expect(suspend.body).toMatchObject({ lifecycle: 'suspended', applied: true });
    const repeated = await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/directives`, { token: supervisor, body: { directiveId: `dir-suspend-${suffix}`, kind: 'suspend', reason: '接到投诉' } });
    expect(repeated.body).toMatchObject({ lifecycle: 'suspended', applied: false });
    const refused = await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: { projectName: 'x' } } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PROCESS_SUSPENDED', message: '该交易已被监管暂停，暂不能办理' });
    expect((await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/directives`, { token: staff, body: { directiveId: 'dir-x-00000001', kind: 'resume', reason: 'x' } })).status).toBe(403);
    await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/directives`, { token: supervisor, body: { directiveId: `dir-resume-${suffix}`, kind: 'resume', reason: '投诉不成立' } });
    const ok = await call(platform.baseUrl, 'POST', `/api/process-instances/${started.body.workflowId}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data: { projectName: 'x' } } });
    expect(ok.status).toBe(200);

    // every step, task and directive is on the deal's timeline, in order, hash-chained
    const kinds = await until(async () => {
      const t = await call(platform.baseUrl, 'GET', `/api/process-instances/${started.body.workflowId}/timeline`, { token: supervisor });
      const list = t.body.items.map((e: { kind: string }) => e.kind);
      return list.includes('process.completed') ? t.body.items : undefined;
    }, 'the completed timeline');
    expect(kinds.map((e: { kind: string }) => e.kind)).toEqual([
      'process.started', 'task.opened', 'directive.suspend', 'directive.resume', 'task.completed', 'process.completed',
    ]);
    expect(kinds.find((e: { kind: string }) => e.kind === 'directive.suspend')).toMatchObject({ actor: 'supervisor', payload: { reason: '接到投诉' } });
    expect(kinds.find((e: { kind: string }) => e.kind === 'task.completed')).toMatchObject({ actor: 'staff' });
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${started.body.workflowId}/timeline`, { token: staff2 })).status).toBe(404);
  });
});
