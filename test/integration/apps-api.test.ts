// The api the portal and designer use, on the real server and both databases: a deployed version with its XML and
// forms, claim / delegate (转办) / withdraw (撤回) / return (驳回) through the api, the deal list filtered and paged
// on the server, and the supervision feed polled with after=.
import { User, hashPassword } from '@ggzy/db';
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { runTask } from '../support/activities';
import { accept } from '../support/deal-fixtures';

const FORMS = { accept: { type: 'object', properties: { projectName: { type: 'string', required: true } } } };

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

describe.each(DATABASES)('the apps\' api on %s', (name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let designer: string;
  let staff: string;
  let colleague: string;
  let supervisor: string;
  const key = `apps_flow_${name === 'SQLite' ? 's' : 'p'}${Date.now().toString(36)}`;
  let dealCode = ''; // allocated by the server when the first deal starts

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await User.query(database.db).insert({ username: 'staffb', display_name: '东湖市工作人员乙', role: 'staff', region_code: '990100', password_hash: await hashPassword(DEMO_PASSWORD), is_demo: false });
    platform = await startPlatform(database.db);
    [designer, staff, colleague, supervisor] = await Promise.all(['designer', 'staff', 'staffb', 'supervisor'].map((u) => loginAs(platform.baseUrl, u, DEMO_PASSWORD)));
    const xml = buildBpmn({
      id: key, name: '应用接口流程',
      nodes: [
        { id: 'start', type: 'startEvent' },
        { id: 'accept', type: 'userTask', role: 'staff', formKey: 'accept', name: '受理' },
        { id: 'review', type: 'userTask', role: 'staff', returnTargets: 'accept', name: '复核' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'accept'], ['accept', 'review'], ['review', 'end']],
    });
    const deployed = await deployApprovedVia(platform.baseUrl, designer, { xml, forms: FORMS, regionCode: '990100' });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const state = (workflowId: string) => call(platform.baseUrl, 'GET', `/api/process-instances/${workflowId}`, { token: staff });
  const openTaskAt = (workflowId: string, nodeId: string, assignee: string | null = null) => until(async () => {
    const s = await state(workflowId);
    return (s.body.openTasks as Array<{ taskId: string; nodeId: string; assignee: string | null }>)
      .find((t) => t.nodeId === nodeId && t.assignee === assignee);
  }, `an open ${nodeId} task assigned to ${assignee}`);
  const act = (workflowId: string, action: string, token: string, body: Record<string, unknown>) =>
    call(platform.baseUrl, 'POST', `/api/process-instances/${workflowId}/tasks/${action}`, { token, body });

  test('a deployed version comes back with its XML, forms and compiled model', async () => {
    const version = await call(platform.baseUrl, 'GET', `/api/process-definitions/${key}/990100/1`, { token: staff });
    expect(version.status).toBe(200);
    expect(version.body.definition).toMatchObject({ key, regionCode: '990100', version: 1 });
    expect(version.body.xml).toContain(`id="${key}"`);
    expect(version.body.forms).toEqual(FORMS);
    expect(version.body.model.nodes.review.returnTargets).toEqual(['accept']);
    expect((await call(platform.baseUrl, 'GET', `/api/process-definitions/${key}/990100/2`, { token: staff })).status).toBe(404);
    const latest = await call(platform.baseUrl, 'GET', `/api/process-definitions?latest=true&regionCode=990100&key=${key}`, { token: staff });
    expect(latest.body.items).toEqual([expect.objectContaining({ key, version: 1 })]);
  });

  test('加签 through the api: a colleague signs before me and the task comes back; another after me; the step goes on after the last', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: key } });
    const workflowId = started.body.workflowId as string;
    const accept = await openTaskAt(workflowId, 'accept');
    // only a colleague (same role, same region), with a reason
    for (const signer of ['staff2', 'supervisor', 'nobody', 'staff']) {
      const refused = await act(workflowId, 'add-signer', staff, { taskId: accept.taskId, signer, mode: 'before', reason: '请复核' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ path: 'body.signer', message: 'not a colleague with the same role in the same region' }]);
    }
    expect((await act(workflowId, 'add-signer', staff, { taskId: accept.taskId, signer: 'staffb', mode: 'before', reason: ' ' })).status).toBe(400);
    expect((await act(workflowId, 'add-signer', staff, { taskId: accept.taskId, signer: 'staffb', mode: 'sideways', reason: '请复核' })).status).toBe(400);

    // before: the colleague first; the holder's task is handed over and comes back to the holder afterwards
    const before = await act(workflowId, 'add-signer', staff, { taskId: accept.taskId, signer: 'staffb', mode: 'before', reason: '请先复核' });
    expect(before.status).toBe(200);
    const signerTask = before.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'accept');
    expect(signerTask).toMatchObject({ assignee: 'staffb' });
    expect(signerTask.taskId).not.toBe(accept.taskId);
    const handedOver = await act(workflowId, 'complete', staff, { taskId: accept.taskId, data: { projectName: 'x' } });
    // closed (or, once its row is written, dropped from the workflow's state: not found)
    expect(['TASK_CLOSED', 'TASK_NOT_FOUND']).toContain(handedOver.body.error.code);
    expect((await act(workflowId, 'complete', staff, { taskId: signerTask.taskId, data: { projectName: 'x' } })).body.error.code).toBe('TASK_NOT_YOURS');
    const signed = await act(workflowId, 'complete', colleague, { taskId: signerTask.taskId, data: { projectName: '复核后的名称' } });
    expect(signed.status).toBe(200);
    const back = signed.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'accept');
    expect(back).toMatchObject({ assignee: 'staff' });

    // after: once I complete it, the colleague completes it too; only then does the process move on
    const after = await act(workflowId, 'add-signer', staff, { taskId: back.taskId, signer: 'staffb', mode: 'after', reason: '会同审核' });
    expect(after.status).toBe(200);
    expect((await act(workflowId, 'add-signer', staff, { taskId: back.taskId, signer: 'staffb', mode: 'after', reason: '再次' })).body.error.code).toBe('SIGNER_NOT_ALLOWED');
    const mine = await act(workflowId, 'complete', staff, { taskId: back.taskId, data: { projectName: '示范工程' } });
    expect(mine.body.openTasks.map((t: { nodeId: string; assignee: string }) => [t.nodeId, t.assignee])).toEqual([['accept', 'staffb']]);
    const last = mine.body.openTasks[0];
    const theirs = await act(workflowId, 'complete', colleague, { taskId: last.taskId, data: { projectName: '示范工程（会同）' } });
    expect(theirs.body.openTasks.map((t: { nodeId: string }) => t.nodeId)).toEqual(['review']);

    const events = await until(async () => {
      const t = await call(platform.baseUrl, 'GET', `/api/process-instances/${workflowId}/timeline`, { token: supervisor });
      const list = t.body.items as Array<{ kind: string; actor: string; payload: Record<string, unknown> }>;
      return list.filter((e) => e.kind === 'task.signer_added').length === 2 ? list : undefined;
    }, 'both signers on the timeline');
    expect(events.filter((e) => e.kind === 'task.signer_added').map((e) => [e.actor, e.payload.signer, e.payload.mode, e.payload.reason])).toEqual([
      ['staff', 'staffb', 'before', '请先复核'], ['staff', 'staffb', 'after', '会同审核'],
    ]);
    expect(events.some((e) => e.kind === 'task.handedOver')).toBe(true);
  });

  test('claim, delegate, withdraw and return through the api; the inbox follows', async () => {
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: key } });
    expect(started.status).toBe(201);
    const workflowId = started.body.workflowId as string;
    dealCode = started.body.dealCode as string;
    expect(dealCode).toMatch(/^990100-\d{4}-QT-\d{5}$/); // the model names no procedure kind: 其他
    expect(workflowId).toBe(`deal-${dealCode}`);
    const accept = await openTaskAt(workflowId, 'accept');

    const claimed = await act(workflowId, 'claim', staff, { taskId: accept.taskId });
    expect(claimed.status).toBe(200);
    expect(claimed.body.openTasks[0]).toMatchObject({ taskId: accept.taskId, assignee: 'staff' });
    // claimed: it is in my inbox once the projection has it, the colleague no longer sees it and cannot act on it
    await until(async () => {
      const mine = await call(platform.baseUrl, 'GET', '/api/tasks?mine=true', { token: staff });
      return mine.body.items.some((t: { taskId: string }) => t.taskId === accept.taskId) ? mine : undefined;
    }, 'the claim in the projection');
    const colleagueInbox = await call(platform.baseUrl, 'GET', `/api/tasks?workflowId=${workflowId}`, { token: colleague });
    expect(colleagueInbox.status).toBe(200);
    expect(colleagueInbox.body.items).toEqual([]);
    const notYours = await act(workflowId, 'complete', colleague, { taskId: accept.taskId, data: { projectName: 'x' } });
    expect(notYours.status).toBe(403);
    expect(notYours.body.error.code).toBe('TASK_NOT_YOURS');

    // only to a colleague: same role, same region
    for (const to of ['staff2', 'supervisor', 'nobody', 'staff']) {
      const refused = await act(workflowId, 'delegate', staff, { taskId: accept.taskId, to });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ path: 'body.to', message: 'not a colleague with the same role in the same region' }]);
    }
    const delegated = await act(workflowId, 'delegate', staff, { taskId: accept.taskId, to: 'staffb' });
    expect(delegated.status).toBe(200);
    expect(delegated.body.openTasks[0].assignee).toBe('staffb');
    const done = await act(workflowId, 'complete', colleague, { taskId: accept.taskId, data: { projectName: '示范工程' } });
    expect(done.status).toBe(200);
    const review = done.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'review');
    expect(review).toBeDefined();

    // only the one who completed it may withdraw it, while the next step is untouched: the state says so (the portal
    // offers 撤回 from it)
    expect((await state(workflowId)).body.withdrawable).toEqual([{ taskId: accept.taskId, actor: 'staffb' }]);
    const othersWithdraw = await act(workflowId, 'withdraw', staff, { taskId: accept.taskId });
    expect(othersWithdraw.status).toBe(409);
    expect(othersWithdraw.body.error.code).toBe('WITHDRAW_NOT_ALLOWED');
    const withdrawn = await act(workflowId, 'withdraw', colleague, { taskId: accept.taskId });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.openTasks.map((t: { nodeId: string }) => t.nodeId)).toEqual(['accept']);
    expect((await state(workflowId)).body.withdrawable).toEqual([]);

    const again = (withdrawn.body.openTasks as Array<{ taskId: string; assignee: string | null }>)[0]!;
    await act(workflowId, 'claim', staff, { taskId: again.taskId }).then((r) => expect(r.status).toBe(200));
    const second = await act(workflowId, 'complete', staff, { taskId: again.taskId, data: { projectName: '示范工程' } });
    const review2 = second.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'review');
    // once the next step is taken up, the completion is no longer offered back
    expect((await state(workflowId)).body.withdrawable).toEqual([{ taskId: again.taskId, actor: 'staff' }]);
    await act(workflowId, 'claim', staff, { taskId: review2.taskId }).then((r) => expect(r.status).toBe(200));
    expect((await state(workflowId)).body.withdrawable).toEqual([]);
    const badReturn = await act(workflowId, 'return', staff, { taskId: review2.taskId, targetNodeId: 'end' });
    expect(badReturn.status).toBe(409);
    expect(badReturn.body.error.code).toBe('RETURN_NOT_ALLOWED');
    const returned = await act(workflowId, 'return', staff, { taskId: review2.taskId, targetNodeId: 'accept', comment: '材料不全' });
    expect(returned.status).toBe(200);
    expect(returned.body.openTasks.map((t: { nodeId: string }) => t.nodeId)).toEqual(['accept']);

    const kinds = await until(async () => {
      const t = await call(platform.baseUrl, 'GET', `/api/process-instances/${workflowId}/timeline`, { token: supervisor });
      const list = t.body.items.map((e: { kind: string }) => e.kind) as string[];
      return list.includes('task.returned') ? list : undefined;
    }, 'the returned task on the timeline');
    expect(kinds).toEqual(expect.arrayContaining(['task.assigned', 'task.completed', 'task.withdrawn', 'task.returned']));
  });

  test('the deal list filters and pages on the server', async () => {
    const found = await until(async () => {
      const r = await call(platform.baseUrl, 'GET', `/api/process-instances?q=${dealCode}`, { token: staff });
      return r.body.total === 1 ? r : undefined;
    }, 'the deal in the list');
    // a deal whose process has not registered a project yet has no title
    expect(found.body.items[0]).toMatchObject({ dealCode, title: null, processName: '应用接口流程', processKey: key, regionCode: '990100', lifecycle: 'active', startedBy: 'staff' });
    // once registered (受理登记), the list shows the project's title and finds the deal by it
    await runTask(database.db, { ...accept, dealCode, workflowId: `deal-${dealCode}`, key: `deal-${dealCode}:accept#title` });
    const byTitle = await call(platform.baseUrl, 'GET', `/api/process-instances?q=${encodeURIComponent('第一中学教学楼')}`, { token: staff });
    expect(byTitle.body.items.map((i: { dealCode: string; title: string }) => [i.dealCode, i.title])).toEqual([[dealCode, '东湖市第一中学教学楼新建工程']]);
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${byTitle.body.items[0].workflowId}`, { token: staff })).body.title).toBe('东湖市第一中学教学楼新建工程');
    // the deals of this process so far (other tests of the file start some too), then one more
    const before = (await call(platform.baseUrl, 'GET', `/api/process-instances?processKey=${key}&limit=1`, { token: staff })).body.total as number;
    expect(before).toBeGreaterThanOrEqual(1);
    const extra = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: key } });
    expect(extra.status).toBe(201);
    const firstPage = await until(async () => {
      const r = await call(platform.baseUrl, 'GET', `/api/process-instances?processKey=${key}&limit=1`, { token: staff });
      return r.body.total === before + 1 ? r : undefined;
    }, 'the new deal in the list too');
    expect(firstPage.body.items[0].workflowId).toBe(extra.body.workflowId); // the newest first
    const secondPage = await call(platform.baseUrl, 'GET', `/api/process-instances?processKey=${key}&limit=1&offset=1`, { token: staff });
    expect(firstPage.body.items).toHaveLength(1);
    expect(secondPage.body.items).toHaveLength(1);
    expect(firstPage.body.items[0].workflowId).not.toBe(secondPage.body.items[0].workflowId);
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances?processKey=${key}&lifecycle=completed`, { token: staff })).body.total).toBe(0);
    // a LIKE wildcard in the search is a character, not a pattern
    expect((await call(platform.baseUrl, 'GET', '/api/process-instances?q=%25', { token: staff })).body.total).toBe(0);
    expect((await call(platform.baseUrl, 'GET', '/api/process-instances?lifecycle=bogus', { token: staff })).status).toBe(400);
  });

  test('the supervision feed: newest first, by kind, and nothing new after the last seen', async () => {
    // the trail is written by the processes' projections: wait until this deal's steps are in
    const feed = await until(async () => {
      const r = await call(platform.baseUrl, 'GET', '/api/supervision/events?limit=200', { token: supervisor });
      return (r.body.items as Array<{ dealCode: string | null }>).filter((e) => e.dealCode === dealCode).length > 3 ? r : undefined;
    }, 'the deal\'s events in the feed');
    expect(feed.status).toBe(200);
    const items = feed.body.items as Array<{ seq: number; kind: string; dealCode: string | null; workflowId: string | null; regionCode: string }>;
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const ours = items.filter((e) => e.dealCode === dealCode);
    expect(ours.length).toBeGreaterThan(3);
    expect(ours.every((e) => e.workflowId === `deal-${dealCode}` && e.regionCode === '990100')).toBe(true);
    // every deal started through the api has its server-allocated code on every event of its own
    const fromDeals = items.filter((e) => e.workflowId?.startsWith('deal-'));
    expect(fromDeals.length).toBeGreaterThan(0);
    expect(fromDeals.every((e) => e.dealCode === e.workflowId!.slice('deal-'.length))).toBe(true);
    const tasksOnly = await call(platform.baseUrl, 'GET', '/api/supervision/events?kind=task', { token: supervisor });
    expect(tasksOnly.body.items.length).toBeGreaterThan(0);
    expect(tasksOnly.body.items.every((e: { kind: string }) => e.kind.startsWith('task'))).toBe(true);
    // after=: exactly the events that came after (events may still be arriving from the deals above)
    const newer = await call(platform.baseUrl, 'GET', `/api/supervision/events?after=${seqs[1]}`, { token: supervisor });
    const newerSeqs = (newer.body.items as Array<{ seq: number }>).map((e) => e.seq);
    expect(newerSeqs.length).toBeGreaterThanOrEqual(1);
    expect(newerSeqs.every((s) => s > seqs[1]!)).toBe(true);
    const full = await call(platform.baseUrl, 'GET', '/api/supervision/events?limit=200', { token: supervisor });
    const upTo = Math.max(...newerSeqs);
    expect(newerSeqs).toEqual((full.body.items as Array<{ seq: number }>).map((e) => e.seq).filter((s) => s > seqs[1]! && s <= upTo));
    expect((await call(platform.baseUrl, 'GET', '/api/supervision/events?regionCode=990200', { token: supervisor })).status).toBe(404);
  });
});
