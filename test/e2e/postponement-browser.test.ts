// 顺延 in a real browser: the centre's staff open a running deal waiting for its opening, try a day off (the platform
// names the next working day), then move the bid deadline to a working day with a reason; the list shows the move
// taken by the procedure, the timeline shows the opening time and its timer moved from when to when, and the current
// deadline reads the new date.
import type { Browser } from 'playwright-core';
import { calendarFor } from '@ggzy/db';
import { isWorkingDay } from '@ggzy/process';
import { openingProcedure } from '../support/opening-procedure';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { deployApproved } from '../support/definitions';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../support/party-deals';
import { cst, cstDay, typeDate } from './support/forms';
import { launchBrowser, loginSession, requireBuiltApps, pageErrors, screenshot } from './support/browser';

jest.setTimeout(240_000);

const KEY = 'postponement_demo';
const DAY = 86_400_000;

describe('顺延 in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  /** 09:30 China time on the first working day (or, `off`, day off) at least `days` from now. */
  async function dayAt(days: number, off = false): Promise<number> {
    let at = Date.parse(`${cstDay(Date.now() + days * DAY)}T09:30:00+08:00`);
    while (isWorkingDay(at, await calendarFor(database.db, '990100', at)) === off) at += DAY;
    return at;
  }

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await deployApproved(database.db, {
      xml: openingProcedure(KEY),
      regionCode: '990000', deployedBy: null,
    });
    platform = await startPlatform(database.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('staff postpone the opening of a running deal; the procedure and its timer follow', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const openingAt = await dayAt(25);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: KEY, variables: {
      title: '东湖市滨江路改造工程', estimateFen: 120_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY, sections: [{ name: '施工', estimateFen: 120_000_000 }],
      openingAt: new Date(openingAt).toISOString(), documentsOnSaleUntil: new Date(Date.now() + 6 * DAY).toISOString(),
    } } });
    expect(started.status).toBe(201);
    const workflowId = started.body.workflowId as string;
    await until('the tender notice', async () => (await database.db('deals').where('workflow_id', workflowId).first())?.bid_deadline_at);

    const { page } = await loginSession(browser, `${platform.baseUrl}/deals/${encodeURIComponent(workflowId)}`, 'staff', DEMO_PASSWORD);
    const errors = pageErrors(page);
    const panel = page.getByTestId('postponements');
    await panel.getByTestId('current-deadline').getByText(cst(openingAt)).waitFor();

    // a day off is refused, with the next working day named
    const dayOff = await dayAt(35, true);
    await typeDate(panel.getByTestId('postpone-day'), cstDay(dayOff));
    await panel.getByTestId('postpone-reason').fill('招标人申请：补充踏勘现场');
    await panel.getByTestId('postpone-submit').click();
    await panel.locator('[data-testid="postpone-error"][data-code="DEADLINE_NOT_WORKING_DAY"]').getByText('不是工作日').waitFor();
    await screenshot(page, 'postpone-day-off');

    const later = await dayAt(35);
    await typeDate(panel.getByTestId('postpone-day'), cstDay(later));
    await panel.getByTestId('postpone-submit').click();
    await page.getByText(`投标截止时间已顺延至 ${cst(later)}`).waitFor();
    const row = panel.getByTestId('postponement-list').locator('tr', { hasText: '招标人申请：补充踏勘现场' });
    await row.getByText(cst(openingAt)).waitFor();
    await row.locator('[data-status="applied"]').waitFor();
    await panel.getByTestId('current-deadline').getByText(cst(later)).waitFor();
    // the timeline: the deadline postponed, the opening time moved, its timer with it
    const timeline = page.getByTestId('timeline');
    await timeline.locator('[data-kind="deadline.postponed"]').getByText('投标截止时间顺延').waitFor();
    await timeline.locator('[data-kind="dates.rescheduled"]').getByText(`开标时间：${cst(openingAt)}:00 → ${cst(later)}:00`, { exact: false }).waitFor();
    await timeline.locator('[data-kind="timer.rescheduled"]').getByText(`→ ${cst(later)}`, { exact: false }).waitFor();
    await screenshot(page, 'postponed');
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff })).body.variables.openingAt).toBe(new Date(later).toISOString());
    expect(errors).toEqual([]);
  });
});
