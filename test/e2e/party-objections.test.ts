// In a real browser: a bidder of a running deal raises an objection to the tender documents with a file of evidence;
// the deal is paused and the page says so; the agency sees the objection with who raised it and its due date and
// answers it; the deal runs again, the bidder reads the answer, another bidder reads it as a clarification without the
// objector, and the supervisor's deal page lists it read-only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { DEMO_AGENCY, DEMO_BIDDERS, DEMO_TENDEREE } from '../support/party-deals';
import { certificateSession, launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(240_000);

const DAY = 86_400_000;
const TITLE = '东湖市第七中学实验楼新建工程';
const q = (s: string) => `'${s}'`;
const OBJECTION = '招标文件第三章要求近三年同类实验楼业绩两项，与项目规模不相适应，排斥潜在投标人。';
const ANSWER = '经复核，业绩要求调整为近五年同类业绩一项，详见本澄清。';

describe('a bidder\'s objection raised and answered in the browser', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;
  let workflowId: string;
  let dealCode: string;
  let staff: string;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-objections-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    browser = await launchBrowser();
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const processKey = `e2e_objections_${Date.now().toString(36)}`;
    const xml = buildBpmn({
      id: processKey,
      nodes: [
        { id: 'start', type: 'startEvent' },
        { id: 'accept', type: 'serviceTask', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
        { id: 'publish', type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: 'title', body: q('现进行公开招标。'), documentsOnSaleUntil: 'documentsOnSaleUntil' } },
        { id: 'evaluate', type: 'userTask', name: '组织评标', role: 'staff' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'accept'], ['accept', 'publish'], ['publish', 'evaluate'], ['evaluate', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml })).status).toBe(201);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', {
      token: staff,
      body: {
        processKey, variables: {
          title: TITLE, estimateFen: 200_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY, sections: [{ name: '施工', estimateFen: 200_000_000 }],
          openingAt: new Date(Date.now() + 30 * DAY).toISOString(), documentsOnSaleUntil: new Date(Date.now() + 10 * DAY).toISOString(),
        },
      },
    });
    expect(started.status).toBe(201);
    ({ workflowId, dealCode } = started.body);
    for (let i = 0; i < 300 && !(await lifecycle()).openTasks?.length; i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const lifecycle = async () => (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff })).body;
  const signIn = (file: string): Promise<Page> => certificateSession(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file));

  test('raised with a file, the deal paused; answered by the agency, the deal resumed; read by the supervisor', async () => {
    const bidder = await signIn('bidder-dhjg-sm2.pem');
    await bidder.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    await bidder.getByTestId(`register-${dealCode}-01`).click();
    await bidder.getByTestId(`registration-${dealCode}-01`).waitFor();
    const form = bidder.getByTestId('objection-form');
    await form.waitFor();
    await form.getByTestId('online-objection-text').fill(OBJECTION);
    const evidence = path.join(dataDir, '业绩要求对比.txt');
    writeFileSync(evidence, '同类项目业绩要求对比表');
    await form.locator('input[type="file"]').setInputFiles(evidence);
    await screenshot(bidder, 'bidder-objection-form');
    await bidder.getByTestId('objection-raise').click();
    await bidder.getByTestId('objection-hold').waitFor({ timeout: 30_000 });
    const mine = bidder.getByTestId('my-objections');
    await mine.getByText('待答复').waitFor();
    expect(await mine.textContent()).toContain('业绩要求对比.txt');
    await screenshot(bidder, 'bidder-objection-raised');
    expect((await lifecycle()).lifecycle).toBe('suspended');

    const agency = await signIn('agency-sfdl-sm2.pem');
    await agency.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    const toAnswer = agency.getByTestId('objections-to-answer');
    await toAnswer.getByText(OBJECTION).waitFor({ timeout: 30_000 });
    expect(await toAnswer.textContent()).toContain(DEMO_BIDDERS.dhjg.name);
    const [id] = (await database.db('party_objections').select('id')).map((r) => Number(r.id));
    expect(await agency.getByTestId(`objection-due-${id}`).textContent()).toMatch(/\d/);
    await screenshot(agency, 'agency-objection-to-answer');
    await agency.getByTestId(`objection-answer-text-${id}`).fill(ANSWER);
    await agency.getByTestId(`objection-answer-${id}`).click();
    await toAnswer.getByText('已答复').waitFor({ timeout: 30_000 });
    await screenshot(agency, 'agency-objection-answered');
    expect((await lifecycle()).lifecycle).toBe('active');

    await bidder.reload();
    await bidder.getByTestId('my-objections').getByText(ANSWER).waitFor({ timeout: 30_000 });
    expect(await bidder.getByTestId('objection-hold').count()).toBe(0);
    await screenshot(bidder, 'bidder-objection-answer');

    // another bidder of the deal reads the answer as a clarification that does not name the objector
    const other = await signIn('bidder-xslq-ecdsa.pem');
    await other.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    await other.getByTestId(`register-${dealCode}-01`).click();
    await other.getByTestId(`registration-${dealCode}-01`).waitFor();
    const clarifications = other.getByTestId('objection-clarifications');
    await clarifications.getByText(ANSWER).waitFor({ timeout: 30_000 });
    expect(await clarifications.textContent()).not.toContain(DEMO_BIDDERS.dhjg.name);
    expect(await clarifications.textContent()).not.toContain('业绩要求对比.txt'); // the objector's evidence stays with it
    expect(await other.getByTestId('my-objections').textContent()).not.toContain(OBJECTION);
    await screenshot(other, 'other-bidder-clarification');

    const supervisor = await loginSession(browser, `${platform.baseUrl}/deals/${encodeURIComponent(workflowId)}`, 'supervisor', DEMO_PASSWORD);
    await supervisor.page.goto(`${platform.baseUrl}/deals/${encodeURIComponent(workflowId)}`);
    const listed = supervisor.page.getByTestId('staff-objections');
    await listed.getByText(ANSWER).waitFor({ timeout: 30_000 });
    expect(await listed.textContent()).toContain(DEMO_BIDDERS.dhjg.name);
    expect(await listed.locator('textarea').count()).toBe(0);
    await screenshot(supervisor.page, 'supervisor-objections');

    expect(pageErrors(bidder)).toEqual([]);
    expect(pageErrors(agency)).toEqual([]);
    expect(pageErrors(other)).toEqual([]);
    expect(pageErrors(supervisor.page)).toEqual([]);
  });
});
