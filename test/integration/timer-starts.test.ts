// Timer start events of a process (定时发起), on the dev server and SQLite: an approved version whose start event is a
// cycle gets a Temporal Schedule, whose firings start deals of the city at that start event, each with a deal code
// of its own, as many as the cycle says; a version without it replaces the schedule by none; a date already past
// schedules nothing; a cron cycle (Camunda 8's form) and a cycle from a start date become the schedules they say.
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { syncTimerStartSchedules, TIMER_SCHEDULE_PREFIX } from '@ggzy/activities';
import { buildBpmn } from '../support/bpmn-builder';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { deployApproved } from '../support/definitions';
import { dataConverter, startWorker, temporalAddress, type RunningWorker } from '../support/platform';
import { until } from '../support/reference-harness';

jest.setTimeout(120_000);

const KEY = `timer_starter_${Date.now().toString(36)}`;
const withTimer = (start: { cycle?: string; date?: string }) => buildBpmn({
  id: KEY, name: '每日巡检',
  nodes: [{ id: 'everyDay', type: 'timerStart', ...start }, { id: 'inspect', type: 'userTask', role: 'staff', name: '巡检' }, { id: 'end', type: 'endEvent' }],
  flows: [['everyDay', 'inspect'], ['inspect', 'end']],
});
const withoutTimer = buildBpmn({
  id: KEY, name: '每日巡检',
  nodes: [{ id: 'start', type: 'startEvent' }, { id: 'inspect', type: 'userTask', role: 'staff', name: '巡检' }, { id: 'end', type: 'endEvent' }],
  flows: [['start', 'inspect'], ['inspect', 'end']],
});

