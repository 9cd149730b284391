// 用户管理 in a real browser: the security administrator lands on the page, creates a user (the temporary password shown
// once; the user's first sign-in can only change it), makes it a supervisor, ends its sessions, disables it, resets its
// password, and reads the page in English; the system administrator's page lists only the security administrators;
// the auditor has no such page.
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, startPlatform, type RunningPlatform } from '../support/platform';
import { launchBrowser, loginSession, pageErrors, pressInDialog, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(180_000);

describe('user administration in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    platform = await startPlatform(database.db, { withWorker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  const row = (page: Page, username: string) => page.locator(`tr[data-row-key="${username}"]`);
  async function choose(page: Page, field: string, option: string): Promise<void> {
    await page.locator('.ant-modal .ant-select').filter({ has: page.locator(`#${field}`) }).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  }
  /** Waits for the dialogs' opening motion to end, so a picture shows them as a person sees them. */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 10_000 });
  }
  async function confirmAction(page: Page, username: string, action: string): Promise<void> {
    await row(page, username).getByRole('button', { name: action }).click();
    await pressInDialog(page, '.ant-modal-confirm-btns .ant-btn-primary');
  }

  test('the security administrator creates, changes, signs out, disables and resets a user', async () => {
    const { context, page } = await loginSession(browser, platform.baseUrl, 'secadmin', DEMO_PASSWORD);
    await page.waitForURL(/\/users$/);
    await row(page, 'staff').waitFor();
    expect(await row(page, 'admin').count()).toBe(0); // the officers are not its to administer
    await screenshot(page, 'users-list');

    // create: the temporary password is shown once
    await page.getByTestId('create-user').click();
    await page.locator('.ant-modal #username').fill('e2e_clerk');
    await page.locator('.ant-modal #displayName').fill('东湖市新同事');
    await choose(page, 'role', '交易中心工作人员');
    await choose(page, 'regionCode', '东湖市（990100）');
    await settled(page);
    await screenshot(page, 'create-user-dialog');
    await pressInDialog(page, '#create-user-ok', { untilClosed: true });
    const temporary = (await page.getByTestId('temporary-password-value').textContent())!.trim();
    expect(temporary).toHaveLength(20);
    await row(page, 'e2e_clerk').getByText('待改密').waitFor();
    await screenshot(page, 'user-created-temporary-password');
    const first = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'e2e_clerk', password: temporary } });
    expect([first.status, first.body.user.pendingStep]).toEqual([200, 'change-password']);

    // a new role
    await row(page, 'e2e_clerk').getByRole('button', { name: '编辑' }).click();
    await choose(page, 'role', '监管人员');
    await pressInDialog(page, '#edit-user-ok', { untilClosed: true });
    await row(page, 'e2e_clerk').getByText('监管人员').waitFor();
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { token: first.body.token })).body.error.code).toBe('SESSION_ENDED');

    // sessions listed, then ended
    const again = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'e2e_clerk', password: temporary } });
    await row(page, 'e2e_clerk').getByRole('button', { name: '会话' }).click();
    await page.getByTestId('user-sessions').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('user-sessions').locator('tbody tr.ant-table-row').count()).toBe(1);
    await settled(page);
    await screenshot(page, 'user-sessions');
    await page.getByTestId('end-sessions').click();
    await pressInDialog(page, '.ant-modal-confirm-btns .ant-btn-primary');
    await page.getByText('已结束 1 个会话').waitFor();
    expect((await call(platform.baseUrl, 'GET', '/api/auth/me', { token: again.body.token })).body.error.code).toBe('SESSION_ENDED');
    await page.locator('.ant-modal').getByRole('button', { name: /关\s*闭/ }).click();

    // disabled: no sign-in
    await confirmAction(page, 'e2e_clerk', '停用');
    await row(page, 'e2e_clerk').getByText('已停用').waitFor();
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'e2e_clerk', password: temporary } })).body.error.code).toBe('ACCOUNT_DISABLED');
    await confirmAction(page, 'e2e_clerk', '启用');
    await row(page, 'e2e_clerk').getByText('正常').waitFor();

    // a reset password: a new temporary one, the old one no longer good
    await confirmAction(page, 'e2e_clerk', '重置密码');
    await page.waitForFunction((old) => document.querySelector('[data-testid="temporary-password-value"]')?.textContent?.trim() !== old, temporary);
    const reset = (await page.getByTestId('temporary-password-value').textContent())!.trim();
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'e2e_clerk', password: temporary } })).status).toBe(401);
    expect((await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: 'e2e_clerk', password: reset } })).status).toBe(200);

    // the trail has each act, by the security administrator
    const kinds = (await database.db('supervision_events').where('actor', 'secadmin').select('kind')).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['user.created', 'user.changed', 'user.sessions-ended', 'auth.password-reset']));

    // in English
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByText('User administration').waitFor();
    await row(page, 'e2e_clerk').getByText('Supervisor').waitFor();
    await screenshot(page, 'users-list-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  test('the system administrator sees only the security administrators; the auditor has no user page', async () => {
    const admin = await loginSession(browser, platform.baseUrl, 'admin', DEMO_PASSWORD);
    await admin.page.getByTestId('nav-users').click();
    await row(admin.page, 'secadmin').waitFor();
    expect(await admin.page.locator('tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(admin.page, 'admin-appoints-security-administrators');
    await admin.context.close();

    const auditor = await loginSession(browser, platform.baseUrl, 'auditor', DEMO_PASSWORD);
    expect(await auditor.page.getByTestId('nav-users').count()).toBe(0);
    await auditor.page.goto(`${platform.baseUrl}/users`);
    await auditor.page.getByText('无权访问').waitFor();
    await auditor.context.close();
  });
});
