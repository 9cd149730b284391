// The portal's 运行监控 page in a real browser: a deal whose gateway finds no way out is listed for the system
// administrator with its node and cause in words; once staff corrected the amount, the administrator retries it with
// a reason and the deal leaves the list. Then its token, moved to the wrong step, is moved to the right one: asked by
// the administrator (the deal refuses a move from where no token waits), confirmed by a supervisor.
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { deployApproved } from '../support/definitions';
import { incidentProcessXml } from '../support/incident-process';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { launchBrowser, loginSession, requireBuiltApps, pageErrors, screenshot } from './support/browser';

jest.setTimeout(240_000);

const KEY = 'incident_demo';

describe('the operations console in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await deployApproved(database.db, {
      xml: incidentProcessXml(KEY),
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

  test('listed with its cause, retried with a reason after the fix, gone', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: KEY, variables: { amount: -5 } } });
    const workflowId = started.body.workflowId as string;
    await until('the incident on the row', async () => Number((await database.db('process_instances').where('workflow_id', workflowId).first())?.incident_count) === 1);
    const dealCode = (await database.db('process_instances').where('workflow_id', workflowId).first()).deal_code as string;

    const { page } = await loginSession(browser, `${platform.baseUrl}/operations`, 'admin', DEMO_PASSWORD);
    const errors = pageErrors(page);
    const row = page.getByTestId('incidents').locator('tr', { hasText: dealCode });
    await row.getByText('网关的所有出口条件都不成立').waitFor();
    await row.getByText('route').waitFor();
    await screenshot(page, 'incident-listed');

    // staff put the amount right
    const deal = await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff });
    const correct = deal.body.openTasks.find((t: { nodeId: string }) => t.nodeId === 'correct');
    expect((await call(platform.baseUrl, 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { token: staff, body: { taskId: correct.taskId, data: { amount: 500 } } })).status).toBe(200);

    await page.getByTestId(`retry-${dealCode}`).click();
    await page.getByTestId('retry-reason').fill('金额已由经办人更正为 500');
    await screenshot(page, 'incident-retry');
    await page.getByTestId('retry-submit').click();
    await page.getByText('已重试，交易继续进行').waitFor();
    await row.waitFor({ state: 'detached' });
    await screenshot(page, 'incident-gone');
    expect((await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff })).body.openTasks.map((t: { nodeId: string }) => t.nodeId)).toEqual(['big']);

    // the deal went to 大额复核 by mistake: the administrator asks to move its token to 小额复核 — a step where no
    // token waits is refused by the deal at once — and a supervisor confirms the move
    const ask = async (from: string) => {
      await page.getByTestId('token-moves').getByTestId('ask-move').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '移动令牌' });
      await dialog.getByLabel('流程实例').fill(workflowId);
      await dialog.getByLabel('从环节').fill(from);
      await dialog.getByLabel('到环节').fill('small');
      await dialog.getByLabel('原因').fill('金额已更正为小额，应由小额复核办理');
      await dialog.getByTestId('move-submit').click();
      return dialog;
    };
    const refused = await ask('correct');
    await refused.getByTestId('move-refused').getByText('no token of the deal waits at correct', { exact: false }).waitFor();
    await screenshot(page, 'move-refused');
    await refused.getByLabel('从环节').fill('big');
    await refused.getByTestId('move-submit').click();
    await page.getByText('已提交，待该交易的监管人员确认').waitFor();
    const pending = page.getByTestId('token-moves').locator('tr', { hasText: '金额已更正为小额' });
    await pending.getByText('待确认').waitFor();
    await screenshot(page, 'move-asked');

    const supervisor = await loginSession(browser, `${platform.baseUrl}/operations`, 'supervisor', DEMO_PASSWORD);
    const row2 = supervisor.page.getByTestId('token-moves').locator('tr', { hasText: '金额已更正为小额' });
    await row2.getByRole('button', { name: '确认移动' }).click();
    await row2.getByText('已移动').waitFor({ timeout: 60_000 });
    await screenshot(supervisor.page, 'move-confirmed');
    await until('the token at 小额复核', async () => {
      const state = await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff });
      return state.body.openTasks?.map((t: { nodeId: string }) => t.nodeId).join() === 'small';
    });
    expect(pageErrors(supervisor.page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
