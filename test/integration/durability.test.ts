// Killing the dev server keeps a workflow that waits on a timer; after a restart the timer fires and it completes.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { WorkflowProbe } from '@ggzy/db';
import { WORKFLOW_TYPES, type ProbeResult } from '@ggzy/workflows';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { freePort, startOwnedDevServer, type OwnedDevServer } from '../support/dev-server';
import { dataConverter, startWorker } from '../support/platform';

describe('durability across a dev-server restart', () => {
  let database: TestDatabase;
  let server: OwnedDevServer | undefined;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
  });
  afterAll(async () => {
    await server?.kill();
    await database?.close();
  });

  test('a workflow waiting on a timer survives SIGKILL of the server and completes after the restart', async () => {
    const dbFile = path.join(process.env.GGZY_TEST_RUN_DIR!, 'restart-temporal.db');
    const port = await freePort();
    server = await startOwnedDevServer(dbFile, port);
    const taskQueue = 'restart-test';
    let worker = await startWorker(database.db, taskQueue, server.address);
    let connection = await Connection.connect({ address: server.address });
    let client = new Client({ connection, dataConverter: dataConverter() });
    const workflowId = `probe-restart-${Date.now()}`;
    await client.workflow.start(WORKFLOW_TYPES.probe, {
      workflowId, taskQueue, args: [{ message: 'timer survives restart', regionCode: '990100', createdBy: 1, delaySeconds: 6 }],
    });
    // wait until the timer is durably recorded in the server's history
    for (let i = 0; ; i++) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
      if (i > 100) throw new Error('timer was never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await worker.stop();
    await connection.close();
    await server.kill('SIGKILL');
    expect(await WorkflowProbe.query(database.db).findOne({ workflow_id: workflowId })).toBeUndefined();

    server = await startOwnedDevServer(dbFile, port);
    worker = await startWorker(database.db, taskQueue, server.address);
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, dataConverter: dataConverter() });
    const result = (await client.workflow.getHandle(workflowId).result()) as ProbeResult;
    expect(result.workflowId).toBe(workflowId);
    const row = await WorkflowProbe.query(database.db).findOne({ workflow_id: workflowId });
    expect(row?.message).toBe('timer survives restart');
    await worker.stop();
    await connection.close();
  });
});
