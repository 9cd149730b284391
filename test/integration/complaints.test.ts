// 投诉: a complaint is its own process (the reference procedure `complaint`) with the statutory deadlines of
// 实施条例 §60–61 as working-day timers. Timers are skipped on the time-skipping server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '@ggzy/activities';
import { deployReferenceProcedures, resolveDefinition } from '@ggzy/domain';
import { deployApproved } from '../support/definitions';
import { calendarFor } from '@ggzy/db';
import { WORKFLOW_TYPES, completeTaskUpdate, processStateQuery, type ProcessInput, type ProcessSnapshot } from '@ggzy/workflows';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { bundlePath, dataConverter } from '../support/platform';
import { runTask } from '../support/activities';
import { accept, bidder } from '../support/deal-fixtures';
import { buildBpmn } from '../support/bpmn-builder';
import { recordHistory } from '../support/histories';
import { cstDate, startTimeSkippingServer, until } from '../support/reference-harness';

const QUEUE = 'complaints-ts';
const supervisor = { userId: 3, username: 'supervisor', role: 'supervisor', regionCode: '990100' };

describe('complaints on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    database = await createSeededDatabase(createSqliteDatabase);
    await deployReferenceProcedures(database.db, '990000');
    // a stand-in deal procedure: one user task, so the deal's process is running while the complaint is handled
    await deployApproved(database.db, {
      xml: buildBpmn({ id: 'deal_stub', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'work', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }], flows: [['start', 'work'], ['work', 'end']] }),
      regionCode: '990000', deployedBy: null,
    });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: QUEUE, workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter(), activities: createActivities(database.db) });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await database?.close();
  });

  async function startProcess(key: string, workflowId: string, dealCode: string, variables: Record<string, unknown>): Promise<WorkflowHandle> {
    const { model, definition } = await resolveDefinition(database.db, key, '990100');
    const input: ProcessInput = {
      model, definition, regionCode: '990100', dealCode, variables, startedBy: 'supervisor',
      calendar: await calendarFor(database.db, '990100', (await env.currentTimeMs())),
    };
    return env.client.workflow.start(WORKFLOW_TYPES.process, { workflowId, taskQueue: QUEUE, args: [input] });
  }

  const state = (h: WorkflowHandle) => h.query(processStateQuery) as Promise<ProcessSnapshot>;
  const openTask = (h: WorkflowHandle, nodeId: string) => until(`task ${nodeId}`, async () => (await state(h)).openTasks.find((t) => t.nodeId === nodeId));
  const complaintVars = (no: string, knownOnMs: number) => ({
    complaintNo: no, complainant: bidder(7), knownOn: cstDate(knownOnMs),
    grounds: '评标委员会未按招标文件规定的评标标准和方法评审，对我方投标文件作出否决投标的认定不当。',
  });

  test('a complaint left unanswered raises an overdue alert at the statutory deadline (3 working days)', async () => {
    const dealCode = '990100-2026-JS-00011';
    await runTask(database.db, { ...accept, dealCode, workflowId: 'wf-deal-11', key: 'wf-deal-11:accept#1' });
    const handle = await startProcess('complaint', 'complaint-TS-11', dealCode, complaintVars('TS-11', Date.now()));
    const task = await openTask(handle, 'acceptReview');
    const filed = await database.db('complaints').where('complaint_no', 'TS-11').first();
    expect(filed).toMatchObject({ status: 'filed', deal_code: dealCode, region_code: '990100' });
    const due = Date.parse(task.dueAt!);
    const startedAt = (await env.currentTimeMs());
    // three working days: at least three calendar days, and the deadline falls on a working day (Mon–Fri here)
    expect(due - startedAt).toBeGreaterThanOrEqual(3 * 86_400_000 - 60_000);
    const alerts = () => database.db('supervision_alerts').where({ deal_code: dealCode, rule_id: 'COMPLAINT_ACCEPT_OVERDUE' });

    await env.sleep(due - (await env.currentTimeMs()) - 3600_000); // an hour before the deadline
    await new Promise((r) => setTimeout(r, 1000));
    expect(await alerts()).toHaveLength(0);

    await env.sleep(2 * 3600_000); // an hour past it
    const [alert] = await until('the overdue alert', async () => { const rows = await alerts(); return rows.length ? rows : null; });
    expect(alert).toMatchObject({ result: 'found', severity: 'critical', legal_basis: '《招标投标法实施条例》第六十一条', region_code: '990100' });
    const event = await database.db('supervision_events').where({ deal_code: dealCode, kind: 'alert.raised' }).first();
    expect(JSON.parse(event.payload)).toMatchObject({ ruleId: 'COMPLAINT_ACCEPT_OVERDUE', taskType: 'alerts.raise' });
    // the task is still open: the alert does not answer the complaint for the supervisor
    expect((await state(handle)).openTasks.map((t) => t.nodeId)).toEqual(['acceptReview']);
    await handle.terminate('test over');
  });

  test('accepting with suspension suspends the running deal; the decision resumes it', async () => {
    const dealCode = '990100-2026-JS-00012';
    const dealWorkflow = `deal-${dealCode}`;
    await runTask(database.db, { ...accept, dealCode, workflowId: dealWorkflow, key: `${dealWorkflow}:accept#1` });
    const deal = await startProcess('deal_stub', dealWorkflow, dealCode, {});
    await openTask(deal, 'work');
    const complaint = await startProcess('complaint', 'complaint-TS-12', dealCode, complaintVars('TS-12', Date.now() - 2 * 86_400_000));
    const review = await openTask(complaint, 'acceptReview');
    await complaint.executeUpdate(completeTaskUpdate, { args: [{ taskId: review.taskId, actor: supervisor, data: { accepted: true, suspendDeal: true, acceptReason: '投诉事项属于受理范围，材料齐全' } }] });
    await until('the deal suspended', async () => (await state(deal)).lifecycle === 'suspended');
    expect(await database.db('complaints').where('complaint_no', 'TS-12').first()).toMatchObject({ status: 'accepted' });
    expect(Boolean((await database.db('complaints').where('complaint_no', 'TS-12').first()).deal_suspended)).toBe(true);

    const decide = await openTask(complaint, 'decideReview');
    await complaint.executeUpdate(completeTaskUpdate, { args: [{ taskId: decide.taskId, actor: supervisor, data: { decision: 'dismissed', decisionText: '经调查，评标委员会的否决认定符合招标文件规定，投诉不成立。' } }] });
    await complaint.result();
    await recordHistory(complaint, 'reference-complaint-accepted-suspends-deal');
    await until('the deal resumed', async () => (await state(deal)).lifecycle === 'active');
    expect(await database.db('complaints').where('complaint_no', 'TS-12').first()).toMatchObject({ status: 'decided', decision: 'dismissed' });
    const kinds = (await database.db('supervision_events').where('deal_code', dealCode).orderBy('seq')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['complaint.filed', 'complaint.accepted', 'directive.suspend', 'directive.resume', 'complaint.decided']));
    expect((await state(deal)).openTasks.map((t) => t.nodeId)).toEqual(['work']);
  });

  test('a complaint filed more than 10 days after knowing is refused at filing (§60)', async () => {
    const dealCode = '990100-2026-JS-00013';
    await runTask(database.db, { ...accept, dealCode, workflowId: 'wf-deal-13', key: 'wf-deal-13:accept#1' });
    const handle = await startProcess('complaint', 'complaint-TS-13', dealCode, complaintVars('TS-13', Date.now() - 12 * 86_400_000));
    await handle.result();
    await recordHistory(handle, 'reference-complaint-late');
    const finished = await state(handle);
    expect(finished.visited).toEqual(expect.arrayContaining(['file', 'late', 'lateEnd']));
    expect(await database.db('complaints').where('complaint_no', 'TS-13').first()).toBeUndefined();
  });
});
