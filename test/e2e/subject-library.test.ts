// The subject library in a real browser: a member of 东湖市's staff registers a company through the dialog (the
// credit code and identity card number checked as typed), cannot review her own application, another member of staff
// approves it, and the profile shows the record with the identity card number masked.
import { withCheckCharacter } from '@ggzy/db';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { launchBrowser, loginSession, pageErrors, pressInDialog, requireBuiltApps, screenshot } from './support/browser';
import type { Browser, Page } from 'playwright-core';

jest.setTimeout(180_000);

const CODE = withCheckCharacter('91990100MA4000001');
const WRONG_CHECK = `${CODE.slice(0, 17)}${CODE[17] === '0' ? '1' : '0'}`;
const MANAGER_ID = (() => {
  const first17 = '32010219850505123';
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[weights.reduce((s, w, i) => s + w * Number(first17[i]), 0) % 11];
})();

/** Picks an option of an antd select by the field's id (the select shows its value over the input, so its box is clicked). */
async function choose(page: Page, id: string, option: string) {
  await page.locator('.ant-select', { has: page.locator(`#${id}`) }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).click();
}

describe('the subject library in the portal', () => {
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

  test('register, review by another member of staff, read the profile', async () => {
    const staff = await loginSession(browser, platform.baseUrl, 'staff', DEMO_PASSWORD);
    await staff.page.getByRole('link', { name: '主体库' }).click();
    await staff.page.getByRole('button', { name: '主体登记' }).click();
    const dialog = staff.page.getByTestId('subject-application');
    await dialog.locator('#creditCode').fill(WRONG_CHECK);
    await dialog.locator('#name').click();
    await staff.page.getByText('统一社会信用代码不正确（校验位不符）').waitFor();
    await dialog.locator('#creditCode').fill(CODE);
    await dialog.locator('#name').fill('东湖示范路桥建设有限公司');
    await choose(staff.page, 'kind', '投标人');
    await dialog.locator('#legalRepresentative').fill('周路');
    await staff.page.getByRole('button', { name: '添加人员' }).click();
    await dialog.locator('#people_0_name').fill('吴经理');
    await choose(staff.page, 'people_0_role', '项目经理');
    await dialog.locator('#people_0_idNumber').fill(MANAGER_ID);
    await staff.page.getByRole('button', { name: '添加资质' }).click();
    await dialog.locator('#qualifications_0_kind').fill('公路工程施工总承包');
    await dialog.locator('#qualifications_0_grade').fill('二级');
    await dialog.locator('#qualifications_0_certificateNo').fill('D232000123');
    await screenshot(staff.page, 'subject-application');
    await pressInDialog(staff.page, '.ant-modal-footer .ant-btn-primary');
    await staff.page.getByText('申请已提交，等待审核').waitFor();

    await staff.page.getByRole('link', { name: '主体审核' }).click();
    await staff.page.getByText('本人提交，须由他人审核').waitFor();
    expect(await staff.page.getByRole('button', { name: /通\s*过/ }).count()).toBe(0);

    const reviewer = await loginSession(browser, platform.baseUrl, 'staff2', DEMO_PASSWORD);
    await reviewer.page.goto(`${platform.baseUrl}/subject-reviews`);
    const item = reviewer.page.getByTestId('subject-reviews').locator('.ant-list-item').filter({ hasText: '东湖示范路桥建设有限公司' });
    await item.getByText('公路工程施工总承包 二级 D232000123').waitFor();
    await screenshot(reviewer.page, 'subject-review');
    await item.getByRole('button', { name: /通\s*过/ }).click();
    await reviewer.page.getByText('已通过，变更已生效').waitFor();

    await staff.page.goto(`${platform.baseUrl}/subjects/${CODE}`);
    const profile = staff.page.getByTestId('subject-profile');
    await profile.getByText('已审核').waitFor();
    await profile.getByText(`${MANAGER_ID.slice(0, 6)}********${MANAGER_ID.slice(-4)}`).waitFor();
    expect(await profile.textContent()).not.toContain(MANAGER_ID);
    await profile.getByRole('tab', { name: '资质' }).click();
    await profile.getByText('D232000123').waitFor();
    await screenshot(staff.page, 'subject-profile');
    expect([...pageErrors(staff.page), ...pageErrors(reviewer.page)]).toEqual([]);
  });
});
