// End to end in a real browser: 东湖市's staff start a construction tender (工程建设项目公开招标) from the portal with
// the procedure's own start form — the tenderee and the agency picked from the subject library, sections added and
// removed in the table, estimates typed in 元 with thousands separators — and the deal is registered as typed (in 分).
// Then the first task's form: experts' specialties from the catalogue, a room, dates on the working-day calendar.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemoParties, seedDemoProcedures } from '@ggzy/domain';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(300_000);

/** Picks the option of an antd select (the field labelled `label` in `scope`), found by typing `search` when given. */
async function pick(page: Page, scope: ReturnType<Page['locator']>, label: string, search: string | null, option: string | RegExp) {
  const item = scope.locator('.ant-formily-item', { has: page.locator('.ant-formily-item-label', { hasText: label }) }).first();
  await item.locator('.ant-select-selector').click();
  if (search !== null) await item.locator('input').fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
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
    await pick(s, form, '资金来源', null, '财政性资金');
    await pick(s, form, '招标人', '城市建设', '东湖市城市建设投资有限公司');
    await pick(s, form, '招标代理机构', '示范招标', '示范招标代理有限公司');

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
    await pick(s, task, '评标地点', '评标室', '东湖市交易中心第一评标室');
    await task.getByRole('button', { name: /添加一行/ }).click();
    const specialty = task.locator('.ant-table-tbody tr.ant-table-row').first();
    await specialty.locator('.ant-select-selector').first().click();
    await specialty.locator('.ant-select input').first().fill('A01');
    await s.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^A01 / }).first().click();
    const opening = task.locator('.ant-formily-item', { has: s.locator('.ant-formily-item-label', { hasText: '开标时间（投标截止时间）' }) }).locator('.ant-picker');
    await opening.click();
    // Saturdays and Sundays (not make-up working days) cannot be chosen
    const weekend = s.locator('.ant-picker-dropdown:visible td.ant-picker-cell-in-view.ant-picker-cell-disabled');
    expect(await weekend.count()).toBeGreaterThanOrEqual(6);
    await s.keyboard.press('Escape');
    await screenshot(s, 'review-form-pickers');
    expect(pageErrors(s)).toEqual([]);
    await context.close();
  });
});
