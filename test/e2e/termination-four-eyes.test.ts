// Four eyes on termination in a real browser: a supervisor terminates a deal on its page — it waits, shown as waiting
// to everyone, with no confirm button for the one who issued it — and a second supervisor of the city confirms it there;
// only then is the deal terminated.
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { buildBpmn } from '../support/bpmn-builder';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { launchBrowser, loginSession, pageErrors, pressInDialog, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(180_000);

describe('four eyes on termination in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    platform = await startPlatform(database.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('issued by one supervisor, confirmed by another', async () => {
    const processKey = `four_eyes_e2e_${Date.now().toString(36)}`;
    const xml = buildBpmn({
      id: processKey,
      nodes: [{ id: 'start', type: 'startEvent' }, { id: 'accept', type: 'userTask', role: 'staff' }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'accept'], ['accept', 'end']],
    });
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml, regionCode: '990100' })).status).toBe(201);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD), body: { processKey } });
    expect(started.status).toBe(201);
    const dealUrl = `${platform.baseUrl}/deals/${encodeURIComponent(started.body.workflowId)}`;
    const auditor = await loginAs(platform.baseUrl, 'auditor', DEMO_PASSWORD);
    const lifecycle = async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(started.body.workflowId)}`, { token: auditor })).body.lifecycle;

    const first = await loginSession(browser, dealUrl, 'supervisor', DEMO_PASSWORD);
    const p = first.page;
    await p.getByTestId('directives').getByRole('button', { name: '终止交易' }).click();
    await p.locator('.ant-modal').getByLabel('理由').fill('招标人存在违法行为，终止招标');
    await pressInDialog(p, '#directive-confirm', { untilClosed: true });
    await p.getByTestId('termination-waiting').waitFor();
    expect(await p.getByTestId('confirm-termination').count()).toBe(0); // not for the one who issued it
    expect(await p.getByTestId('directives').getByRole('button', { name: '终止交易' }).count()).toBe(0);
    await screenshot(p, 'termination-awaiting-confirmation');
    expect(await lifecycle()).toBe('active');

    const second = await loginSession(browser, dealUrl, 'supervisor2', DEMO_PASSWORD);
    const q = second.page;
    await q.getByTestId('termination-waiting').getByText('招标人存在违法行为，终止招标').waitFor();
    await screenshot(q, 'termination-second-supervisor');
    await q.getByTestId('confirm-termination').click();
    await q.getByText('交易已结束，不能再下达指令。').waitFor();
    await screenshot(q, 'termination-confirmed');
    expect(await lifecycle()).toBe('terminated');
    expect(pageErrors(p)).toEqual([]);
    expect(pageErrors(q)).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
