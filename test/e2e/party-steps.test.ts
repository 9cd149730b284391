// In a real browser: a deal waits at the organiser's own step (party:organiser — the tenderee or its agency). The agency
// signs in with its SM2 certificate, finds the step in its inbox, opens the deal, fills the step's form and completes
// it; the deal moves on to the tenderee's step. A bidder of the deal sees no step of the organiser's and files a
// complaint in its own name from the same page, and sees it recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { deployReferenceProcedures, loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { DEMO_AGENCY, DEMO_BIDDERS, DEMO_TENDEREE } from '../support/party-deals';
import { certificateSession, launchBrowser, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(240_000);

const DAY = 86_400_000;
const TITLE = '东湖市第六中学运动场改造工程';
const q = (s: string) => `'${s}'`;

describe('a party does its own step in the browser', () => {
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
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-steps-'));
    await seedDemoParties(database.db, dataDir);
    await deployReferenceProcedures(database.db, '990000'); // the complaint procedure a bidder's complaint starts
    platform = await startPlatform(database.db, { trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    browser = await launchBrowser();
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const processKey = `e2e_party_steps_${Date.now().toString(36)}`;
    const xml = buildBpmn({
      id: processKey,
      nodes: [
        { id: 'start', type: 'startEvent' },
        { id: 'accept', type: 'serviceTask', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
        { id: 'publish', type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: 'title', body: q('现进行公开招标。'), documentsOnSaleUntil: 'documentsOnSaleUntil' } },
        { id: 'issueDocuments', type: 'userTask', name: '发出招标文件', role: 'party:organiser', formKey: 'documents.issue' },
        { id: 'confirmAward', type: 'userTask', name: '招标人确定中标人', role: 'party:tenderee', formKey: 'award.confirm' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [['start', 'accept'], ['accept', 'publish'], ['publish', 'issueDocuments'], ['issueDocuments', 'confirmAward'], ['confirmAward', 'end']],
    });
    const forms = {
      'documents.issue': { type: 'object', title: '发出招标文件', properties: { documentsSha256: { type: 'string', title: '招标文件 SHA-256', 'x-decorator': 'FormItem', 'x-component': 'Input', required: true } } },
      'award.confirm': { type: 'object', title: '确定中标人', properties: { confirmed: { type: 'boolean', title: '招标人确认中标人', 'x-decorator': 'FormItem', 'x-component': 'Checkbox', required: true } } },
    };
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml, forms })).status).toBe(201);
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
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(file: string): Promise<Page> {
    const page = await certificateSession(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file));
    return page;
  }

  const openNodes = async () => ((await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff })).body.openTasks as Array<{ nodeId: string }>).map((t) => t.nodeId);

  test('the agency completes the organiser\'s step; a bidder files its complaint', async () => {
    const agency = await signIn('agency-sfdl-sm2.pem');
    await agency.getByTestId('to-party-tasks').click();
    const inbox = agency.getByTestId('party-inbox');
    await inbox.getByText('发出招标文件').waitFor({ timeout: 30_000 });
    expect(await inbox.textContent()).toContain('招标人或招标代理机构');
    await screenshot(agency, 'agency-inbox');
    await inbox.getByRole('link', { name: TITLE }).click();
    const card = agency.getByTestId('party-task-issueDocuments');
    await card.waitFor();
    // submitting the empty form is stopped beside the field; then filled and completed
    await card.getByRole('button', { name: '提交办结' }).click();
    await card.locator('.ant-formily-item-error-help, .ant-formily-item-feedback-layout-loose .ant-formily-item-help').first().waitFor();
    await card.locator('input').first().fill('c'.repeat(64));
    await screenshot(agency, 'agency-task-form');
    await card.getByRole('button', { name: '提交办结' }).click();
    await agency.getByTestId('party-deal-tasks').waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(agency, 'agency-task-done');
    expect(await openNodes()).toEqual(['confirmAward']);
    // the trail names the agency's person
    const supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    const events = (await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`, { token: supervisor })).body.items as Array<{ kind: string; payload: Record<string, any> }>;
    expect(events.find((e) => e.kind === 'task.completed' && e.payload.nodeId === 'issueDocuments')?.payload.party).toMatchObject({ subjectName: DEMO_AGENCY.name, personName: '陈静' });

    // the bidder: registered, it sees no organiser's step, and complains in its own name
    const bidder = await signIn('bidder-dhjg-sm2.pem');
    await bidder.goto(`${platform.baseUrl}/party/deals/${dealCode}`);
    await bidder.getByTestId(`register-${dealCode}-01`).click();
    await bidder.getByTestId(`registration-${dealCode}-01`).waitFor();
    await bidder.getByTestId('complaints').waitFor();
    expect(await bidder.getByTestId('party-deal-tasks').count()).toBe(0);
    await bidder.getByTestId('complaint-grounds').fill('招标文件设置的业绩条件明显排斥潜在投标人，请求责令修改。');
    await bidder.getByTestId('complaint-file').click();
    await bidder.getByTestId('my-complaints').getByText('已提交，待受理审查').waitFor({ timeout: 30_000 });
    await screenshot(bidder, 'bidder-complaint-filed');
    const complaints = (await database.db('complaints').where('deal_code', dealCode).select('complainant_credit_code', 'complainant_name'));
    expect(complaints).toEqual([{ complainant_credit_code: DEMO_BIDDERS.dhjg.creditCode, complainant_name: DEMO_BIDDERS.dhjg.name }]);

    expect(pageErrors(agency)).toEqual([]);
    expect(pageErrors(bidder)).toEqual([]);
  });
});
