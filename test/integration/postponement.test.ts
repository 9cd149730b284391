// 顺延 through the api, on the Temporal dev server and both databases: the centre's staff move a running deal's bid
// deadline later (refused earlier, on a day off, or by another city); a bidder's question answered less than 15 days
// before the deadline moves it by itself to the earliest lawful time. Either way the change notice is published, the
// trail says what moved, and the deal's procedure follows: its openingAt moves and its opening timer with it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calendarFor } from '@ggzy/db';
import { isWorkingDay } from '@ggzy/process';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { openingProcedure } from '../support/opening-procedure';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../support/party-deals';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/** 09:30 China time on the first working day at least `days` from now. */
async function workingDayAt(database: TestDatabase, days: number): Promise<Date> {
  const china = new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
  let at = Date.parse(`${china}T09:30:00+08:00`);
  while (!isWorkingDay(at, await calendarFor(database.db, '990100', at))) at += DAY;
  return new Date(at);
}

/** 09:30 China time on the first day off at least `days` from now. */
async function dayOffAt(database: TestDatabase, days: number): Promise<Date> {
  let at = (await workingDayAt(database, days)).getTime();
  while (isWorkingDay(at, await calendarFor(database.db, '990100', at))) at += DAY;
  return new Date(at);
}

describe.each(DATABASES)('顺延 of a running deal (%s)', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  let processKey: string;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, url: string, body?: unknown) => call(platform.baseUrl, method, url, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const state = async (workflowId: string) => (await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`)).body;
  const timeline = async (workflowId: string) => (await as('supervisor', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`)).body.items as Array<{ kind: string; actor: string; payload: Record<string, any> }>;
  const postponements = (who: string, workflowId: string, body?: unknown) => as(who, body === undefined ? 'GET' : 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/postponements`, body);

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const found = await probe();
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} never happened`);
  }

  async function signIn(file: string): Promise<string> {
    const res = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file)));
    expect(res.status).toBe(200);
    return res.body.token;
  }

  /** A running deal whose tender notice announced `openingAt`, waiting for the opening. */
  async function startDeal(openingAt: Date): Promise<{ workflowId: string; dealCode: string }> {
    const started = await as('staff', 'POST', '/api/process-instances', {
      processKey,
      variables: {
        title: '东湖市滨江路改造工程', estimateFen: 120_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY,
        sections: [{ name: '施工', estimateFen: 120_000_000 }], openingAt: openingAt.toISOString(),
        documentsOnSaleUntil: new Date(Date.now() + 6 * DAY).toISOString(),
      },
    });
    expect(started.status).toBe(201);
    const { workflowId, dealCode } = started.body as { workflowId: string; dealCode: string };
    await until('the tender notice', async () => (await timeline(workflowId)).some((e) => e.kind === 'notice.published'));
    return { workflowId, dealCode };
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-postponement-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    for (const user of ['designer', 'staff', 'staff2', 'supervisor', 'admin']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
    tokens.tenderee = await signIn('tenderee-dhct-ecdsa.pem');
    tokens.dhjg = await signIn('bidder-dhjg-sm2.pem');
    processKey = `postponement_${Date.now().toString(36)}`;
    expect((await deployApprovedVia(platform.baseUrl, tokens.designer!, { xml: openingProcedure(processKey) })).status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('staff move the deadline later: announced, on the trail, and the opening timer follows', async () => {
    const openingAt = await workingDayAt(database, 25);
    const { workflowId, dealCode } = await startDeal(openingAt);
    const later = await workingDayAt(database, 40);
    const move = { bidDeadline: later.toISOString(), reason: '招标人申请：补充踏勘现场', requestId: `req-${Date.now()}` };

    // refused: not later, on a day off, by another city, by a role that may not
    expect((await postponements('staff', workflowId, { ...move, bidDeadline: new Date(openingAt.getTime() - DAY).toISOString(), requestId: 'req-earlier-1' })).body.error.code).toBe('POSTPONEMENT_NOT_LATER');
    const dayOff = await postponements('staff', workflowId, { ...move, bidDeadline: (await dayOffAt(database, 30)).toISOString(), requestId: 'req-dayoff-1' });
    expect([dayOff.status, dayOff.body.error.code]).toEqual([422, 'DEADLINE_NOT_WORKING_DAY']);
    expect((await postponements('staff2', workflowId, move)).status).toBe(404);
    expect((await postponements('supervisor', workflowId, move)).status).toBe(403);
    expect((await postponements('staff', workflowId, { ...move, bidDeadline: '2026-13-40T09:30:00+08:00' })).status).toBe(400);
    expect((await postponements('staff', workflowId)).body.items).toEqual([]);

    const moved = await postponements('staff', workflowId, move);
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ dealCode, from: openingAt.toISOString(), to: later.toISOString(), cause: 'requested', requestedBy: 'staff', workflowStatus: 'applied', noticeId: expect.any(Number) });
    // the same request again is the same move; another move under its id is refused
    expect((await postponements('staff', workflowId, move)).body).toMatchObject({ id: moved.body.id });
    expect((await postponements('staff', workflowId, { ...move, bidDeadline: (await workingDayAt(database, 45)).toISOString() })).body.error.code).toBe('POSTPONEMENT_KEY_REUSED');

    // the procedure's date and its timer moved; the timeline says from when to when
    expect((await state(workflowId)).variables.openingAt).toBe(later.toISOString());
    const events = await until('the timer to follow', async () => {
      const items = await timeline(workflowId);
      return items.some((e) => e.kind === 'timer.rescheduled') ? items : undefined;
    });
    expect(events.find((e) => e.kind === 'dates.rescheduled')!.payload).toMatchObject({ changes: [{ variable: 'openingAt', from: openingAt.toISOString(), to: later.toISOString() }] });
    expect(events.find((e) => e.kind === 'timer.rescheduled')!.payload).toMatchObject({ nodeId: 'untilOpening', from: openingAt.toISOString(), to: later.toISOString() });
    expect(events.find((e) => e.kind === 'deadline.postponed')).toMatchObject({ actor: 'staff', payload: { from: openingAt.toISOString(), to: later.toISOString(), cause: 'requested' } });
    // the change notice is public, and the parties' portal shows the new deadline
    const notice = await database.db('notices').where('id', moved.body.noticeId).first();
    expect(notice).toMatchObject({ notice_type: 'clarification', status: 'published' });
    expect(notice.body).toContain('补充踏勘现场');
    const open = await as('dhjg', 'GET', `/api/party/deals/${dealCode}`);
    expect(open.body.bidDeadline).toBe(later.toISOString());
  });

  test('an answer less than 15 days before the deadline moves it to the earliest lawful time by itself; the procedure follows', async () => {
    const openingAt = await workingDayAt(database, 10);
    const { workflowId, dealCode } = await startDeal(openingAt);
    expect((await as('dhjg', 'POST', `/api/party/deals/${dealCode}/sections/${dealCode}-01/registration`)).status).toBe(201);
    const asked = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/questions`, { requestId: `q-${Date.now()}`, question: '是否允许联合体投标？' });
    expect(asked.status).toBe(201);
    const answered = await as('tenderee', 'POST', `/api/party/deals/${dealCode}/questions/${asked.body.question.id}/answer`, { answer: '不接受联合体投标。' });
    expect(answered.status).toBe(200);
    expect(answered.body.question.late).toBe(true);

    const [moved] = (await postponements('staff', workflowId)).body.items;
    expect(moved).toMatchObject({ from: openingAt.toISOString(), cause: 'late-clarification', workflowStatus: 'applied' });
    const to = Date.parse(moved.to);
    const answeredAt = Date.parse(answered.body.question.answeredAt);
    expect(to).toBeGreaterThanOrEqual(answeredAt + 15 * DAY);
    expect((to - openingAt.getTime()) % DAY).toBe(0); // the same clock time
    expect(isWorkingDay(to, await calendarFor(database.db, '990100', to))).toBe(true);
    expect((await state(workflowId)).variables.openingAt).toBe(moved.to);
    await until('the timer to follow', async () => (await timeline(workflowId)).find((e) => e.kind === 'timer.rescheduled' && e.payload.to === moved.to));
    // staff cannot bring it back before the lawful time
    const back = await postponements('staff', workflowId, { bidDeadline: new Date(to - DAY).toISOString(), reason: '提前', requestId: `req-back-${Date.now()}` });
    expect(back.body.error.code).toBe('POSTPONEMENT_NOT_LATER');
  });

  test('a calendar change that makes the opening day a day off moves the opening to the next working day', async () => {
    const openingAt = await workingDayAt(database, 28);
    const { workflowId } = await startDeal(openingAt);
    const day = new Date(openingAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const year = Number(day.slice(0, 4));
    const existing = await as('admin', 'GET', `/api/work-calendars/990100/${year}`);
    const calendar = existing.status === 200 ? existing.body : { holidays: [], workdays: [] };
    expect((await as('admin', 'PUT', `/api/work-calendars/990100/${year}`, { ...calendar, holidays: [...calendar.holidays, day] })).status).toBe(204);

    const [moved] = (await postponements('staff', workflowId)).body.items;
    expect(moved).toMatchObject({ from: openingAt.toISOString(), cause: 'calendar', requestedBy: 'admin', workflowStatus: 'applied', reason: expect.stringContaining(day) });
    const to = Date.parse(moved.to);
    expect((to - openingAt.getTime()) % DAY).toBe(0);
    expect(isWorkingDay(to, await calendarFor(database.db, '990100', to))).toBe(true);
    for (let d = openingAt.getTime() + DAY; d < to; d += DAY) expect(isWorkingDay(d, await calendarFor(database.db, '990100', d))).toBe(false);
    expect((await state(workflowId)).variables.openingAt).toBe(moved.to);
    await until('the timer to follow', async () => (await timeline(workflowId)).find((e) => e.kind === 'timer.rescheduled' && e.payload.to === moved.to));
  });
});
