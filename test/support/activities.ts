// Running business activities directly (inside a real activity context, without a worker) against real databases,
// and the "commit, then fail" comparison every capability's tests use.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { serviceTasks, type KitOptions } from '@ggzy/activities';
import type { Db } from '@ggzy/db';
import type { ServiceTaskInput, ServiceTaskResult } from '@ggzy/workflows';

export const PINNED_NOW = new Date('2026-03-02T01:00:00.000Z');

export interface TaskCall {
  type: string;
  input: Record<string, unknown>;
  /** Defaults: workflow `wf-test`, node = the type, region 990100, deal code DEAL. */
  workflowId?: string;
  nodeId?: string;
  key?: string;
  regionCode?: string;
  dealCode?: string | null;
  variables?: Record<string, unknown>;
}

// Expected failures are the point of many tests: keep the activity logger to errors.
const quiet = new DefaultLogger('ERROR');

export const DEAL = '990100-2026-JS-00001';

export function taskInput(call: TaskCall): ServiceTaskInput {
  const workflowId = call.workflowId ?? 'wf-test';
  const nodeId = call.nodeId ?? call.type;
  return {
    key: call.key ?? `${workflowId}:${nodeId}#1`, workflowId, nodeId, regionCode: call.regionCode ?? '990100',
    dealCode: call.dealCode === undefined ? DEAL : call.dealCode, input: call.input, variables: call.variables ?? {},
  };
}

/** Runs one task type as its activity would run under Temporal (real activity context, attempt 1). */
export async function runTask(db: Db, call: TaskCall, options: KitOptions = {}): Promise<ServiceTaskResult> {
  const tasks = serviceTasks(db, { now: () => PINNED_NOW, ...options });
  const activity = tasks[call.type];
  if (!activity) throw new Error(`no activity implements ${call.type}`);
  return new MockActivityEnvironment(undefined, { logger: quiet }).run(activity, taskInput(call));
}

/** The business error code a failed task raised (fails the test when it raised something else). */
export async function businessErrorOf(promise: Promise<unknown>): Promise<{ code: string; nonRetryable: boolean; message: { zh: string; en: string }; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    const details = (err.details?.[0] ?? {}) as { code: string; message: { zh: string; en: string } } & Record<string, unknown>;
    return { code: details.code, nonRetryable: err.nonRetryable === true, message: details.message, details };
  }
  throw new Error('expected a business error, the task succeeded');
}

/** Platform tables a business activity never writes (or whose contents differ per seed, like password salts). */
const NOT_BUSINESS = new Set(['knex_migrations', 'knex_migrations_lock', 'users', 'sessions', 'sqlite_sequence']);

async function tables(db: Db): Promise<string[]> {
  if (db.client.config.client === 'pg') {
    const rows = await db('information_schema.tables').where({ table_schema: 'public', table_type: 'BASE TABLE' }).select('table_name');
    return rows.map((r: { table_name: string }) => r.table_name).filter((t: string) => !NOT_BUSINESS.has(t)).sort();
  }
  const rows = await db('sqlite_master').where('type', 'table').select('name');
  return rows.map((r: { name: string }) => r.name).filter((t: string) => !NOT_BUSINESS.has(t)).sort();
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return new Date(value).toISOString();
  if (typeof value === 'number') return String(value);
  return value;
}

/** Every row of every business table, in a stable order, with values in one comparable form. */
export async function dumpDatabase(db: Db): Promise<Record<string, Array<Record<string, unknown>>>> {
  const dump: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of await tables(db)) {
    const rows = await db(table).select('*');
    const normalised = rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalise(v)])));
    normalised.sort((a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    dump[table] = normalised;
  }
  return dump;
}

export class InjectedCrash extends Error {
  constructor(type: string) {
    super(`injected crash after ${type} committed`);
  }
}

/**
 * Runs `calls` in order twice on two fresh databases: once cleanly, once with every call crashing right after its
 * commit on the first attempt and then retried with the same key (what Temporal does). Returns both dumps and the
 * answers, which the caller compares.
 */
export async function commitThenFail(
  createDb: () => Promise<{ db: Db; close(): Promise<void> }>,
  calls: TaskCall[],
): Promise<{ clean: unknown; retried: unknown; cleanAnswers: ServiceTaskResult[]; retriedAnswers: ServiceTaskResult[]; crashes: number }> {
  const cleanDb = await createDb();
  const faultyDb = await createDb();
  try {
    const cleanAnswers: ServiceTaskResult[] = [];
    for (const call of calls) cleanAnswers.push(await runTask(cleanDb.db, call));
    const retriedAnswers: ServiceTaskResult[] = [];
    let crashes = 0;
    for (const call of calls) {
      const crashing: KitOptions = { afterCommit: (type) => { throw new InjectedCrash(type); } };
      await expect(runTask(faultyDb.db, call, crashing)).rejects.toBeInstanceOf(InjectedCrash);
      crashes++;
      retriedAnswers.push(await runTask(faultyDb.db, call));
    }
    return { clean: await dumpDatabase(cleanDb.db), retried: await dumpDatabase(faultyDb.db), cleanAnswers, retriedAnswers, crashes };
  } finally {
    await cleanDb.close();
    await faultyDb.close();
  }
}
