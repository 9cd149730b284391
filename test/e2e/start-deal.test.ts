// End to end in a real browser: 东湖市's staff start a construction tender (工程建设项目公开招标) from the portal with
// the procedure's own start form — the tenderee and the agency picked from the subject library, sections added and
// removed in the table, estimates typed in 元 with thousands separators — and the deal is registered as typed (in 分).
// Then the first task's form (experts' specialties from the catalogue, a room, dates on the working-day calendar) and
// the tender documents — the organiser's own step, done here by staff on its behalf (代为办理) with a reason — uploaded
// through the resumable uploads, the form keeping the SHA-256 the browser computed.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { getWorkCalendar } from '@ggzy/db';
import { seedDemoParties, seedDemoProcedures } from '@ggzy/domain';
import { processStateQuery } from '@ggzy/workflows';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';
import { cstDay, item, pick, typeDate } from './support/forms';

jest.setTimeout(300_000);

/** The working day `days` after `from` in 东湖市's calendar (weekends and holidays skipped, make-up days kept). */
async function workday(db: TestDatabase['db'], from: number, days: number): Promise<string> {
  for (let t = from + days * 86_400_000; ; t += 86_400_000) {
    const day = new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
    const calendar = await getWorkCalendar(db, '990100', Number(day.slice(0, 4)));
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (calendar?.workdays.includes(day) || (weekday !== 0 && weekday !== 6 && !calendar?.holidays.includes(day))) return day;
  }
}