describe('timer start events of a process', () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let connection: Connection;
  let client: Client;
  const taskQueue = `timer-starts-${Date.now()}`;
  // whether a schedule exists, read from the schedule itself (the list is eventually consistent)
  const exists = async (id: string) => client.schedule.getHandle(id).describe().then(() => true, (err: Error) => {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  });
  const made: string[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    worker = await startWorker(database.db, taskQueue);
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    for (const id of made) await client.schedule.getHandle(id).delete().catch(() => undefined);
    for (const row of await database.db('event_starts')) await client.workflow.getHandle(row.workflow_id).terminate('test over').catch(() => undefined);
    await worker?.stop();
    await connection?.close();
    await database?.close();
  });

  test('a cycle of two starts two deals of the city; a version without the timer leaves no schedule', async () => {
    const v1 = await deployApproved(database.db, { xml: withTimer({ cycle: 'R2/PT2S' }), regionCode: '990100', deployedBy: null });
    const first = await syncTimerStartSchedules(database.db, client, taskQueue);
    const scheduleId = `${TIMER_SCHEDULE_PREFIX}990100:${KEY}:v${v1.definition.version}:everyDay`;
    expect(first.created).toContain(scheduleId);
    made.push(scheduleId);
    expect(await exists(scheduleId)).toBe(true);
    // in step already: nothing created again
    expect((await syncTimerStartSchedules(database.db, client, taskQueue)).created).toEqual([]);

    // two deals, each with its open task as the projection wrote it for the portal (a code another deal holds in
    // Temporal is skipped on the way: the row then names the next one)
    const started = await until('two deals started by the schedule', async () => {
      const rows = await database.db('event_starts as s').join('process_tasks as t', 't.workflow_id', 's.workflow_id').where({ 's.process_key': KEY, 't.status': 'open' })
        .orderBy('s.id').select('s.region_code', 's.node_id', 's.deal_code', 't.node_id as task_node', 't.name as task_name', 't.region_code as task_region');
      return rows.length >= 2 ? rows : undefined;
    }, 30_000);
    expect(started).toHaveLength(2);
    for (const row of started) {
      expect(row).toMatchObject({ region_code: '990100', node_id: 'everyDay', deal_code: expect.stringMatching(/^990100-/), task_node: 'inspect', task_name: '巡检', task_region: '990100' });
    }
    // the cycle said two: no third
    await new Promise((r) => setTimeout(r, 4_000));
    expect(await database.db('event_starts').where('process_key', KEY)).toHaveLength(2);

    // a version without the timer start: its predecessor's schedule goes
    await deployApproved(database.db, { xml: withoutTimer, regionCode: '990100', deployedBy: null });
    expect((await syncTimerStartSchedules(database.db, client, taskQueue)).created).toEqual([]);
    await until('the schedule deleted', async () => !(await exists(scheduleId)) || (await syncTimerStartSchedules(database.db, client, taskQueue), false));
    // a date already past schedules nothing
    await deployApproved(database.db, { xml: withTimer({ date: '2020-01-01T09:00:00+08:00' }), regionCode: '990100', deployedBy: null });
    expect((await syncTimerStartSchedules(database.db, client, taskQueue)).created).toEqual([]);
  });

  test('a cron cycle as Camunda 8 writes it fires at 9:00 China time on working weekdays; a cycle from a start date first fires at it', async () => {
    const scheduleOf = async (cycle: string) => {
      const v = await deployApproved(database.db, { xml: withTimer({ cycle }), regionCode: '990100', deployedBy: null });
      const scheduleId = `${TIMER_SCHEDULE_PREFIX}990100:${KEY}:v${v.definition.version}:everyDay`;
      expect((await syncTimerStartSchedules(database.db, client, taskQueue)).created).toContain(scheduleId);
      made.push(scheduleId);
      return client.schedule.getHandle(scheduleId).describe();
    };
    // 每个工作日（周一至周五）9:00: the server's own next times, read in China Standard Time
    const weekdays = await scheduleOf('0 0 9 * * MON-FRI');
    const next = weekdays.info.nextActionTimes.slice(0, 5).map((t) => new Date(t.getTime() + 8 * 3_600_000));
    expect(next).toHaveLength(5);
    for (const t of next) {
      expect([t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()]).toEqual([9, 0, 0]);
      expect([1, 2, 3, 4, 5]).toContain(t.getUTCDay());
    }
    // every 7 days from a date a year ahead: nothing before it, then the date itself and a week after
    const from = new Date(Date.now() + 365 * 86_400_000);
    from.setUTCMilliseconds(0);
    const weekly = await scheduleOf(`R/${from.toISOString().replace('.000Z', 'Z')}/P7D`);
    expect(weekly.info.nextActionTimes.slice(0, 2).map((t) => t.getTime())).toEqual([from.getTime(), from.getTime() + 7 * 86_400_000]);
    // every three months from 15 January next year at 9:00 China time: the 15th of January, April, July, October
    const year = new Date().getUTCFullYear() + 1;
    const quarterly = await scheduleOf(`R4/${year}-01-15T09:00:00+08:00/P3M`);
    expect(quarterly.info.nextActionTimes.slice(0, 4).map((t) => t.toISOString())).toEqual(
      ['01', '04', '07', '10'].map((month) => new Date(`${year}-${month}-15T09:00:00+08:00`).toISOString()),
    );
  });

  test('every working day: a firing on a day off of the city\'s calendar starts nothing', async () => {
    // today and the next days are days off for 东湖市
    const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const year = Number(day(0).slice(0, 4));
    await database.db('work_calendars').insert({ region_code: '990100', year, holidays: JSON.stringify([0, 1, 2].map(day).filter((d) => d.startsWith(String(year)))), workdays: '[]' })
      .onConflict(['region_code', 'year']).merge();
    const at = new Date(Date.now() + 3_000);
    at.setUTCMilliseconds(0);
    const v = await deployApproved(database.db, { xml: withTimer({ cycle: `R/${at.toISOString().replace('.000Z', 'Z')}/P1D` }).replace('<bpmn:timerEventDefinition>', '<bpmn:timerEventDefinition ggzy:calendar="working">'), regionCode: '990100', deployedBy: null });
    const scheduleId = `${TIMER_SCHEDULE_PREFIX}990100:${KEY}:v${v.definition.version}:everyDay`;
    expect((await syncTimerStartSchedules(database.db, client, taskQueue)).created).toContain(scheduleId);
    made.push(scheduleId);
    const before = (await database.db('event_starts').where('process_key', KEY)).length;
    // it fired (its firing's workflow ran to its end) and started no deal
    const fired = await until('the firing ran', async () => {
      const d = await client.schedule.getHandle(scheduleId).describe();
      return d.info.recentActions.length > 0 && d.info.recentActions[0]!.action.workflow.workflowId;
    }, 30_000);
    expect(await client.workflow.getHandle(fired).result()).toBeNull();
    expect(await database.db('event_starts').where('process_key', KEY)).toHaveLength(before);
  });
});
