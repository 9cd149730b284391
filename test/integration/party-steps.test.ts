// The parties' own steps through the api, on the Temporal dev server and both databases: a deal whose documents are
// the organiser's step (party:organiser: the tenderee or its agency) and whose decision is the tenderee's alone
// (party:tenderee). The parties sign in with the demo certificates; the agency does the first step, the tenderee the
// second; a bidder of the deal, a subject with no relation to it and the centre's staff are refused — staff may act
// for a party only with a reason, and the trail names the person who acted (and the reason when staff did).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { DEMO_AGENCY, DEMO_TENDEREE } from '../support/party-deals';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const q = (s: string) => `'${s}'`;

/** 受理 → tender notice → the organiser issues the documents → the tenderee decides → end. */
function procedure(key: string): string {
  return buildBpmn({
    id: key,
    nodes: [
      { id: 'start', type: 'startEvent' },
      { id: 'accept', type: 'serviceTask', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
      { id: 'publish', type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: 'title', body: q('现进行公开招标，欢迎合格的投标人参加。'), documentsOnSaleUntil: 'documentsOnSaleUntil' } },
      { id: 'issueDocuments', type: 'userTask', name: '发出招标文件', role: 'party:organiser', formKey: 'documents' },
      { id: 'confirmAward', type: 'userTask', name: '招标人确定中标人', role: 'party:tenderee', formKey: 'award' },
      { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'accept'], ['accept', 'publish'], ['publish', 'issueDocuments'], ['issueDocuments', 'confirmAward'], ['confirmAward', 'end']],
  });
}

const FORMS = {
  documents: { type: 'object', title: '发出招标文件', properties: { documentsSha256: { type: 'string', title: '招标文件 SHA-256', required: true } } },
  award: { type: 'object', title: '确定中标人', properties: { confirmed: { type: 'boolean', title: '招标人确认中标人', required: true } } },
};

