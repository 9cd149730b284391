// Signals are broadcast within a region: a signal thrown by a deal of 东湖市 reaches the deals of 东湖市 waiting for
// it — at a catch event or a task's signal boundary — and no deal of 西山市 waiting for the same signal. Nothing is
// buffered: a deal that starts waiting after the broadcast does not receive it. A procedure with a signal start event
// starts a deal of 东湖市 on the broadcast in 东湖市, at that start event (and one of 西山市 on the broadcast there).
// On the dev server, SQLite.
import { Client, Connection } from '@temporalio/client';
import { resolveDefinition } from '@ggzy/domain';
import { deployApproved } from '../support/definitions';
import { processStateQuery, type ProcessInput, type ProcessResult } from '@ggzy/workflows';
import { buildBpmn, type ProcessSpec } from '../support/bpmn-builder';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { dataConverter, startWorker, temporalAddress, type RunningWorker } from '../support/platform';
import { until } from '../support/reference-harness';

const SIGNAL = '政策调整';
const CATCHER: ProcessSpec = {
  id: 'signal_catcher',
  nodes: [{ id: 'start', type: 'startEvent' }, { id: 'wait', type: 'signalCatch', signal: SIGNAL }, { id: 'end', type: 'endEvent' }],
  flows: [['start', 'wait'], ['wait', 'end']],
};
const BOUNDARY: ProcessSpec = {
  id: 'signal_boundary',
  nodes: [
    { id: 'start', type: 'startEvent' }, { id: 'review', type: 'userTask', role: 'staff' },
    { id: 'onPolicy', type: 'boundarySignal', attachedTo: 'review', signal: SIGNAL, interrupting: false },
    { id: 'note', type: 'serviceTask', taskType: 'demo.echo', inputs: { noted: 'true' } }, { id: 'noted', type: 'endEvent' }, { id: 'end', type: 'endEvent' },
  ],
  flows: [['start', 'review'], ['review', 'end'], ['onPolicy', 'note'], ['note', 'noted']],
};
/** Starts on the signal only (no none start event): a deal of its own for each broadcast in the region. */
const STARTER: ProcessSpec = {
  id: 'signal_starter', name: '政策调整后复核',
  nodes: [{ id: 'onPolicy', type: 'signalStart', signal: SIGNAL }, { id: 'recheck', type: 'userTask', role: 'staff', name: '按新政策复核' }, { id: 'end', type: 'endEvent' }],
  flows: [['onPolicy', 'recheck'], ['recheck', 'end']],
};
const THROWER: ProcessSpec = {
  id: 'signal_thrower',
  nodes: [{ id: 'start', type: 'startEvent' }, { id: 'announce', type: 'signalEndEvent', signal: SIGNAL }],
  flows: [['start', 'announce']],
};

describe('signals within a region', () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  const taskQueue = `signals-${Date.now()}`;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    for (const spec of [CATCHER, BOUNDARY, THROWER, STARTER]) await deployApproved(database.db, { xml: buildBpmn(spec), regionCode: '990000', deployedBy: null });
    worker = await startWorker(database.db, taskQueue);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  async function start(key: string, regionCode: string) {
    const { model, definition } = await resolveDefinition(database.db, key, regionCode);
    const input: ProcessInput = { model, definition, regionCode, dealCode: null, variables: {}, calendar: { holidays: [], workdays: [], utcOffsetMinutes: 480 }, startedBy: 'staff' };
    const handle = await client.workflow.start('processWorkflow', { taskQueue, workflowId: `${key}-${regionCode}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, args: [input] });
    // the instance row the broadcast looks for, written by the projection
    await until(`${handle.workflowId} projected`, async () => database.db('process_instances').where('workflow_id', handle.workflowId).first());
    return handle;
  }

  test('a signal end event in 东湖市 reaches the waiting deals of 东湖市 only; a boundary catches it without ending its task', async () => {
    const here = await start(CATCHER.id, '990100');
    const there = await start(CATCHER.id, '990200');
    const task = await start(BOUNDARY.id, '990100');
    await until('the catchers waiting', async () => (await here.query(processStateQuery)).visited.includes('wait') && (await there.query(processStateQuery)).visited.includes('wait'));
    await until('the review open', async () => (await task.query(processStateQuery)).openTasks.length === 1);

    const thrower = await start(THROWER.id, '990100');
    expect(((await thrower.result()) as ProcessResult).lifecycle).toBe('completed');
    expect(((await here.result()) as ProcessResult).visited).toEqual(['start', 'wait', 'end']);
    const noted = await until('the boundary caught it', async () => {
      const state = await task.query(processStateQuery);
      return state.variables.noted === true ? state : undefined;
    });
    expect(noted.openTasks.map((t) => t.nodeId)).toEqual(['review']); // non-interrupting: the task stays open
    // 西山市's deal waits on: a second broadcast in 990200 releases it (the signal was never buffered there)
    expect((await there.describe()).status.name).toBe('RUNNING');
    const events = await until('the trail of the signal', async () => {
      const rows = (await database.db('supervision_events').whereIn('kind', ['signal.thrown', 'signal.caught']).select('kind', 'payload'))
        .map((e: { kind: string; payload: string }) => ({ kind: e.kind, workflowId: (JSON.parse(e.payload) as { workflowId: string }).workflowId }));
      return rows.filter((e) => e.kind === 'signal.caught').length >= 2 ? rows : undefined;
    });
    expect(events.filter((e) => e.kind === 'signal.thrown').map((e) => e.workflowId)).toEqual([thrower.workflowId]);
    expect(new Set(events.filter((e) => e.kind === 'signal.caught').map((e) => e.workflowId))).toEqual(new Set([here.workflowId, task.workflowId]));

    // the broadcast in 东湖市 started one 政策调整后复核 deal there, at its signal start event, with a deal code of 东湖市
    const started = await until('the deal started by the signal', async () => {
      const rows = await database.db('event_starts').where({ process_key: STARTER.id });
      return rows.length > 0 ? rows : undefined;
    });
    expect(started).toEqual([expect.objectContaining({ region_code: '990100', node_id: 'onPolicy', deal_code: expect.stringMatching(/^990100-/) })]);
    // its open task, as the projection wrote it
    const recheck = await until('its task open', async () => database.db('process_tasks').where({ workflow_id: started[0].workflow_id, status: 'open' }).first());
    expect(recheck).toMatchObject({ node_id: 'recheck', name: '按新政策复核', region_code: '990100' });
    expect((await client.workflow.getHandle(started[0].workflow_id).query(processStateQuery)).visited).toEqual(['onPolicy', 'recheck']);

    const late = await start(CATCHER.id, '990100'); // waiting only after the broadcast: nothing buffered for it
    await until('the late catcher waiting', async () => (await late.query(processStateQuery)).visited.includes('wait'));
    const elsewhere = await start(THROWER.id, '990200');
    await elsewhere.result();
    expect(((await there.result()) as ProcessResult).lifecycle).toBe('completed');
    expect((await late.describe()).status.name).toBe('RUNNING');
    // the broadcast in 西山市 started one there too; 东湖市 still has its one
    await until('西山市\'s own', async () => (await database.db('event_starts').where({ process_key: STARTER.id, region_code: '990200' })).length === 1);
    expect(await database.db('event_starts').where({ process_key: STARTER.id, region_code: '990100' })).toHaveLength(1);
    await late.terminate('test over');
    await task.terminate('test over');
    for (const row of await database.db('event_starts')) await client.workflow.getHandle(row.workflow_id).terminate('test over');
  });
});
