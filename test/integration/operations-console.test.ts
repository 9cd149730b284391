// The operations console through the api, on SQLite and PostgreSQL: a deal whose gateway finds no way out is listed
// with its cause for the system administrator, supervisors and auditors (not staff); a retry before the cause is put
// right looks again and finds the same; once staff correct the amount, the retry takes the deal on and the incident
// leaves the list; a retry with nothing to look at is refused; each retry is on the deal's trail with its reason.
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { deployApproved } from '../support/definitions';
import { incidentProcessXml } from '../support/incident-process';
import { buildBpmn } from '../support/bpmn-builder';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';

jest.setTimeout(180_000);

describe.each(DATABASES)('the operations console on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  const key = `ops_${_name === 'SQLite' ? 's' : 'p'}${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db);
    for (const user of ['admin', 'supervisor', 'supervisor2', 'auditor', 'staff', 'staff2']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
    await deployApproved(database.db, {
      xml: incidentProcessXml(key),
      regionCode: '990000', deployedBy: null,
    });
    await deployApproved(database.db, {
      xml: buildBpmn({
        id: `${key}_moves`,
        nodes: [{ id: 'start', type: 'startEvent' }, { id: 'check', type: 'userTask', role: 'staff', name: '审核' }, { id: 'recheck', type: 'userTask', role: 'staff', name: '复核' }, { id: 'end', type: 'endEvent' }],
        flows: [['start', 'check'], ['check', 'recheck'], ['recheck', 'end']],
      }),
      regionCode: '990000', deployedBy: null,
    });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const as = (who: string, method: string, path: string, body?: unknown) => call(platform.baseUrl, method, path, { token: tokens[who], ...(body !== undefined ? { body } : {}) });

  test('listed with the cause, retried after the fix, gone from the list', async () => {
    const started = await as('staff', 'POST', '/api/process-instances', { processKey: key, variables: { amount: -5, basicAccount: '6222990100000101', bidPriceFen: 12_345 } });
    expect(started.status).toBe(201);
    const workflowId = started.body.workflowId as string;
    const listed = await until('the incident listed', async () => {
      const res = await as('admin', 'GET', '/api/operations/incidents');
      return res.body.items?.find((i: { workflowId: string }) => i.workflowId === workflowId) as { incidents: string[]; dealCode: string } | undefined;
    });
    expect(listed.incidents).toEqual(['route: no outgoing condition holds and there is no default flow']);
    for (const who of ['supervisor', 'auditor']) expect((await as(who, 'GET', '/api/operations/incidents')).body.items.map((i: { workflowId: string }) => i.workflowId)).toContain(workflowId);
    expect((await as('staff', 'GET', '/api/operations/incidents')).status).toBe(403);
    expect((await as('admin', 'GET', '/api/operations/incidents?regionCode=990200')).body.items.map((i: { workflowId: string }) => i.workflowId)).not.toContain(workflowId);

    const retryPath = `/api/process-instances/${encodeURIComponent(workflowId)}/incidents/retry`;
    expect((await as('supervisor', 'POST', retryPath, { reason: '看看' })).status).toBe(403);
    expect((await as('admin', 'POST', retryPath, {})).status).toBe(400);
    // nothing was put right yet: it looks again and waits on the same incident
    const early = await as('admin', 'POST', retryPath, { reason: '确认是否仍无法分流' });
    expect([early.status, early.body.retried, early.body.incidents]).toEqual([200, 1, ['route: no outgoing condition holds and there is no default flow']]);

    const deal = await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`);
    const correct = deal.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'correct');
    expect((await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: correct.taskId, data: { amount: 500 } })).status).toBe(200);
    const fixed = await as('admin', 'POST', retryPath, { reason: '金额已由经办人更正为 500' });
    expect([fixed.status, fixed.body.retried, fixed.body.incidents]).toEqual([200, 1, []]);
    expect(fixed.body.openTasks.map((t: { nodeId: string }) => t.nodeId)).toEqual(['big']);
    await until('off the list', async () => !(await as('admin', 'GET', '/api/operations/incidents')).body.items.some((i: { workflowId: string }) => i.workflowId === workflowId));

    const again = await as('admin', 'POST', retryPath, { reason: '再试一次' });
    expect([again.status, again.body.error.code]).toEqual([409, 'NO_INCIDENT']);
    const retried = await until('the retries on the trail', async () => {
      const rows = await database.db('supervision_events').where({ deal_code: listed.dealCode, kind: 'incident.retried' }).select('actor', 'payload');
      return rows.length === 2 ? rows : undefined;
    });
    expect(retried.map((r: { actor: string; payload: string | object }) => [r.actor, (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).reason]))
      .toEqual([['admin', '确认是否仍无法分流'], ['admin', '金额已由经办人更正为 500']]);

    // the variables history: the amount as started and as staff corrected it, at its step; a bank account never
    // stored in clear; a price stored but masked for every reader until the opening; only the deal's readers see it
    const historyPath = `/api/process-instances/${encodeURIComponent(workflowId)}/variables/history`;
    const history = await until('the correction in the history', async () => {
      const res = await as('supervisor', 'GET', historyPath);
      const items = res.body.items as Array<{ name: string; value: unknown; nodeId: string | null; masked: string[]; occurredAt: string }> | undefined;
      return items?.some((c) => c.name === 'amount' && c.value === 500) ? items : undefined;
    });
    expect(history.filter((c) => c.name === 'amount').map((c) => [c.value, c.nodeId])).toEqual([[-5, null], [500, 'correct']]);
    expect(history.find((c) => c.name === 'basicAccount')).toMatchObject({ value: '******', masked: ['basicAccount'] });
    expect(history.find((c) => c.name === 'bidPriceFen')).toMatchObject({ value: '******', masked: ['bidPriceFen'] });
    const stored = await database.db('process_variable_changes').where({ workflow_id: workflowId }).orderBy('id').select('name', 'value_json');
    expect(stored.find((r: { name: string }) => r.name === 'basicAccount').value_json).toBe('"******"');
    expect(stored.find((r: { name: string }) => r.name === 'bidPriceFen').value_json).toBe('12345');
    expect((await as('staff', 'GET', historyPath)).body.items.length).toBe(history.length);
    expect((await as('admin', 'GET', historyPath)).status).toBe(403);
    expect((await as('staff2', 'GET', historyPath)).status).toBe(404);
  });

  test('a token moved back a step: asked by the system administrator, checked by the deal, confirmed by a supervisor, on the trail', async () => {
    const started = await as('staff', 'POST', '/api/process-instances', { processKey: `${key}_moves`, variables: {} });
    const workflowId = started.body.workflowId as string;
    const path = `/api/process-instances/${encodeURIComponent(workflowId)}`;
    const first = await until('审核 open', async () => (await as('staff', 'GET', path)).body.openTasks?.find((t: { nodeId: string }) => t.nodeId === 'check'));
    expect((await as('staff', 'POST', `${path}/tasks/complete`, { taskId: first.taskId, data: {} })).status).toBe(200);
    await until('复核 open', async () => (await as('staff', 'GET', path)).body.openTasks?.some((t: { nodeId: string }) => t.nodeId === 'recheck'));

    // the deal checks a move at once: no token at 审核, nor a step of another kind; only the system administrator asks
    const movesPath = `${path}/token-moves`;
    const noToken = await as('admin', 'POST', movesPath, { fromNodeId: 'check', toNodeId: 'recheck', reason: '试移' });
    expect([noToken.status, noToken.body.error.code]).toEqual([409, 'TOKEN_MOVE_REFUSED']);
    const otherKind = await as('admin', 'POST', movesPath, { fromNodeId: 'recheck', toNodeId: 'end', reason: '试移' });
    expect([otherKind.status, otherKind.body.error.code]).toEqual([409, 'TOKEN_MOVE_REFUSED']);
    expect((await as('admin', 'POST', movesPath, { fromNodeId: 'recheck', toNodeId: 'nowhere', reason: '试移' })).status).toBe(400);
    expect((await as('staff', 'POST', movesPath, { fromNodeId: 'recheck', toNodeId: 'check', reason: '试移' })).status).toBe(403);
    expect((await as('admin', 'POST', `/api/process-instances/deal-990200-unknown/token-moves`, { fromNodeId: 'recheck', toNodeId: 'check', reason: '试移' })).status).toBe(404);

    // asked, then cancelled by the one who asked; asked again, declined by a supervisor; asked again, confirmed
    const ask = () => as('admin', 'POST', movesPath, { fromNodeId: 'recheck', toNodeId: 'check', reason: '审核意见填写有误，退回重新审核' });
    const cancelled = await ask();
    expect([cancelled.status, cancelled.body.status, cancelled.body.requestedBy]).toEqual([201, 'pending', 'admin']);
    expect((await as('admin', 'POST', `/api/operations/token-moves/${cancelled.body.id}/cancel`, {})).body.status).toBe('cancelled');
    const declined = await ask();
    expect((await as('supervisor2', 'POST', `/api/operations/token-moves/${declined.body.id}/decision`, { decision: 'decline' })).body).toMatchObject({ status: 'declined', decidedBy: 'supervisor2' });
    const asked = await ask();
    expect((await as('auditor', 'GET', '/api/operations/token-moves?status=pending')).body.items.map((m: { id: number }) => m.id)).toEqual([asked.body.id]);
    expect((await as('admin', 'POST', `/api/operations/token-moves/${asked.body.id}/decision`, { decision: 'confirm' })).status).toBe(403);
    const moved = await as('supervisor', 'POST', `/api/operations/token-moves/${asked.body.id}/decision`, { decision: 'confirm' });
    expect([moved.status, moved.body.status, moved.body.decidedBy]).toEqual([200, 'moved', 'supervisor']);
    expect((await as('supervisor2', 'POST', `/api/operations/token-moves/${asked.body.id}/decision`, { decision: 'confirm' })).body.error.code).toBe('TOKEN_MOVE_NOT_PENDING');

    // the deal waits at 审核 again, with its task named so; the trail says who asked, who confirmed and why
    const back = await until('审核 open again', async () => {
      const state = (await as('staff', 'GET', path)).body;
      return state.tokens?.some((t: { nodeId: string }) => t.nodeId === 'check') ? state : undefined;
    });
    expect(back.openTasks.map((t: { nodeId: string; name: string }) => [t.nodeId, t.name])).toEqual([['check', '审核']]);
    const trail = await until('the move on the trail', async () => (await as('supervisor', 'GET', `${path}/timeline`)).body.items.find((e: { kind: string }) => e.kind === 'token.moved'));
    expect(trail).toMatchObject({ actor: 'supervisor', payload: { from: 'recheck', to: 'check', requestedBy: 'admin', confirmedBy: 'supervisor', reason: '审核意见填写有误，退回重新审核' } });
    const again = (await as('staff', 'GET', path)).body.openTasks[0];
    expect((await as('staff', 'POST', `${path}/tasks/complete`, { taskId: again.taskId, data: {} })).status).toBe(200);
    await until('复核 open again', async () => (await as('staff', 'GET', path)).body.openTasks?.some((t: { nodeId: string }) => t.nodeId === 'recheck'));
  });
});
