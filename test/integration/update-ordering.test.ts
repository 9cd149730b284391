// An Update that arrives in the same workflow task as the event that opens its task. Core hands an activation's
// Updates to the workflow before its timer and activity results, so the validator sees the state from before them:
// a task that a client already saw (from a query answered by a workflow task whose completion then timed out, as
// happened under load) did not exist yet and the completion was refused as TASK_NOT_FOUND. Reproduced here on the real
// server by stopping the worker, letting a timer fire, sending the Update and starting a worker again: the next
// workflow task carries both.
import { Client, Connection, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { completeTaskUpdate, processStateQuery, type ProcessInput, type ProcessResult, type ProcessSnapshot } from '@ggzy/workflows';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { dataConverter, startWorker, temporalAddress, type RunningWorker } from '../support/platform';
import { deployFixture, STAFF, type Fixture } from '../conformance/harness';

const FIXTURE: Fixture = {
  name: 'update_with_timer',
  shows: 'a completion sent while the timer that opens its task fires',
  spec: {
    id: 'update_with_timer',
    nodes: [
      { id: 'start', type: 'startEvent' }, { id: 'wait', type: 'timerCatch', duration: 'PT2S' },
      { id: 'review', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'wait'], ['wait', 'review'], ['review', 'end']],
  },
  expect: {},
};

describe('an Update delivered with the event that opens its task', () => {
  let database: TestDatabase;
  let connection: Connection;
  let client: Client;
  let input: ProcessInput;
  let worker: RunningWorker | undefined;
  const taskQueue = `update-ordering-${Date.now()}`;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, dataConverter: dataConverter() });
    const deployed = await deployFixture(database.db, FIXTURE);
    const { resolveDefinition } = await import('@ggzy/domain');
    const { model } = await resolveDefinition(database.db, FIXTURE.spec.id, '990100');
    input = { model, definition: deployed.definition, regionCode: '990100', dealCode: 'DEAL-update-ordering', variables: {}, calendar: { holidays: [], workdays: [], utcOffsetMinutes: 480 }, startedBy: 'staff' };
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  const start = (suffix: string) => client.workflow.start('processWorkflow', { taskQueue, workflowId: `update-ordering-${suffix}-${Date.now()}`, args: [input] });
  const openReview = async (handle: { query: (q: typeof processStateQuery) => Promise<ProcessSnapshot> }) => {
    for (let i = 0; i < 200; i++) {
      const task = (await handle.query(processStateQuery)).openTasks.find((t) => t.nodeId === 'review');
      if (task) return task.taskId;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the review task never opened');
  };

  test('the completion is accepted and completes the task the timer opens', async () => {
    // a first deal learns the task's id (the engine numbers ids deterministically: the same model, the same ids)
    worker = await startWorker(database.db, taskQueue);
    const first = await start('first');
    const firstTask = await openReview(first);
    const suffix = firstTask.slice(first.workflowId.length); // "/review/<seq>"
    await first.executeUpdate(completeTaskUpdate, { args: [{ taskId: firstTask, actor: STAFF, data: {} }] });
    await first.result();

    // the second deal: the worker stops while its timer runs, so the timer's firing and the Update share a task
    const second = await start('second');
    for (let i = 0; ; i++) {
      const history = await second.fetchHistory();
      if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
      if (i > 200) throw new Error('the timer never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.stop();
    worker = undefined;
    for (let i = 0; ; i++) {
      const history = await second.fetchHistory();
      if (history.events?.some((e) => e.timerFiredEventAttributes)) break;
      if (i > 200) throw new Error('the timer never fired');
      await new Promise((r) => setTimeout(r, 50));
    }
    const taskId = `${second.workflowId}${suffix}`;
    const sent = second.startUpdate(completeTaskUpdate, { args: [{ taskId, actor: STAFF, data: {} }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    // the server has the Update before the worker polls again
    await new Promise((r) => setTimeout(r, 1000));
    worker = await startWorker(database.db, taskQueue);
    const update = await sent;
    const reply = await update.result();
    expect(reply.openTasks).toEqual([]);
    const result = (await second.result()) as ProcessResult;
    expect(result.lifecycle).toBe('completed');
    expect(result.visited).toEqual(['start', 'wait', 'review', 'end']);
    const history = await second.fetchHistory();
    const fired = history.events!.findIndex((e) => e.timerFiredEventAttributes);
    const accepted = history.events!.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // both in the one workflow task that followed the firing
    expect(history.events!.slice(fired + 1, accepted).filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
  });

  test('a task id the process never issues is still refused, after the process has settled', async () => {
    worker ??= await startWorker(database.db, taskQueue);
    const handle = await start('never');
    const real = await openReview(handle);
    const seq = Number(real.slice(real.lastIndexOf('/') + 1));
    // an id above the sequence (not issued yet) is accepted, checked once the process settles, and fails
    const future = `${handle.workflowId}/review/${seq + 50}`;
    const refused = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: future, actor: STAFF, data: {} }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('TASK_NOT_FOUND');
    // an id of another process, or below the sequence, is refused by the validator (nothing in the history)
    const other = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: `someone-else/review/${seq + 50}`, actor: STAFF, data: {} }] }).catch((e: unknown) => e);
    expect(((other as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('TASK_NOT_FOUND');
    const history = await handle.fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: real, actor: STAFF, data: {} }] });
    expect(((await handle.result()) as ProcessResult).lifecycle).toBe('completed');
  });
});
