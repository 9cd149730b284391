// The designer's 实例迁移 page in a real browser: two deals wait at 审核 on version 1; version 2 renamed the step to
// 复核 and added 归档登记. The designer picks the procedure and both versions, the dry run says 审核 has no node in the
// target, the designer maps it to 复核, the dry run now lets both move, and the designer moves them with a reason. The
// deals show the new step. Then the same for open deals of a reference procedure (工程建设项目公开招标) whose version 2
// renamed 登记审核与日程安排 under a new id.
import type { Browser } from 'playwright-core';
import { buildBpmn } from '../support/bpmn-builder';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { deployApproved } from '../support/definitions';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { until } from '../support/reference-harness';
import { launchBrowser, loginSession, requireBuiltApps, pageErrors, screenshot } from './support/browser';
import { pick } from './support/forms';
import { deployReferenceProcedures } from '@ggzy/domain';
import { RENAMED_REVIEW, constructionTenderVersion2 } from '../support/reference-versions';
import { AGENT, REGISTRATION, TENDEREE } from '../support/deal-fixtures';

jest.setTimeout(240_000);

const KEY = 'migration_demo';
const V1 = buildBpmn({
  id: KEY, name: '迁移演示', nodes: [{ id: 'start', type: 'startEvent' }, { id: 'review', type: 'userTask', role: 'staff', name: '审核' }, { id: 'end', type: 'endEvent' }],
  flows: [['start', 'review'], ['review', 'end']],
});
const V2 = buildBpmn({
  id: KEY, name: '迁移演示',
  nodes: [{ id: 'start', type: 'startEvent' }, { id: 'check', type: 'userTask', role: 'staff', name: '复核' }, { id: 'file', type: 'userTask', role: 'staff', name: '归档登记' }, { id: 'end', type: 'endEvent' }],
  flows: [['start', 'check'], ['check', 'file'], ['file', 'end']],
});

describe('moving running deals in the designer', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await deployApproved(database.db, { xml: V1, regionCode: '990000', deployedBy: null });
    await deployReferenceProcedures(database.db, '990000');
    platform = await startPlatform(database.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('dry run, map the renamed step, move both deals with a reason', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: KEY } })).body.workflowId as string);
    const openAt = (id: string) => until(`an open task on ${id}`, async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(id)}`, { token: staff })).body.openTasks?.[0] as { nodeId: string; name: string } | undefined);
    for (const id of ids) expect((await openAt(id)).nodeId).toBe('review');
    await deployApproved(database.db, { xml: V2, regionCode: '990000', deployedBy: null });

    const { page } = await loginSession(browser, `${platform.baseUrl}/designer/migrations`, 'designer', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await pick(page.getByTestId('migration-key'), null, KEY);
    await pick(page.getByTestId('migration-region'), null, '（990000）');
    await pick(page.getByTestId('migration-from'), null, 'v1');
    await pick(page.getByTestId('migration-to'), null, 'v2');
    await page.getByTestId('migration-dry-run').click();
    const deals = page.getByTestId('migration-deals');
    await deals.getByText('目标版本中没有该节点').first().waitFor();
    expect(await deals.locator('tbody tr.ant-table-row').count()).toBe(2);
    await screenshot(page, 'migration-dry-run-unmapped');

    await pick(page.getByTestId('map-review'), null, '复核');
    await page.getByTestId('migration-dry-run').click();
    await deals.getByText('可迁移').first().waitFor();
    expect(await deals.getByText('可迁移').count()).toBe(2);
    await page.getByTestId('migration-reason').fill('审核环节改为复核并增加归档登记');
    await screenshot(page, 'migration-dry-run-mapped');
    await page.getByTestId('migration-run').click();
    await deals.getByText('已迁移').first().waitFor();
    expect(await deals.getByText('已迁移').count()).toBe(2);
    await screenshot(page, 'migration-moved');

    for (const id of ids) await until(`${id} at 复核`, async () => (await openAt(id)).name === '复核');
    expect(errors).toEqual([]);
  });

  test('open deals of a reference procedure moved to its version 2 with the renamed step mapped', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: {
      processKey: 'construction_open_tender',
      variables: { title: '东湖市第七中学体育馆新建工程', estimateFen: 300_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 300_000_000 }] },
    } });
    expect(started.status).toBe(201);
    const id = started.body.workflowId as string;
    const openAt = () => until(`an open task on ${id}`, async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(id)}`, { token: staff })).body.openTasks?.[0] as { nodeId: string; name: string } | undefined);
    expect((await openAt()).nodeId).toBe(RENAMED_REVIEW.from);
    const v2 = constructionTenderVersion2();
    const deployed = await deployApproved(database.db, { xml: v2.xml, forms: v2.forms, regionCode: '990000', deployedBy: null });

    const { page } = await loginSession(browser, `${platform.baseUrl}/designer/migrations`, 'designer', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await pick(page.getByTestId('migration-key'), null, 'construction_open_tender');
    await pick(page.getByTestId('migration-region'), null, '（990000）');
    await pick(page.getByTestId('migration-from'), null, `v${deployed.definition.version - 1}`);
    await pick(page.getByTestId('migration-to'), null, `v${deployed.definition.version}`);
    await page.getByTestId('migration-dry-run').click();
    const deals = page.getByTestId('migration-deals');
    await deals.getByText('目标版本中没有该节点').first().waitFor();
    await pick(page.getByTestId(`map-${RENAMED_REVIEW.from}`), null, RENAMED_REVIEW.name);
    await page.getByTestId('migration-dry-run').click();
    await deals.getByText('可迁移').first().waitFor();
    await page.getByTestId('migration-reason').fill('本市规定登记审核时一并核查信用记录');
    await page.getByTestId('migration-run').click();
    await deals.getByText('已迁移').first().waitFor();
    await screenshot(page, 'reference-migration-moved');
    await until(`${id} at the renamed step`, async () => (await openAt()).name === RENAMED_REVIEW.name);
    expect((await openAt()).nodeId).toBe(RENAMED_REVIEW.to);
    expect(errors).toEqual([]);
  });
});
