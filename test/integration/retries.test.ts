// Retries that match the failure, on the real dev server: a step whose database or transport keeps failing is retried
// past any fixed budget until it heals, and supervision hears of it once it has been stuck for the configured time
// (an incident and `step.stuck`, then `step.recovered` and the incident gone); a business error is never retried.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { resolveDefinition } from '@ggzy/domain';
import { deployApproved } from '../support/definitions';
import { WORKFLOW_TYPES, processStateQuery, type ProcessInput } from '@ggzy/workflows';
import { buildBpmn } from '../support/bpmn-builder';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { dataConverter, startWorker, temporalAddress, type RunningWorker } from '../support/platform';

const EMPTY_CALENDAR = { holidays: [], workdays: [] };

describe('retries that match the failure', () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  const taskQueue = `retries-${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    worker = await startWorker(database.db, taskQueue);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  async function start(key: string, inputs: Record<string, string>, stuckStepAfterMs?: number, dealCode: string | null = null): Promise<WorkflowHandle> {
    const xml = buildBpmn({ id: key, nodes: [{ id: 'start', type: 'startEvent' }, { id: 'step', type: 'serviceTask', taskType: 'demo.fail', inputs }, { id: 'end', type: 'endEvent' }], flows: [['start', 'step'], ['step', 'end']] });
    const deployed = await deployApproved(database.db, { xml, regionCode: '990100', deployedBy: null });
    const { model } = await resolveDefinition(database.db, key, '990100');
    const input: ProcessInput = {
      model, definition: deployed.definition, regionCode: '990100', dealCode, variables: {}, calendar: EMPTY_CALENDAR, startedBy: 'staff',
      ...(stuckStepAfterMs ? { stuckStepAfterMs } : {}),
    };
    return client.workflow.start(WORKFLOW_TYPES.process, { taskQueue, workflowId: `${key}-${Date.now()}`, args: [input] });
  }

  const attemptsOf = async (handle: WorkflowHandle) => {
    const history = await handle.fetchHistory();
    return Math.max(...(history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 0));
  };

  test('a transient failure is retried until it heals, past the old budget; supervision hears of the stuck step and of its recovery', async () => {
    const dealCode = `990100-2026-QT-${String(Date.now() % 100_000).padStart(5, '0')}`;
    const handle = await start('retry_until_healed', { failAttempts: '6' }, 1500, dealCode);
    // while it fails, the deal carries an incident
    const stuck = await (async () => {
      for (let i = 0; i < 100; i++) {
        const state = await handle.query(processStateQuery);
        if (state.incidents.length) return state.incidents;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('no incident while the step kept failing');
    })();
    expect(stuck[0]).toMatch(/^step: demo\.fail has not completed for 2 seconds and is being retried$/);
    const result = await handle.result();
    expect(result).toMatchObject({ variables: { attempts: 7 } });
    expect(await attemptsOf(handle)).toBe(7); // the catalog's old default stopped at 5
    expect((await handle.query(processStateQuery)).incidents).toEqual([]);
    const kinds = (await database.db('supervision_events').where('chain_key', dealCode).orderBy('seq').select('kind')).map((e: { kind: string }) => e.kind);
    expect(kinds.indexOf('step.stuck')).toBeGreaterThan(-1);
    expect(kinds.indexOf('step.recovered')).toBeGreaterThan(kinds.indexOf('step.stuck'));
    // and an alert for the deal's supervisors, once
    const alerts = await database.db('supervision_alerts').where({ deal_code: dealCode, rule_id: 'STEP_STUCK' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ result: 'found', severity: 'warning', region_code: '990100' });
    expect(JSON.parse(alerts[0].evidence)).toMatchObject({ nodeId: 'step', taskType: 'demo.fail', workflowId: handle.workflowId });
  }, 60_000);

  test('without the watch (older deals) no timer is added; a step that succeeds in time raises nothing', async () => {
    const quick = await start('retry_quick', { failAttempts: '1' }, 60_000);
    await quick.result();
    const kinds = (await database.db('supervision_events').where('chain_key', `wf:${quick.workflowId}`).select('kind')).map((e: { kind: string }) => e.kind);
    expect(kinds).not.toContain('step.stuck');
    const history = await quick.fetchHistory();
    expect(history.events!.some((e) => e.timerCanceledEventAttributes)).toBe(true); // the watch was cancelled
    const unwatched = await start('retry_unwatched', { failAttempts: '1' });
    await unwatched.result();
    expect((await unwatched.fetchHistory()).events!.some((e) => e.timerStartedEventAttributes)).toBe(false);
  });

  test('a business error is not retried: one attempt, and the process fails with its code', async () => {
    const handle = await start('retry_business', { errorCode: "'COMMITTEE_INCOMPLETE'" });
    await expect(handle.result()).rejects.toThrow();
    expect(await attemptsOf(handle)).toBe(1);
    expect((await handle.query(processStateQuery)).incidents.join(' ')).toMatch(/COMMITTEE_INCOMPLETE/);
  });
});
