// The engine's conformance suite on real servers: the dev server for everything, the time-skipping test server
// for statutory periods. Each fixture's BPMN is committed under fixtures/; its recorded history under histories/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { fixedMillis, parseDuration } from '@ggzy/process';
import { SEARCH_ATTRIBUTE_NAMES } from '@ggzy/workflows';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { dataConverter, quietTemporalRuntime, startWorker, temporalAddress, type RunningWorker } from '../support/platform';
import { buildBpmn } from '../support/bpmn-builder';
import { openSealedPayloads } from '../support/histories';
import { FIXTURES } from './fixtures';
import { runFixture, type Fixture, type RunContext } from './harness';

const fixturesDir = path.join(__dirname, 'fixtures');
const historiesDir = path.join(__dirname, 'histories');

async function saveHistory(handle: WorkflowHandle, client: Client, name: string) {
  if (process.env.GGZY_RECORD_HISTORIES !== '1') return;
  const histories = [{ workflowId: handle.workflowId, history: openSealedPayloads(await handle.fetchHistory()) }];
  // children of call activities
  for (const event of histories[0]!.history.events ?? []) {
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (started?.workflowExecution?.workflowId) {
      const child = client.workflow.getHandle(started.workflowExecution.workflowId);
      histories.push({ workflowId: child.workflowId, history: openSealedPayloads(await child.fetchHistory()) });
    }
  }
  // protobuf binary (base64): exactly what the server sent, decoded by the replay test with the same schema
  const json = histories.map((h) => ({ workflowId: h.workflowId, events: h.history.events?.length ?? 0, history: Buffer.from(temporal.api.history.v1.History.encode(h.history).finish()).toString('base64') }));
  writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}

function checkBpmnFile(fixture: Fixture) {
  for (const spec of [fixture.spec, ...(fixture.called ?? [])]) {
    const file = path.join(fixturesDir, `${spec.id}.bpmn`);
    const xml = buildBpmn(spec);
    if (process.env.GGZY_UPDATE_FIXTURES === '1' || !existsSync(file)) {
      if (process.env.CI && !existsSync(file)) throw new Error(`${file} is not committed`);
      writeFileSync(file, xml);
    }
    expect(readFileSync(file, 'utf8')).toBe(xml);
  }
}

function checkOutcome(fixture: Fixture, outcome: Awaited<ReturnType<typeof runFixture>>) {
  if (fixture.expect.failsWith) {
    expect(outcome.error).toBeInstanceOf(WorkflowFailedError);
    const cause = (outcome.error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('BpmnError');
    expect((cause.details?.[0] as { code: string }).code).toBe(fixture.expect.failsWith);
    return;
  }
  if (outcome.error) throw outcome.error;
  const result = outcome.result!;
  expect(result.lifecycle).toBe(fixture.expect.lifecycle ?? 'completed');
  if (fixture.expect.visited) expect(result.visited).toEqual(fixture.expect.visited);
  if (fixture.expect.visitedUnordered) expect([...result.visited].sort()).toEqual([...fixture.expect.visitedUnordered].sort());
  if (fixture.expect.variables) expect(result.variables).toMatchObject(fixture.expect.variables);
  fixture.expect.check?.(result);
}

async function checkHistory(fixture: Fixture, handle: WorkflowHandle) {
  if (!fixture.expect.checkHistory) return;
  const history = await handle.fetchHistory();
  fixture.expect.checkHistory(history.events ?? []);
}

// The second pass runs with no workflow cache: every workflow task replays the whole history from the start.
describe.each([['with the workflow cache', undefined], ['with maxCachedWorkflows 0', 0]] as const)('BPMN conformance on the dev server, %s', (_label, maxCachedWorkflows) => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let connection: Connection;
  let ctx: RunContext;

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    const taskQueue = `conformance-${maxCachedWorkflows ?? 'cached'}`;
    worker = await startWorker(database.db, taskQueue, undefined, { maxCachedWorkflows });
    connection = await Connection.connect({ address: temporalAddress() });
    ctx = {
      client: new Client({ connection, dataConverter: dataConverter() }), db: database.db, taskQueue,
      skip: (d) => new Promise((r) => setTimeout(r, fixedMillis(parseDuration(d)))),
      now: async () => Date.now(),
    };
  });
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  for (const fixture of FIXTURES.filter((f) => !f.timeSkipping)) {
    test(`${fixture.name}: ${fixture.shows}`, async () => {
      checkBpmnFile(fixture);
      const outcome = await runFixture(fixture, ctx);
      checkOutcome(fixture, outcome);
      await checkHistory(fixture, outcome.handle);
      if (maxCachedWorkflows === undefined) await saveHistory(outcome.handle, ctx.client, fixture.name);
    });
  }
});

describe('BPMN conformance on the time-skipping server (statutory periods)', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let ctx: RunContext;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    quietTemporalRuntime();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: process.env.GGZY_TEST_TIME_SKIPPING_SERVER! } },
      client: { dataConverter: dataConverter() },
    });
    // the platform's search attributes, as the dev server registers them at start (2 = KEYWORD)
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default', searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_NAMES.map((name) => [name, 2])),
    });
    database = await createSeededDatabase(createSqliteDatabase);
    const { Worker } = await import('@temporalio/worker');
    const { createActivities } = await import('@ggzy/activities');
    const { bundlePath } = await import('../support/platform');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'conformance-ts', workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter(), activities: createActivities(database.db) });
    const running = worker.run();
    stopWorker = async () => { worker.shutdown(); await running; };
    ctx = { client: env.client, db: database.db, taskQueue: 'conformance-ts', skip: (d) => env.sleep(fixedMillis(parseDuration(d))), now: () => env.currentTimeMs() };
  });
  afterAll(async () => {
    await stopWorker?.();
    await env?.teardown();
    await database?.close();
  });

  for (const fixture of FIXTURES.filter((f) => f.timeSkipping)) {
    test(`${fixture.name}: ${fixture.shows}`, async () => {
      checkBpmnFile(fixture);
      const outcome = await runFixture(fixture, ctx);
      checkOutcome(fixture, outcome);
      await checkHistory(fixture, outcome.handle);
      await saveHistory(outcome.handle, ctx.client, fixture.name);
    });
  }
});