describe.each(DATABASES)('the parties\' own steps (%s)', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  let processKey: string;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, url: string, body?: unknown) => call(platform.baseUrl, method, url, { token: tokens[who], ...(body !== undefined ? { body } : {}) });

  async function signIn(file: string): Promise<string> {
    const res = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file)));
    expect(res.status).toBe(200);
    return res.body.token;
  }

  /** A new deal of the procedure, registered and open for bidding, waiting at the organiser's step. */
  async function startDeal(): Promise<{ workflowId: string; dealCode: string }> {
    const started = await as('staff', 'POST', '/api/process-instances', {
      processKey,
      variables: {
        title: '东湖市第五中学食堂改造工程', estimateFen: 300_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY,
        sections: [{ name: '施工', estimateFen: 300_000_000 }], openingAt: new Date(Date.now() + 30 * DAY).toISOString(),
        documentsOnSaleUntil: new Date(Date.now() + 10 * DAY).toISOString(),
      },
    });
    expect(started.status).toBe(201);
    await openTask(started.body.workflowId, 'issueDocuments');
    return started.body;
  }

  async function openTask(workflowId: string, nodeId: string): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const state = await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`);
      if (state.body.incidents?.length) throw new Error(`incident: ${JSON.stringify(state.body.incidents)}`);
      const task = state.body.openTasks?.find((t: { nodeId: string }) => t.nodeId === nodeId);
      if (task) return task.taskId;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${nodeId} did not open`);
  }

  /** Waits until the worker has projected the task row (the inbox and the api's relation check read it). */
  async function projected(who: string, taskId: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if ((await as(who, 'GET', '/api/party/tasks')).body.items.some((t: { taskId: string }) => t.taskId === taskId)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${taskId} never reached the ${who}'s inbox`);
  }

  const trail = async (workflowId: string) => (await as('supervisor', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`)).body.items as Array<{ kind: string; actor: string; payload: Record<string, any> }>;

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-party-steps-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    tokens.designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    tokens.staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    tokens.supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    tokens.tenderee = await signIn('tenderee-dhct-ecdsa.pem');
    tokens.agency = await signIn('agency-sfdl-sm2.pem');
    tokens.bidder = await signIn('bidder-dhjg-sm2.pem');
    tokens.outsider = await signIn('bidder-xslq-ecdsa.pem');
    processKey = `party_steps_${Date.now().toString(36)}`;
    const deployed = await deployApprovedVia(platform.baseUrl, tokens.designer!, { xml: procedure(processKey), forms: FORMS });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the agency issues the documents and the tenderee decides; bidders, strangers and staff cannot; the trail names each person', async () => {
    const { workflowId, dealCode } = await startDeal();
    const issueDocuments = await openTask(workflowId, 'issueDocuments');
    // a bidder of the deal (registered for its section) and a subject with no relation to it
    expect((await as('bidder', 'POST', `/api/party/deals/${dealCode}/sections/${dealCode}-01/registration`)).status).toBe(201);
    await projected('agency', issueDocuments);

    // the organiser's step is in the tenderee's and the agency's inboxes, with its form; not in the bidders'
    for (const who of ['agency', 'tenderee']) {
      const inbox = await as(who, 'GET', '/api/party/tasks');
      expect(inbox.body.items).toEqual([expect.objectContaining({ taskId: issueDocuments, dealCode, nodeId: 'issueDocuments', candidateRole: 'party:organiser', title: '东湖市第五中学食堂改造工程' })]);
    }
    const ofDeal = await as('agency', 'GET', `/api/party/deals/${dealCode}/tasks`);
    expect(ofDeal.body.tasks).toEqual([expect.objectContaining({ taskId: issueDocuments, form: FORMS.documents })]);
    expect((await as('bidder', 'GET', '/api/party/tasks')).body.items).toEqual([]);
    expect((await as('bidder', 'GET', `/api/party/deals/${dealCode}/tasks`)).body.tasks).toEqual([]);
    expect((await as('outsider', 'GET', `/api/party/deals/${dealCode}/tasks`)).status).toBe(404);
    expect((await as('staff', 'GET', '/api/party/tasks')).status).toBe(403);
    // and it is not in the staff's inbox
    expect((await as('staff', 'GET', `/api/tasks?workflowId=${encodeURIComponent(workflowId)}`)).body.items).toEqual([]);

    const data = { documentsSha256: 'a'.repeat(64) };
    const refusals = [
      ['bidder', await as('bidder', 'POST', '/api/party/tasks/complete', { taskId: issueDocuments, data })],
      ['outsider', await as('outsider', 'POST', '/api/party/tasks/complete', { taskId: issueDocuments, data })],
      ['outsider claiming', await as('outsider', 'POST', '/api/party/tasks/claim', { taskId: issueDocuments })],
      ['staff', await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: issueDocuments, data })],
      ['staff claiming', await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/claim`, { taskId: issueDocuments })],
      ['a supervisor on behalf', await as('supervisor', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: issueDocuments, data, onBehalf: { reason: '招标人证书遗失，书面委托中心代为办理' } })],
      ['a party on the staff route', await as('agency', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: issueDocuments, data })],
      ['incomplete', await as('agency', 'POST', '/api/party/tasks/complete', { taskId: issueDocuments, data: {} })],
    ] as const;
    expect(refusals.map(([who, res]) => [who, res.status, res.body.error?.code])).toEqual([
      ['bidder', 403, 'TASK_NOT_YOURS'],
      ['outsider', 404, 'TASK_NOT_FOUND'],
      ['outsider claiming', 404, 'TASK_NOT_FOUND'],
      ['staff', 403, 'TASK_FOR_PARTY'],
      ['staff claiming', 403, 'TASK_FOR_PARTY'],
      ['a supervisor on behalf', 403, 'TASK_FOR_PARTY'],
      ['a party on the staff route', 403, 'FORBIDDEN'],
      ['incomplete', 422, 'FORM_INVALID'],
    ]);
    expect(refusals[3][1].body.error.message).toContain('当事人本人');

    const done = await as('agency', 'POST', '/api/party/tasks/complete', { taskId: issueDocuments, data });
    expect(done.status).toBe(200);
    // the reply shows the agency its own open steps only: the next one is the tenderee's alone
    expect(done.body).toEqual({ lifecycle: 'active', openTasks: [] });
    expect((await as('agency', 'POST', '/api/party/tasks/complete', { taskId: issueDocuments, data })).body.error.code).toBe('TASK_CLOSED');

    const confirmAward = await openTask(workflowId, 'confirmAward');
    await projected('tenderee', confirmAward);
    expect((await as('agency', 'GET', '/api/party/tasks')).body.items).toEqual([]);
    const byAgency = await as('agency', 'POST', '/api/party/tasks/complete', { taskId: confirmAward, data: { confirmed: true } });
    expect([byAgency.status, byAgency.body.error.code]).toEqual([403, 'TASK_NOT_YOURS']);
    expect((await as('tenderee', 'POST', '/api/party/tasks/claim', { taskId: confirmAward })).status).toBe(200);
    // claimed by the tenderee's person: now not even staff acting on behalf may take it
    const onBehalf = await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: confirmAward, data: { confirmed: true }, onBehalf: { reason: '招标人证书遗失，书面委托中心代为办理' } });
    expect([onBehalf.status, onBehalf.body.error.code]).toEqual([403, 'TASK_NOT_YOURS']);
    expect((await as('tenderee', 'POST', '/api/party/tasks/complete', { taskId: confirmAward, data: { confirmed: true } })).status).toBe(200);

    for (let i = 0; i < 100 && (await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`)).body.lifecycle !== 'completed'; i++) await new Promise((r) => setTimeout(r, 100));
    const events = await trail(workflowId);
    const completed = events.filter((e) => e.kind === 'task.completed');
    expect(completed.map((e) => [e.payload.nodeId, e.actor.startsWith('party.'), e.payload.party?.subjectName, e.payload.party?.personName])).toEqual([
      ['issueDocuments', true, DEMO_AGENCY.name, '陈静'],
      ['confirmAward', true, DEMO_TENDEREE.name, '刘洋'],
    ]);
    expect(events.find((e) => e.kind === 'task.assigned' && e.payload.nodeId === 'confirmAward')?.payload.party?.personName).toBe('刘洋');
  });

  test('the centre\'s staff act for a party only with a reason, which the trail keeps', async () => {
    const { workflowId } = await startDeal();
    const issueDocuments = await openTask(workflowId, 'issueDocuments');
    const tooShort = await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: issueDocuments, data: { documentsSha256: 'b'.repeat(64) }, onBehalf: { reason: '代办' } });
    expect([tooShort.status, tooShort.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const reason = '代理机构签名设备故障，凭书面委托书由中心代为办理';
    const done = await as('staff', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { taskId: issueDocuments, data: { documentsSha256: 'b'.repeat(64) }, onBehalf: { reason } });
    expect(done.status).toBe(200);
    let event: { actor: string; payload: Record<string, any> } | undefined;
    for (let i = 0; i < 100 && !event; i++) {
      event = (await trail(workflowId)).find((e) => e.kind === 'task.completed' && e.payload.nodeId === 'issueDocuments');
      if (!event) await new Promise((r) => setTimeout(r, 100));
    }
    expect(event).toMatchObject({ actor: 'staff', payload: { onBehalf: { role: 'staff', reason } } });
    expect(event!.payload.party).toBeUndefined();
  });
});