describe('a construction tender started from the portal with its start form', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await seedDemoProcedures(database.db, '990000');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-start-'));
    await seedDemoParties(database.db, dataDir); // the subject library's tenderee and agency
    platform = await startPlatform(database.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let current: Page | null = null;
  afterEach(async () => {
    if (current && !current.isClosed()) await screenshot(current, 'end-of-test').catch(() => undefined);
    current = null;
  });

  test('registration through the start form, then the review form with its pickers', async () => {
    const db = database.db;
    const { page: s, context } = await loginSession(browser, `${platform.baseUrl}/`, 'staff', DEMO_PASSWORD);
    current = s;
    await s.getByRole('link', { name: '交易' }).click();
    await s.getByTestId('start-deal').click();
    const dialog = s.locator('.ant-modal');
    await dialog.locator('.ant-select').first().click();
    await s.locator('.ant-select-item-option', { hasText: 'construction_open_tender' }).click();
    const form = dialog.getByTestId('start-form');
    await form.getByText('项目审批（核准、备案）文号').waitFor();
    await screenshot(s, 'start-form-empty');

    // submitted empty: the form says what is missing beside each field, and nothing is started
    await form.getByRole('button', { name: /发起交易/ }).click();
    await form.locator('.ant-formily-item-error-help', { hasText: /必填/ }).first().waitFor();
    await screenshot(s, 'start-form-required');
    expect(Number((await db('deal_code_counters').sum('last_value as n').first())?.n ?? 0)).toBe(0);

    const field = (label: string) => form.locator('.ant-formily-item', { has: s.locator('.ant-formily-item-label', { hasText: label }) }).first();
    await field('项目名称').locator('input').fill('东湖市滨湖路综合改造工程');
    await field('项目审批（核准、备案）文号').locator('input').fill('东发改投资〔2026〕18号');
    await pick(item(form, '资金来源'), null, '财政性资金');
    await pick(item(form, '招标人'), '城市建设', '东湖市城市建设投资有限公司');
    await pick(item(form, '招标代理机构'), '示范招标', '示范招标代理有限公司');

    // three rows added, the last one removed: the table keeps two sections
    const addRow = form.getByRole('button', { name: /添加一行/ });
    for (let i = 0; i < 3; i++) await addRow.click();
    const rows = form.locator('.ant-table-tbody tr.ant-table-row');
    await until('three rows', async () => (await rows.count()) === 3);
    await rows.nth(2).locator('.anticon-delete').click();
    await until('two rows', async () => (await rows.count()) === 2);
    const sections: Array<[string, string, string]> = [['道路施工', '2500000.5', '2,500,000.50'], ['施工监理', '60000', '60,000.00']];
    for (const [i, [name, yuanTyped, yuanShown]] of sections.entries()) {
      await rows.nth(i).locator('input').nth(0).fill(name);
      const money = rows.nth(i).locator('.ant-input-number input');
      await money.fill(yuanTyped);
      await money.blur();
      expect(await money.inputValue()).toBe(yuanShown);
    }
    await screenshot(s, 'start-form-filled');
    await form.getByRole('button', { name: /发起交易/ }).click();
    const refused = dialog.getByTestId('start-error');
    await Promise.race([s.waitForURL(/\/deals\/deal-/), refused.waitFor().then(async () => { throw new Error(`refused: ${await refused.innerText()}`); })]);
    const workflowId = decodeURIComponent(new URL(s.url()).pathname.split('/').pop()!);
    const dealCode = workflowId.replace(/^deal-/, '');

    // registered as typed: the subjects from the library, the estimates in 分, the sum as the deal's estimate
    await until('the deal registered', async () => (await db('deals').where('deal_code', dealCode).first())?.status === 'registered', 60_000);
    const deal = await db('deals').where('deal_code', dealCode).first();
    const subject = async (id: number) => (await db('subjects').where('id', id).first()).name as string;
    expect({ title: deal.title, tenderee: await subject(deal.tenderee_subject_id), agent: await subject(deal.agent_subject_id), estimate: Number(deal.estimate_fen) })
      .toEqual({ title: '东湖市滨湖路综合改造工程', tenderee: '东湖市城市建设投资有限公司', agent: '示范招标代理有限公司', estimate: 250_000_050 + 6_000_000 });
    const stored = await db('sections').where('deal_id', deal.id).orderBy('section_code').select('name', 'estimate_fen');
    expect(stored.map((r) => [r.name, Number(r.estimate_fen)])).toEqual([['道路施工', 250_000_050], ['施工监理', 6_000_000]]);
    const registered = JSON.parse((await db('supervision_events').where({ deal_code: dealCode, kind: 'deal.registered' }).first()).payload);
    expect(registered).toMatchObject({ approvalReference: '东发改投资〔2026〕18号', fundingSource: 'fiscal' });

    // the review task's form: a room, dates on the working-day calendar, specialties from the catalogue
    const task = s.getByTestId('task-review');
    await task.waitFor({ timeout: 60_000 });
    await pick(item(task, '评标地点'), '评标室', '东湖市交易中心第一评标室');
    await task.getByRole('button', { name: /添加一行/ }).click();
    const specialty = task.locator('.ant-table-tbody tr.ant-table-row').first();
    await specialty.locator('.ant-select-selector').first().click();
    await specialty.locator('.ant-select input').first().fill('A01');
    await s.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^A01 / }).first().click();
    const opening = task.locator('.ant-formily-item', { has: s.locator('.ant-formily-item-label', { hasText: '开标时间（投标截止时间）' }) }).locator('.ant-picker');
    await opening.click();
    // Saturdays and Sundays (not make-up working days) cannot be chosen
    const weekend = s.locator('.ant-picker-dropdown:visible td.ant-picker-cell-in-view.ant-picker-cell-disabled');
    await weekend.first().waitFor();
    expect(await weekend.count()).toBeGreaterThanOrEqual(6);
    await s.keyboard.press('Escape');
    await screenshot(s, 'review-form-pickers');

    // the schedule typed as a person would, on working days of the city's calendar (China Standard Time)
    const openingDay = await workday(db, Date.now(), 24);
    const evaluationDay = await workday(db, Date.parse(`${openingDay}T12:00:00+08:00`), 1);
    const saleEnds = await workday(db, Date.now(), 8);
    const reviewField = (label: string) => item(task, label);
    for (const [label, value] of [['开标时间', `${openingDay} 09:30`], ['开标结束时间', `${openingDay} 11:30`], ['评标开始时间', `${evaluationDay} 09:00`],
      ['评标结束时间', `${evaluationDay} 17:00`], ['招标文件发售截止时间', `${saleEnds} 17:00`]] as const) {
      await typeDate(reviewField(label), value);
    }
    await reviewField('招标公告正文').locator('textarea').fill('## 招标条件\n本项目已具备招标条件，现对道路施工及施工监理进行公开招标。');
    await reviewField('评标委员会人数').locator('input').fill('5');
    await specialty.locator('input').nth(1).fill('5');
    const reviewed = s.waitForResponse((r) => r.url().endsWith('/tasks/complete') && r.request().method() === 'POST', { timeout: 60_000 });
    await task.getByRole('button', { name: /提交办结/ }).click();
    expect((await reviewed).status()).toBe(200);

    // the documents: the organiser's own step, which staff do here for it (代为办理) with the reason the trail keeps;
    // uploaded through the resumable uploads, the field keeps the SHA-256 the browser computed
    const issue = s.getByTestId('task-issueDocuments');
    await issue.getByTestId('task-for-party').waitFor({ timeout: 60_000 });
    await issue.getByTestId('act-on-behalf').click();
    const reason = '招标代理机构签章设备故障，凭其书面委托代为发出招标文件';
    await issue.getByTestId('on-behalf-reason').fill(reason);
    const documents = Buffer.from(`东湖市滨湖路综合改造工程招标文件 ${dealCode}\n`.repeat(2000));
    await issue.locator('input[type="file"]').setInputFiles({ name: '招标文件.pdf', mimeType: 'application/pdf', buffer: documents });
    const digest = createHash('sha256').update(documents).digest('hex');
    await issue.getByTestId('uploaded-file').getByText('招标文件.pdf').waitFor();
    await typeDate(item(issue, '发出日期'), cstDay(Date.now()));
    await screenshot(s, 'documents-uploaded');
    // the api answers once the process has taken the step (the task leaves the page a little earlier)
    const answered = s.waitForResponse((r) => r.url().endsWith('/tasks/complete') && r.request().method() === 'POST', { timeout: 60_000 });
    await issue.getByRole('button', { name: /代为提交办结/ }).click();
    expect((await answered).status()).toBe(200);
    await issue.waitFor({ state: 'detached', timeout: 60_000 });
    const done = (await db('supervision_events').where({ deal_code: dealCode, kind: 'task.completed' }).select('payload'))
      .map((e: { payload: string }) => JSON.parse(e.payload) as { nodeId: string; onBehalf?: { reason: string } }).find((p) => p.nodeId === 'issueDocuments');
    expect(done?.onBehalf).toMatchObject({ reason });
    const handle = platform.temporal.client.workflow.getHandle(workflowId);
    const variables = (await handle.query(processStateQuery)).variables;
    expect(variables).toMatchObject({ documentsSha256: digest, committeeSize: 5, evaluationVenue: '东湖市交易中心第一评标室', openingAt: `${openingDay}T09:30:00+08:00` });
    expect(variables.specialties).toEqual([{ specialtyCode: 'A01', count: 5 }]);
    expect(Number((await db('stored_files').where('sha256', digest).first())?.size_bytes)).toBe(documents.length);
    await screenshot(s, 'documents-issued');
    expect(pageErrors(s)).toEqual([]);
    // leave the deal page (it polls the api) before the platform stops, so no request of it is left in flight
    await s.goto('about:blank');
    await context.close();
  });
});
