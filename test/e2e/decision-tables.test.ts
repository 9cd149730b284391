// The designer's 决策表 page in a real browser: a designer opens the province's committee-size table in dmn-js,
// changes a cell, tries the edited table over sample variables (the result and the matched rule), deploys it for
// 东湖市 — it waits for review — and sees a broken cell refused beside the table; a second designer approves it there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { deployDecisionsApproved } from '../support/definitions';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { launchBrowser, loginSession, requireBuiltApps, pageErrors, screenshot } from './support/browser';

jest.setTimeout(180_000);

const KEY = 'procurement_committee_size';
const REFERENCE = readFileSync(path.join(__dirname, '..', '..', 'process', 'reference', 'decisions', `${KEY}.dmn`), 'utf8');

describe('decision tables in the designer', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await deployDecisionsApproved(database.db, { xml: REFERENCE, regionCode: '990000', deployedBy: null });
    platform = await startPlatform(database.db, { withWorker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('open the reference table, edit a cell, try it, deploy (pending), a second designer approves', async () => {
    const url = `${platform.baseUrl}/designer/decisions`;
    const first = await loginSession(browser, url, 'designer', DEMO_PASSWORD);
    const p = first.page;
    await p.getByTestId(`decision-open-${KEY}/990000/1`).click();
    await p.getByTestId('decision-opened').getByText(KEY).waitFor();
    const cell = p.locator('[data-testid="decision-editor"] [data-element-id="r4_out"]');
    await cell.waitFor();
    expect((await cell.innerText()).trim()).toBe('5');

    // the minimum committee becomes 7
    await cell.click();
    await p.keyboard.press('Control+A');
    await p.keyboard.type('7');
    await p.getByTestId('decision-try-variables').click(); // leaves the cell
    expect((await cell.innerText()).trim()).toBe('7');

    await p.getByTestId('decision-try-variables').fill('{"estimateFen": 50000000, "committeeSize": 3}');
    await p.getByTestId('decision-try-run').click();
    await p.getByTestId('decision-try-result').waitFor();
    expect(await p.getByTestId('decision-try-value').innerText()).toBe('7');
    expect(await p.getByTestId('decision-try-rule').allInnerTexts()).toEqual(['minimum']);
    expect(await p.locator('[data-row-id="minimum"].decision-rule-matched').count()).toBeGreaterThan(0);
    await screenshot(p, 'decision-edited-and-tried');

    await p.getByTestId('decision-deploy').click();
    await p.getByTestId('decision-deployed-pending').waitFor();
    await screenshot(p, 'decision-deployed-pending');
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    const deployed = await call(platform.baseUrl, 'GET', `/api/decision-definitions/${KEY}/990100/1`, { token: designer });
    expect([deployed.status, deployed.body.status, deployed.body.deployedBy, deployed.body.model.rules[3].outputEntries]).toEqual([200, 'pending', 'designer', ['7']]);
    await p.getByTestId(`decision-row-${KEY}/990100/1`).getByText('待另一名设计员审核').waitFor(); // not for its deployer

    // a cell the compiler cannot read: refused, shown beside the table on its rule
    const budget = p.locator('[data-testid="decision-editor"] [data-element-id="r1_budget"]');
    await budget.click();
    await p.keyboard.press('Control+A');
    await p.keyboard.type('>= >= 5');
    await p.getByTestId('decision-try-variables').click();
    await p.getByTestId('decision-deploy').click();
    const problems = p.getByTestId('decision-problems');
    await problems.getByText('budget_10m_requested').waitFor();
    expect(await problems.innerText()).toContain('DMN_BAD_ENTRY');
    await screenshot(p, 'decision-deploy-refused');

    const second = await loginSession(browser, url, 'designer2', DEMO_PASSWORD);
    const q = second.page;
    await q.getByTestId(`decision-approve-${KEY}/990100/1`).click();
    await q.getByTestId(`decision-row-${KEY}/990100/1`).getByText('已生效').waitFor();
    await screenshot(q, 'decision-approved-by-second-designer');
    const approved = await call(platform.baseUrl, 'GET', `/api/decision-definitions/${KEY}/990100/1`, { token: designer });
    expect([approved.body.status, approved.body.reviewedBy]).toEqual(['active', 'designer2']);
    expect(pageErrors(p)).toEqual([]);
    expect(pageErrors(q)).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
