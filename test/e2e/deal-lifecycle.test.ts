// End to end in a real browser: a designer draws a two-task procedure in the designer, binds a form and deploys it
// for 东湖市; staff there start a deal and complete both tasks through the form; 西山市's staff cannot see it; the
// supervisor suspends it (staff's completion is refused with the engine's message), resumes it, and it completes.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { compileBpmn, TASK_TYPES } from '@ggzy/process';
import { User, hashPassword, withCheckCharacter } from '@ggzy/db';
import { runTask } from '../support/activities';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { drawnExperts } from '../support/expert-fixtures';
import { launchBrowser, loginSession, pageErrors, pressInDialog, requireBuiltApps, screenshot } from './support/browser';

const suffix = Date.now().toString(36);
const PROCESS_KEY = `e2e_review_${suffix}`;
const FORM_KEY = 'e2e.review';
const FORM = {
  type: 'object',
  properties: {
    projectName: { type: 'string', title: '项目名称', required: true },
    opinion: { type: 'string', title: '审核意见', 'x-component': 'TextArea' },
  },
};

jest.setTimeout(300_000);

async function selectElement(page: Page, id: string) {
  const selected = page.locator(`.djs-element.selected[data-element-id="${id}"]`);
  if (!(await selected.count())) await page.locator(`.djs-element[data-element-id="${id}"]`).first().click();
  await selected.waitFor();
}

/** The properties panel's field for the selected element (the group is opened when it is collapsed). */
async function panelField(page: Page, groupId: string, entryId: string) {
  const field = page.locator(`#bio-properties-panel-${entryId}`);
  if (!(await field.isVisible())) await page.locator(`[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`).click();
  await field.waitFor();
  return field;
}

async function setText(page: Page, groupId: string, entryId: string, value: string) {
  const field = await panelField(page, groupId, entryId);
  await field.fill(value);
  await field.press('Tab');
}

/** Appends a user task after the selected element and binds it: id, name, form, candidate role. */
async function appendUserTask(page: Page, after: string, id: string, name: string) {
  await selectElement(page, after);
  await page.locator('.djs-context-pad .entry[data-action="append.ggzy-user-task"]').click();
  // the new task opens its label editor: type the name there, as a designer would
  const label = page.locator('.djs-direct-editing-parent .djs-direct-editing-content');
  await label.waitFor();
  await label.fill(name);
  await label.press('Enter');
  await page.locator('.djs-direct-editing-parent').waitFor({ state: 'hidden' });
  await setText(page, 'general', 'id', id);
  await page.locator(`.djs-element.selected[data-element-id="${id}"]`).waitFor();
  await (await panelField(page, 'ggzy', 'ggzy-formKey')).selectOption(FORM_KEY);
  await (await panelField(page, 'ggzy', 'ggzy-candidateRole')).selectOption('staff');
}

async function lifecycleOf(page: Page, expected: string) {
  await page.locator(`[data-testid="lifecycle"][data-lifecycle="${expected}"]`).waitFor({ timeout: 30_000 });
}

