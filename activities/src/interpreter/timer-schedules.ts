// The Temporal Schedules of process-level timer start events: one per start event of the latest approved version of
// each procedure and region, named after them (ggzy-timer-start:<region>:<key>:v<version>:<node>), so a new version
// replaces its predecessor's schedules and a withdrawn one leaves none. Each firing runs timerStartWorkflow, which
// starts the deal. Kept in step by the worker (syncTimerStartSchedules on an interval): schedules missing are
// created, those of no current version deleted; a date already past is not scheduled.
import { MONTHS, ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import { ProcessDefinition, type Db } from '@ggzy/db';
import { CRON_TIME_ZONE, timerStartPlan, type ProcessModel, type TimerStartPlan } from '@ggzy/process';
import { WORKFLOW_TYPES, type TimerStartInput } from '@ggzy/workflows';

export const TIMER_SCHEDULE_PREFIX = 'ggzy-timer-start:';

interface Wanted { scheduleId: string; input: TimerStartInput; plan: TimerStartPlan; deployedMs: number }

/** The schedules the approved versions call for. */
export async function wantedTimerSchedules(db: Db, now = Date.now()): Promise<Wanted[]> {
  // the latest approved version of every procedure and region (a newer one without a timer start calls for none)
  const rows = await ProcessDefinition.query(db).where('status', 'active').orderBy(['process_key', 'region_code', 'version']).select('id', 'process_key', 'region_code', 'version', 'deployed_at');
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(`${r.region_code}:${r.process_key}`, r); // ordered by version: the last wins
  const byId = new Map([...latest.values()].map((r) => [r.id, r]));
  const ids = [...byId.keys()];
  const timed: Array<{ id: number; model: string }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    timed.push(...await ProcessDefinition.query(db).whereIn('id', ids.slice(i, i + 500)).where('model', 'like', '%"timer"%').select('id', 'model'));
  }
  const wanted: Wanted[] = [];
  for (const { id, model: text } of timed) {
    const r = byId.get(id)!;
    const model = JSON.parse(text) as ProcessModel;
    for (const n of Object.values(model.nodes)) {
      if (n.kind !== 'startEvent' || n.scope || n.trigger?.type !== 'timer') continue;
      const plan = timerStartPlan(n.trigger.timer);
      if (!plan || (plan.kind === 'once' && plan.atMs <= now)) continue;
      wanted.push({
        scheduleId: `${TIMER_SCHEDULE_PREFIX}${r.region_code}:${r.process_key}:v${r.version}:${n.id}`,
        input: { processKey: r.process_key, regionCode: r.region_code, version: Number(r.version), nodeId: n.id, ...(plan.kind === 'every' && plan.workingDaysOnly ? { workingDaysOnly: true } : {}) }, plan,
        deployedMs: new Date(r.deployed_at as unknown as string).getTime(),
      });
    }
  }
  return wanted;
}

/** Months and years on the day of month and at the time of the start (else of the deployment), China Standard Time. */
function monthlySpec(plan: Extract<TimerStartPlan, { kind: 'monthly' }>, deployedMs: number): ScheduleOptions['spec'] {
  const anchor = new Date((plan.startMs ?? deployedMs) + 8 * 3_600_000);
  const firstMonth = anchor.getUTCMonth();
  const step = plan.months % 12 === 0 ? 12 : plan.months;
  const months = Array.from({ length: 12 / step }, (_, i) => MONTHS[(firstMonth + i * step) % 12]!);
  const years = plan.months % 12 === 0 && plan.months > 12 ? { start: anchor.getUTCFullYear(), end: anchor.getUTCFullYear() + 100 * (plan.months / 12), step: plan.months / 12 } : '*' as const;
  return {
    calendars: [{
      second: anchor.getUTCSeconds(), minute: anchor.getUTCMinutes(), hour: anchor.getUTCHours(), dayOfMonth: Math.min(anchor.getUTCDate(), 28), month: months, year: years,
    }],
    timezone: CRON_TIME_ZONE,
    // nothing before the start (or the deployment)
    startAt: new Date(plan.startMs ?? deployedMs),
  };
}

function specOf(plan: TimerStartPlan, deployedMs: number): ScheduleOptions['spec'] {
  if (plan.kind === 'monthly') return monthlySpec(plan, deployedMs);
  // from a start date: the first at the start, then every interval after it (its phase within the interval), none before
  if (plan.kind === 'every' && plan.startMs !== undefined) return { intervals: [{ every: plan.everyMs, offset: plan.startMs % plan.everyMs }], startAt: new Date(plan.startMs) };
  if (plan.kind === 'every') return { intervals: [{ every: plan.everyMs }] };
  if (plan.kind === 'cron') return { cronExpressions: [plan.cron], timezone: plan.timezone };
  const at = new Date(plan.atMs);
  return { calendars: [{ year: at.getUTCFullYear(), month: MONTHS[at.getUTCMonth()]!, dayOfMonth: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds() }] };
}

/** Creates the schedules missing and deletes those no approved version calls for; answers what changed. */
export async function syncTimerStartSchedules(db: Db, client: Client, taskQueue: string): Promise<{ created: string[]; deleted: string[] }> {
  const wanted = await wantedTimerSchedules(db);
  const existing = new Set<string>();
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(TIMER_SCHEDULE_PREFIX)) existing.add(s.scheduleId);
  const created: string[] = [];
  for (const w of wanted) {
    if (existing.has(w.scheduleId)) continue;
    const times = w.plan.kind === 'once' ? 1 : w.plan.times;
    try {
      await client.schedule.create({
        scheduleId: w.scheduleId,
        spec: specOf(w.plan, w.deployedMs),
        action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.timerStart, args: [w.input], taskQueue, workflowId: w.scheduleId.replace(/:/g, '-') },
        ...(times ? { state: { remainingActions: times } } : {}),
      });
      created.push(w.scheduleId);
    } catch (err) {
      // the list is eventually consistent: a schedule made a moment ago (by this job, or another worker's) is there
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  const deleted: string[] = [];
  const keep = new Set(wanted.map((w) => w.scheduleId));
  for (const id of existing) {
    if (keep.has(id)) continue;
    try {
      await client.schedule.getHandle(id).delete();
      deleted.push(id);
    } catch (err) {
      // deleted a moment ago, and still listed
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return { created, deleted };
}
