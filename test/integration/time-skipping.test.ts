// Statutory periods are days and weeks long: the Java time-skipping test server makes them pass in seconds.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '@ggzy/activities';
import { WorkflowProbe } from '@ggzy/db';
import { WORKFLOW_TYPES, type ProbeResult } from '@ggzy/workflows';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { bundlePath, dataConverter, quietTemporalRuntime } from '../support/platform';

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;

  beforeAll(async () => {
    quietTemporalRuntime();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.GGZY_TEST_TIME_SKIPPING_SERVER! } },
      client: { dataConverter: dataConverter() },
    });
    database = await createSeededDatabase(createSqliteDatabase);
  });
  afterAll(async () => {
    await env?.teardown();
    await database?.close();
  });

  test('a 20-day timer (the §24 bidding period) passes in seconds of wall time', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection, taskQueue: 'time-skipping', workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter(),
      activities: createActivities(database.db),
    });
    const started = Date.now();
    const result = await worker.runUntil(env.client.workflow.execute(WORKFLOW_TYPES.probe, {
      workflowId: 'probe-20-days', taskQueue: 'time-skipping',
      args: [{ message: '等标期 20 日', regionCode: '990100', createdBy: 1, delaySeconds: 20 * 24 * 3600 }],
    })) as ProbeResult;
    const wallMs = Date.now() - started;
    expect(result.workflowId).toBe('probe-20-days');
    expect(wallMs).toBeLessThan(60_000);
    const row = await WorkflowProbe.query(database.db).findOne({ workflow_id: 'probe-20-days' });
    expect(row?.message).toBe('等标期 20 日');
    // the server's clock moved 20 days while the wall clock did not
    const history = await env.client.workflow.getHandle('probe-20-days').fetchHistory();
    const first = Number(history.events![0]!.eventTime!.seconds);
    const last = Number(history.events![history.events!.length - 1]!.eventTime!.seconds);
    expect(last - first).toBeGreaterThanOrEqual(20 * 24 * 3600);
  });
});