describe('a deal from the designer to completion, in the browser', () => {
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

  let current: Page | null = null;
  afterEach(async () => {
    // the page as the test left it: where it stopped, when a step failed
    if (current && !current.isClosed()) await screenshot(current, 'end-of-test').catch(() => undefined);
    current = null;
  });

  test('design, deploy, run, supervise', async () => {
    const base = platform.baseUrl;

    // ---- the designer draws the procedure and its form
    const designer = await loginSession(browser, `${base}/designer/`, 'designer', DEMO_PASSWORD);
    const d = designer.page;
    current = d;
    await d.locator('.djs-container').waitFor();
    await d.getByRole('tab', { name: '表单' }).click();
    await d.getByLabel('新表单编号').fill(FORM_KEY);
    await d.getByRole('button', { name: '新建表单' }).click();
    await d.getByLabel('表单 JSON Schema').fill(JSON.stringify(FORM, null, 2));
    await d.getByTestId('form-preview').getByText('审核意见').waitFor();
    await screenshot(d, 'designer-form');

    await d.getByRole('tab', { name: '流程图' }).click();
    await d.locator('.djs-element[data-element-id="start"]').waitFor();
    await d.getByTestId('canvas').click({ position: { x: 600, y: 320 } }); // empty canvas: the process itself
    await setText(d, 'general', 'id', PROCESS_KEY);
    await setText(d, 'general', 'name', '端到端审核流程');
    await appendUserTask(d, 'start', 'review', '受理审核');
    await appendUserTask(d, 'review', 'confirm', '复核确认');

    // without an end event the compiler refuses the model: the editor says so, and so does a deploy
    await d.locator('[data-testid="problems"] [data-code="NO_END_EVENT"]').waitFor();
    await d.getByTestId('deploy-open').click();
    await pressInDialog(d, '#deploy-confirm');
    await d.getByTestId('deploy-errors').getByText(/NO_END_EVENT/).first().waitFor();
    await screenshot(d, 'designer-deploy-refused');
    await d.getByRole('button', { name: /关\s*闭/ }).click();

    await selectElement(d, 'confirm');
    await d.locator('.djs-context-pad .entry[data-action="append.end-event"]').click();
    await d.getByTestId('problems-ok').waitFor();

    // a task template from the palette: placed on the diagram, pre-bound; its form does not exist here, which the
    // compiler says at once; removed again
    await d.locator('[data-template="user:contract.sign"]').click();
    await d.getByTestId('canvas').click({ position: { x: 560, y: 420 } });
    const placed = d.locator('.djs-element.selected.djs-shape');
    await placed.waitFor();
    const placedId = await placed.getAttribute('data-element-id');
    expect(await (await panelField(d, 'ggzy', 'ggzy-formKey')).inputValue()).toBe('contract.sign');
    await d.locator(`[data-testid="problems"] [data-code="UNKNOWN_FORM"]`).getByText(placedId!).waitFor();
    await screenshot(d, 'designer-template-placed');
    await d.locator('.djs-context-pad .entry[data-action="delete"]').click();
    await d.getByTestId('problems-ok').waitFor();
    await screenshot(d, 'designer-diagram');

    await d.getByTestId('deploy-open').click();
    await d.locator('.ant-modal').getByText('东湖市（990100）').waitFor();
    await pressInDialog(d, '#deploy-confirm');
    await d.getByTestId('deploy-result').getByText(/第 1 版/).waitFor();
    await d.getByRole('button', { name: /关\s*闭/ }).click();

    // the editor in English: a new modeler, the same diagram
    await d.getByRole('button', { name: 'language' }).click();
    await d.getByRole('tab', { name: 'Diagram' }).waitFor();
    await d.locator('.djs-element[data-element-id="confirm"]').waitFor();
    await d.getByTestId('problems-ok').getByText('Compiles cleanly').waitFor();
    await d.getByRole('button', { name: 'language' }).click();
    await d.getByRole('tab', { name: '流程图' }).waitFor();
    await d.locator('.djs-element[data-element-id="confirm"]').waitFor();

    // a second version (one task renamed) and the difference between the two
    await selectElement(d, 'confirm');
    await setText(d, 'general', 'name', '复核并确认');
    await d.getByTestId('problems-ok').waitFor();
    await d.getByTestId('deploy-open').click();
    await pressInDialog(d, '#deploy-confirm');
    await d.getByTestId('deploy-result').getByText(/第 2 版/).waitFor();
    await d.getByRole('button', { name: /关\s*闭/ }).click();
    // export: the file is the model as deployed (it compiles to the same process); import: it opens again
    const [download] = await Promise.all([d.waitForEvent('download'), d.getByRole('button', { name: /导出 \.bpmn/ }).click()]);
    const exported = await readFile((await download.path())!, 'utf8');
    const compiled = await compileBpmn(exported, { taskTypes: TASK_TYPES, forms: { [FORM_KEY]: FORM } });
    expect(compiled.errors).toEqual([]);
    expect(compiled.model).toMatchObject({ key: PROCESS_KEY, name: '端到端审核流程' });
    expect(Object.keys(compiled.model!.nodes).sort()).toEqual(['confirm', 'review', 'start', expect.any(String)].sort());
    const edited = exported.replace('name="受理审核"', 'name="受理审核（导入）"');
    await d.locator('input[type="file"][accept=".bpmn,.xml"]').setInputFiles({ name: 'edited.bpmn', mimeType: 'application/xml', buffer: Buffer.from(edited) });
    await d.locator('.djs-element[data-element-id="review"]').getByText('受理审核（导入）').waitFor();

    await d.getByRole('link', { name: '版本' }).click();
    const rows = d.locator('.ant-table-row', { hasText: PROCESS_KEY });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await d.getByTestId('compare').click();
    const diff = d.getByTestId('version-diff');
    await diff.locator('.ant-table-row', { hasText: 'confirm' }).getByText('修改').waitFor();
    await screenshot(d, 'designer-versions-diff');
    // four eyes: both versions wait, and their designer is not the one to approve them
    expect(await rows.locator('[data-testid="status-pending"]').count()).toBe(2);
    expect(await rows.getByText('待另一名设计员审核').count()).toBe(2);
    expect(await rows.getByRole('button', { name: /批\s*准/ }).count()).toBe(0);
    expect(pageErrors(d)).toEqual([]);
    await designer.context.close();

    // a second designer approves v2 and rejects v1 (with the reason) on the versions page
    const reviewer = await loginSession(browser, `${base}/designer/versions`, 'designer2', DEMO_PASSWORD);
    const r = reviewer.page;
    current = r;
    const reviewRow = (version: number) => r.locator('.ant-table-row', { hasText: PROCESS_KEY }).filter({ hasText: `v${version}` });
    await reviewRow(2).getByTestId('approve-2').click();
    await reviewRow(2).getByTestId('status-active').waitFor();
    await reviewRow(1).getByTestId('reject-1').click();
    await r.getByTestId('reject-reason').fill('第 1 版的确认环节名称不规范');
    await r.getByTestId('reject-submit').click();
    await reviewRow(1).getByTestId('status-rejected').waitFor();
    await screenshot(r, 'designer-versions-reviewed');
    expect(pageErrors(r)).toEqual([]);
    await reviewer.context.close();

    // ---- staff of 东湖市 start a deal and complete the first task through its form
    const staff = await loginSession(browser, `${base}/`, 'staff', DEMO_PASSWORD);
    const s = staff.page;
    current = s;
    await s.getByTestId('inbox').waitFor(); // staff land on their inbox
    await s.getByRole('link', { name: '交易' }).click();
    await s.getByTestId('start-deal').click();
    const startDialog = s.locator('.ant-modal');
    await startDialog.locator('.ant-select').first().click(); // the procedure (the region's select follows it)
    await s.locator('.ant-select-item-option', { hasText: PROCESS_KEY }).click();
    await startDialog.getByText('由平台在发起时分配').waitFor(); // no deal code to type: the server allocates it
    await pressInDialog(s, '#start-confirm');
    await s.waitForURL(/\/deals\/deal-/);
    const workflowId = decodeURIComponent(new URL(s.url()).pathname.split('/').pop()!);
    const DEAL_CODE = workflowId.slice('deal-'.length);
    expect(DEAL_CODE).toMatch(/^990100-\d{4}-QT-\d{5}$/); // 统一交易标识码 of 东湖市, kind 其他 (the model names none)
    await lifecycleOf(s, 'active');
    const review = s.getByTestId('task-review');
    await review.getByText('项目名称').waitFor();
    await s.locator('.djs-element.deal-token[data-element-id="review"]').waitFor();
    await screenshot(s, 'portal-deal-first-task');
    await review.getByRole('button', { name: /提交办结/ }).click();
    await review.getByText(/必填|required/i).first().waitFor(); // the form's own check, before anything is sent
    await review.locator('input').first().fill('东湖市示范工程');
    await review.locator('textarea').first().fill('资料齐全，同意受理');
    await review.getByRole('button', { name: /提交办结/ }).click();
    const confirm = s.getByTestId('task-confirm');
    await confirm.waitFor();
    await s.locator('.djs-element.deal-token[data-element-id="confirm"]').waitFor();
    await s.locator('.djs-element.deal-visited[data-element-id="review"]').waitFor();

    // ---- 西山市's staff cannot see it: not in their inbox, and the deal page says it does not exist
    const staff2 = await loginSession(browser, `${base}/`, 'staff2', DEMO_PASSWORD);
    const s2 = staff2.page;
    current = s2;
    await s2.getByTestId('inbox').waitFor();
    await s2.locator('.ant-table-placeholder, .ant-table-row').first().waitFor();
    expect(await s2.getByTestId('inbox').getByText(workflowId.replace(/^deal-/, '')).count()).toBe(0);
    await screenshot(s2, 'portal-other-city-inbox');
    await s2.goto(`${base}/deals/${workflowId}`);
    await s2.getByTestId('deal-not-found').waitFor();
    await screenshot(s2, 'portal-other-city-not-found');
    await staff2.context.close();

    // ---- the supervisor sees it on the live feed and suspends it
    const supervisor = await loginSession(browser, `${base}/`, 'supervisor', DEMO_PASSWORD);
    const v = supervisor.page;
    current = v;
    await v.getByTestId('feed').getByRole('link', { name: DEAL_CODE }).first().waitFor();
    await screenshot(v, 'portal-supervision-feed');
    await v.getByTestId('feed').getByRole('link', { name: DEAL_CODE }).first().click();
    await lifecycleOf(v, 'active');
    await v.getByTestId('directives').getByRole('button', { name: '暂停交易' }).click();
    await v.locator('.ant-modal').getByLabel('理由').fill('接到投诉，暂停核查');
    await pressInDialog(v, '#directive-confirm', { untilClosed: true });
    await lifecycleOf(v, 'suspended');

    // ---- staff's completion is refused with the engine's message while the deal is suspended
    current = s;
    await lifecycleOf(s, 'suspended');
    await confirm.locator('input').first().fill('东湖市示范工程');
    await confirm.getByRole('button', { name: /提交办结/ }).click();
    await confirm.getByTestId('task-error').getByText('该交易已被监管暂停，暂不能办理').waitFor();
    await screenshot(s, 'portal-refused-while-suspended');

    // ---- resumed, the completion goes through and the deal completes
    current = v;
    await v.getByTestId('directives').getByRole('button', { name: '恢复交易' }).click();
    await v.locator('.ant-modal').getByLabel('理由').fill('投诉不成立，恢复交易');
    await pressInDialog(v, '#directive-confirm', { untilClosed: true });
    await lifecycleOf(v, 'active');
    await screenshot(v, 'portal-supervisor-deal');

    current = s;
    await lifecycleOf(s, 'active');
    await confirm.locator('input').first().fill('东湖市示范工程');
    await confirm.getByRole('button', { name: /提交办结/ }).click();
    await lifecycleOf(s, 'completed');
    const timeline = s.getByTestId('timeline');
    for (const kind of ['process.started', 'task.completed', 'directive.suspend', 'directive.resume', 'process.completed']) {
      await timeline.locator(`[data-kind="${kind}"]`).first().waitFor();
    }
    await s.locator('.djs-element.deal-visited[data-element-id="confirm"]').waitFor();
    await screenshot(s, 'portal-deal-completed');
    await s.getByRole('link', { name: '交易' }).click();
    const row = s.getByTestId('deals').locator('.ant-table-row', { hasText: DEAL_CODE });
    await row.getByText('已完成').waitFor();
    await screenshot(s, 'portal-deals-list');
    expect(pageErrors(s)).toEqual([]);
    expect(pageErrors(v)).toEqual([]);
    await supervisor.context.close();
    await staff.context.close();
  });

  test('rectification: ordered with a deadline, reported by staff, accepted by the supervisor', async () => {
    const base = platform.baseUrl;
    const staff = await loginSession(browser, `${base}/`, 'staff', DEMO_PASSWORD);
    const s = staff.page;
    current = s;
    await s.getByTestId('inbox').waitFor();
    await s.getByRole('link', { name: '交易' }).click();
    await s.getByTestId('start-deal').click();
    await s.locator('.ant-modal .ant-select').first().click();
    await s.locator('.ant-select-item-option', { hasText: PROCESS_KEY }).click();
    await pressInDialog(s, '#start-confirm');
    await s.waitForURL(/\/deals\/deal-/);
    await s.getByTestId('task-review').waitFor();
    const dealUrl = s.url();

    const supervisor = await loginSession(browser, dealUrl, 'supervisor', DEMO_PASSWORD);
    const v = supervisor.page;
    current = v;
    await lifecycleOf(v, 'active');
    await v.getByTestId('directives').getByRole('button', { name: '责令整改' }).click();
    await v.locator('.ant-modal').getByLabel('理由').fill('招标文件资格条件设置不当');
    await v.locator('.ant-modal').getByLabel('期限').fill('3');
    await pressInDialog(v, '#directive-confirm', { untilClosed: true });
    await lifecycleOf(v, 'rectifying');
    // the report is still outstanding: acceptance is refused with the engine's reason
    await v.getByTestId('directives').getByRole('button', { name: '整改验收通过' }).click();
    await v.locator('.ant-modal').getByLabel('理由').fill('验收');
    // (on a loaded machine a click landing while the dialog is still opening can be lost: press again, at most thrice)
    const refusal = v.locator('.ant-modal [role="alert"]').getByText('当前状态下不能执行该监管指令');
    for (let attempt = 1; ; attempt++) {
      await pressInDialog(v, '#directive-confirm');
      try {
        await refusal.waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await v.locator('.ant-modal').getByRole('button', { name: /取\s*消/ }).click();

    current = s;
    await lifecycleOf(s, 'rectifying');
    const rectification = s.getByTestId('task-__rectification__');
    await rectification.getByText('整改：招标文件资格条件设置不当').waitFor();
    await rectification.getByText('办理时限').waitFor();
    await rectification.locator('textarea').fill('已修改资格条件并重新发布澄清公告');
    await rectification.getByRole('button', { name: /提交办结/ }).click();
    await rectification.waitFor({ state: 'detached' });
    await screenshot(s, 'portal-rectification-reported');

    current = v;
    await v.getByTestId('directives').getByRole('button', { name: '整改验收通过' }).click();
    await v.locator('.ant-modal').getByLabel('理由').fill('整改到位');
    await pressInDialog(v, '#directive-confirm', { untilClosed: true });
    await lifecycleOf(v, 'active');
    await v.getByTestId('timeline').locator('[data-kind="directive.accept-rectification"]').waitFor({ timeout: 30_000 });
    await screenshot(v, 'portal-rectification-accepted');
    expect(pageErrors(s)).toEqual([]);
    expect(pageErrors(v)).toEqual([]);
    await supervisor.context.close();
    await staff.context.close();
  });

  test('加签 in the portal: staff bring in a colleague before them; the colleague signs; the task comes back', async () => {
    const base = platform.baseUrl;
    await User.query(database.db).insert({ username: 'staffb', display_name: '东湖市工作人员乙', role: 'staff', region_code: '990100', password_hash: await hashPassword(DEMO_PASSWORD), is_demo: false });
    const staffToken = await loginAs(base, 'staff', DEMO_PASSWORD);
    const started = await call(base, 'POST', '/api/process-instances', { token: staffToken, body: { processKey: PROCESS_KEY } });
    expect(started.status).toBe(201);
    const dealUrl = `${base}/deals/${encodeURIComponent(started.body.workflowId)}`;
    const staff = await loginSession(browser, dealUrl, 'staff', DEMO_PASSWORD);
    const s = staff.page;
    current = s;
    const review = s.getByTestId('task-review');
    await review.getByTestId('add-signer').click();
    const form = s.getByTestId('add-signer-form');
    await form.locator('input').first().fill('staffb');
    await form.getByText('前加签', { exact: false }).click();
    await form.locator('textarea').fill('请法务同事先行审核');
    await screenshot(s, 'portal-add-signer');
    await s.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await review.getByText('办理人：staffb').waitFor({ timeout: 30_000 });
    await review.getByText('该任务不由您办理').waitFor();

    const colleague = await loginSession(browser, dealUrl, 'staffb', DEMO_PASSWORD);
    const c = colleague.page;
    current = c;
    const theirs = c.getByTestId('task-review');
    await theirs.locator('input').first().fill('东湖市示范工程（法务审核）');
    await theirs.getByRole('button', { name: /提交办结/ }).click();
    await c.locator('.task-reply').first().waitFor();

    current = s;
    await s.reload();
    await review.getByText('办理人：staff', { exact: true }).waitFor({ timeout: 30_000 });
    await review.getByRole('button', { name: /提交办结/ }).waitFor();
    await s.getByTestId('timeline').locator('[data-kind="task.signer_added"]').waitFor({ timeout: 30_000 });
    await screenshot(s, 'portal-add-signer-back');
    expect(pageErrors(s)).toEqual([]);
    expect(pageErrors(c)).toEqual([]);
    await colleague.context.close();
    await staff.context.close();
  });

  test('the expert committee on the deal page: the unsealed list for staff, never for the designer', async () => {
    const base = platform.baseUrl;
    const { drawId } = await drawnExperts(database.db, { unseal: true });
    const staffToken = await loginAs(base, 'staff', DEMO_PASSWORD);
    const started = await call(base, 'POST', '/api/process-instances', { token: staffToken, body: { processKey: PROCESS_KEY, variables: { expertDrawId: drawId } } });
    expect(started.status).toBe(201);
    const staff = await loginSession(browser, `${base}/deals/${encodeURIComponent(started.body.workflowId)}`, 'staff', DEMO_PASSWORD);
    const s = staff.page;
    current = s;
    const list = s.getByTestId('expert-list');
    await list.getByText('评标专家1').or(list.getByText('评标专家2')).first().waitFor();
    expect(await list.locator('tbody tr.ant-table-row').count()).toBe(6);
    expect(await list.getByText('已确认').count()).toBe(4);
    await screenshot(s, 'portal-expert-list');
    // the read is on the trail, once (the page does not poll an unsealed list)
    await s.waitForTimeout(1000);
    expect(Number((await database.db('supervision_events').where('kind', 'experts.list_read').count({ n: '*' }).first())!.n)).toBe(1);
    const designer = await loginSession(browser, `${base}/deals/${encodeURIComponent(started.body.workflowId)}`, 'designer', DEMO_PASSWORD);
    // the designer reads no deal (三权分立): the page refuses, nothing of the deal or its experts shows
    await designer.page.getByText('无权访问').waitFor();
    expect(await designer.page.getByTestId('open-tasks').count()).toBe(0);
    expect(await designer.page.getByTestId('expert-list').count()).toBe(0);
    await designer.context.close();
    await staff.context.close();
  });

  test('public notices read on a phone, and the api documentation page', async () => {
    // a deal accepted and its tender notice published by the activities themselves
    const dealCode = '990100-2026-JS-09001';
    const call = { workflowId: `wf-${dealCode}`, dealCode, regionCode: '990100' };
    await runTask(database.db, { ...call, type: 'registration.acceptDeal', nodeId: 'accept', input: {
      title: '东湖市图书馆改扩建工程', procedureKind: 'construction-open-tender', sections: [{ name: '施工' }],
      tenderee: { creditCode: withCheckCharacter('91990100MA0000009'), name: '东湖市文化旅游局' },
    } });
    const published = await runTask(database.db, { ...call, type: 'notices.publish', key: `wf-${dealCode}:publish#1`, input: {
      noticeType: 'tender', title: '东湖市图书馆改扩建工程招标公告', body: '一、项目概况\n东湖市图书馆改扩建工程已批准建设，现公开招标。\n二、投标截止时间见招标文件。',
    } });
    expect((published.result as { noticeId: number }).noticeId).toBeGreaterThan(0);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    current = page;
    await page.goto(`${platform.baseUrl}/notices`);
    await page.getByTestId('notices').getByRole('link', { name: '东湖市图书馆改扩建工程招标公告' }).waitFor();
    // nothing is wider than the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'portal-notices-phone');
    // the English switch, kept for the next visit
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByText('Public notices').first().waitFor();
    await page.reload();
    await page.getByText('Public notices').first().waitFor();
    await page.getByRole('button', { name: 'language' }).click();
    await page.getByText('公告公示').first().waitFor();
    await page.getByTestId('notices').getByRole('link', { name: '东湖市图书馆改扩建工程招标公告' }).click();
    await page.getByText('现公开招标').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'portal-notice-phone');
    // the deal's open data, linked from the notice: the OCDS record with the notice's release
    const ocdsHref = await page.getByTestId('ocds-link').getAttribute('href');
    expect(ocdsHref).toBe(`/api/public/ocds/records/${dealCode}`);
    const ocds = await (await page.request.get(`${platform.baseUrl}${ocdsHref}`)).json();
    expect(ocds.records[0].compiledRelease).toMatchObject({ tender: { id: dealCode, title: '东湖市图书馆改扩建工程' } });
    expect(ocds.records[0].releases).toHaveLength(1);
    await page.goto(`${platform.baseUrl}/api/docs`);
    // the page has loaded the spec, and the spec it shows documents the directives (on a phone-sized page the rendered
    // groups are not all in the DOM at once, so the loaded spec is asked rather than the DOM)
    const documented = await page.waitForFunction(() => {
      const ui = (window as unknown as { ui?: { specSelectors: { paths(): { has(p: string): boolean } | undefined } } }).ui;
      return ui?.specSelectors.paths()?.has('/api/process-instances/{workflowId}/directives') ?? false;
    }, undefined, { timeout: 30_000 });
    expect(await documented.jsonValue()).toBe(true);
    await screenshot(page, 'api-docs');
    await context.close();
  });
});
