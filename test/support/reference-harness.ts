// Running a reference procedure end to end on the time-skipping server: the server's clock for the activities, one
// worker per database, and the steps a test takes — wait for a task, complete it, let days pass.
import { createHash } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '@ggzy/activities';
import { resolveDefinition } from '@ggzy/domain';
import { allocateDealCode, calendarFor, type Db } from '@ggzy/db';
import { SEARCH_ATTRIBUTE_NAMES, WORKFLOW_TYPES, completeTaskUpdate, processStateQuery, type ProcessInput, type ProcessSnapshot } from '@ggzy/workflows';
import { isPartyCandidateRole } from '@ggzy/process';
import { partyActorFor } from './party-actors';
import { bundlePath, dataConverter, quietTemporalRuntime } from './platform';

export const DAY = 86_400_000;
export const STAFF = { userId: 2, username: 'staff', role: 'staff', regionCode: '990100' };
export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The test server's clock (its time jumps when timers are skipped), for the activities to read. The runner syncs it
 * before every activity, so an activity a timer started never reads a time before the timer fired; the server's time
 * never goes back, so a late answer to an earlier sync cannot set it back either.
 */
export class ServerClock {
  private skew: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly env: TestWorkflowEnvironment) {}
  async start() {
    await this.sync();
    this.timer = setInterval(() => { void this.sync(); }, 20);
  }
  async sync() {
    const skew = (await this.env.currentTimeMs()) - Date.now();
    this.skew = this.skew === null ? skew : Math.max(this.skew, skew);
  }
  now = () => new Date(Date.now() + (this.skew ?? 0));
  stop() { clearInterval(this.timer); }
}

/** `days` after `from`, on a Monday–Friday outside 1–3 January, at hh:mm China Standard Time, as ISO-8601 with +08:00. */
export function cstWorkday(from: number, days: number, hh: number, mm = 0): string {
  let t = from + days * DAY;
  for (;;) {
    const local = new Date(t + 8 * 3600_000);
    const weekday = local.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !(local.getUTCMonth() === 0 && local.getUTCDate() <= 3)) {
      return `${local.toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`;
    }
    t += DAY;
  }
}
export const cstDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** One time-skipping server for a test file, with the platform's search attributes. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.GGZY_TEST_TIME_SKIPPING_SERVER! } },
    client: { dataConverter: dataConverter() },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default', searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_NAMES.map((name) => [name, 2])),
  });
  return env;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<NonNullable<Exclude<T, false>>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<Exclude<T, false>>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A worker on its own task queue whose activities write to `db` and read the server's clock. */
export class ProcedureRunner {
  readonly clock: ServerClock;
  private worker: Worker | undefined;
  private running: Promise<void> | undefined;

  constructor(readonly env: TestWorkflowEnvironment, readonly db: Db, private readonly queue: string) {
    this.clock = new ServerClock(env);
  }

  async start(): Promise<void> {
    await this.clock.start();
    const activities = Object.fromEntries(Object.entries(createActivities(this.db, { now: this.clock.now })).map(([name, activity]) => [
      name, async (...args: unknown[]) => {
        await this.clock.sync();
        return (activity as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]));
    this.worker = await Worker.create({
      connection: this.env.nativeConnection, taskQueue: this.queue, workflowBundle: { codePath: bundlePath() }, dataConverter: dataConverter(), activities,
    });
    this.running = this.worker.run();
  }

  async stop(): Promise<void> {
    this.clock.stop();
    this.worker?.shutdown();
    await this.running;
  }

  /** Starts the deployed procedure for a new deal of 东湖市. */
  async startDeal(processKey: string, procedureKind: string, variables: Record<string, unknown>): Promise<{ dealCode: string; handle: WorkflowHandle }> {
    const now = await this.nowMs();
    const dealCode = await allocateDealCode(this.db, '990100', procedureKind, new Date(now));
    const { model, definition } = await resolveDefinition(this.db, processKey, '990100');
    const input: ProcessInput = {
      model, definition, regionCode: '990100', dealCode, startedBy: 'staff', calendar: await calendarFor(this.db, '990100', now), variables,
    };
    const handle = await this.env.client.workflow.start(WORKFLOW_TYPES.process, { workflowId: `deal-${dealCode}`, taskQueue: this.queue, args: [input] });
    return { dealCode, handle };
  }

  state(handle: WorkflowHandle): Promise<ProcessSnapshot> {
    return handle.query(processStateQuery) as Promise<ProcessSnapshot>;
  }

  /**
   * Waits for the user task at `nodeId` (failing on an incident) and completes it as whom it is for: the centre's
   * staff, or — for a party's own step — the deal's agency or tenderee (support/party-actors.ts).
   */
  async complete(handle: WorkflowHandle, nodeId: string, data: Record<string, unknown>): Promise<void> {
    let dealCode: string | null = null;
    const task = await until(`task ${nodeId}`, async () => {
      const s = await this.state(handle);
      if (s.incidents.length) throw new Error(`incident: ${JSON.stringify(s.incidents)}`);
      dealCode = s.dealCode;
      return s.openTasks.find((t) => t.nodeId === nodeId);
    });
    const actor = isPartyCandidateRole(task.candidateRole) ? await partyActorFor(this.db, dealCode!, task.candidateRole) : STAFF;
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.taskId, actor, data }] });
  }

  /** The server's time now (the clock the activities read may lag a skip by a few milliseconds). */
  async nowMs(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** The server's date now, China Standard Time. */
  async today(): Promise<string> {
    return cstDate(await this.nowMs());
  }

  /** Lets the server skip timers up to the instant (the process runs on; its user tasks wait). */
  async sleepUntil(iso: string, plusMs = 0): Promise<void> {
    const wait = Date.parse(iso) + plusMs - (await this.env.currentTimeMs());
    if (wait > 0) await this.env.sleep(wait);
  }
}

/** The deal's row id, once the process has registered it. */
export async function dealIdOf(db: Db, dealCode: string): Promise<number> {
  return until(`deal ${dealCode} registered`, async () => {
    const row: { id: number | string } | undefined = await db('deals').where('deal_code', dealCode).first('id');
    return row ? Number(row.id) : undefined;
  });
}

/** How many rows of a table match. */
export async function countOf(db: Db, table: string, where: Record<string, unknown>): Promise<number> {
  return Number((await db(table).where(where).count('* as n').first())!.n);
}
