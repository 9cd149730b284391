// 异议 outside the opening hall through the api, on the Temporal dev server and both databases: a running deal waits
// at the organiser's step; a bidder signed in with its certificate objects to the documents with a file it uploaded;
// the deal is suspended by a system supervisor's directive and the organiser's step frozen; the other bidder sees
// neither the objection nor who raised it, the city's staff see both, another city's staff nothing; the tenderee's
// answer is published as a clarification and resumes the deal — unless a supervisor suspended it for its own reason.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { DEMO_AGENCY, DEMO_BIDDERS, DEMO_TENDEREE } from '../support/party-deals';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const q = (s: string) => `'${s}'`;

/** 受理 → tender notice → the organiser issues the documents → end. */
function procedure(key: string): string {
  return buildBpmn({
    id: key,
    nodes: [
      { id: 'start', type: 'startEvent' },
      { id: 'accept', type: 'serviceTask', taskType: 'registration.acceptDeal', inputs: { title: 'title', procedureKind: q('construction-open-tender'), estimateFen: 'estimateFen', tenderee: 'tenderee', agent: 'agent', sections: 'sections' } },
      { id: 'publish', type: 'serviceTask', taskType: 'notices.publish', inputs: { noticeType: q('tender'), title: 'title', body: q('现进行公开招标，欢迎合格的投标人参加。'), documentsOnSaleUntil: 'documentsOnSaleUntil' } },
      { id: 'issueDocuments', type: 'userTask', name: '发出招标文件', role: 'party:organiser', formKey: 'documents' },
      { id: 'end', type: 'endEvent' },
    ],
    flows: [['start', 'accept'], ['accept', 'publish'], ['publish', 'issueDocuments'], ['issueDocuments', 'end']],
  });
}
const FORMS = { documents: { type: 'object', title: '发出招标文件', properties: { documentsSha256: { type: 'string', title: '招标文件 SHA-256', required: true } } } };

describe.each(DATABASES)('bidders\' objections outside the hall (%s)', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  let processKey: string;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, url: string, body?: unknown) => call(platform.baseUrl, method, url, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const state = async (workflowId: string) => (await as('staff', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}`)).body;
  const timeline = async (workflowId: string) => (await as('supervisor', 'GET', `/api/process-instances/${encodeURIComponent(workflowId)}/timeline`)).body.items as Array<{ kind: string; actor: string; payload: Record<string, any> }>;

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const found = await probe();
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} never happened`);
  }

  async function signIn(file: string): Promise<string> {
    const res = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file)));
    expect(res.status).toBe(200);
    return res.body.token;
  }

  /** A running deal waiting at the organiser's step, both demo bidders registered for its section. */
  async function startDeal(): Promise<{ workflowId: string; dealCode: string }> {
    const started = await as('staff', 'POST', '/api/process-instances', {
      processKey,
      variables: {
        title: '东湖市第六中学图书馆新建工程', estimateFen: 300_000_000, tenderee: DEMO_TENDEREE, agent: DEMO_AGENCY,
        sections: [{ name: '施工', estimateFen: 300_000_000 }], openingAt: new Date(Date.now() + 30 * DAY).toISOString(),
        documentsOnSaleUntil: new Date(Date.now() + 10 * DAY).toISOString(),
      },
    });
    expect(started.status).toBe(201);
    const { workflowId, dealCode } = started.body as { workflowId: string; dealCode: string };
    await until('the organiser\'s step', async () => (await state(workflowId)).openTasks?.find((t: { nodeId: string }) => t.nodeId === 'issueDocuments'));
    for (const who of ['dhjg', 'xslq']) expect((await as(who, 'POST', `/api/party/deals/${dealCode}/sections/${dealCode}-01/registration`)).status).toBe(201);
    return { workflowId, dealCode };
  }

  /** A small file uploaded by the party through the resumable upload routes. */
  async function upload(who: string, content: string): Promise<string> {
    const bytes = Buffer.from(content, 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const started = await as(who, 'POST', '/api/uploads', { fileName: '异议函.txt', mediaType: 'text/plain', sizeBytes: bytes.length, sha256 });
    expect(started.status).toBe(201);
    const put = await fetch(`${platform.baseUrl}/api/uploads/${started.body.uploadId}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: bytes,
    });
    expect(put.status).toBeLessThan(300);
    return sha256;
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-party-objections-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    tokens.designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    tokens.staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    tokens.staff2 = await loginAs(platform.baseUrl, 'staff2', DEMO_PASSWORD);
    tokens.supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    tokens.tenderee = await signIn('tenderee-dhct-ecdsa.pem');
    tokens.agency = await signIn('agency-sfdl-sm2.pem');
    tokens.dhjg = await signIn('bidder-dhjg-sm2.pem');
    tokens.xslq = await signIn('bidder-xslq-ecdsa.pem');
    tokens.sfzn = await signIn('bidder-sfzn-ecdsa.pem');
    processKey = `party_objections_${Date.now().toString(36)}`;
    expect((await deployApprovedVia(platform.baseUrl, tokens.designer!, { xml: procedure(processKey), forms: FORMS })).status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('a documents objection suspends the running deal; the answer is published without the objector and resumes it', async () => {
    const { workflowId, dealCode } = await startDeal();
    const sha256 = await upload('dhjg', '关于招标文件第三章评分标准的异议函');
    const raised = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/objections`, {
      requestId: 'objection-0001', kind: 'documents', text: '招标文件第三章评分标准设置了与项目无关的业绩要求，排斥潜在投标人。', files: [{ sha256, fileName: '异议函.txt' }],
    });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ dealHeld: 'placed', objection: { kind: 'documents', status: 'pending', files: [{ sha256, fileName: '异议函.txt' }] } });
    const due = new Date(raised.body.objection.dueAt).getTime() - new Date(raised.body.objection.raisedAt).getTime();
    expect(due).toBe(3 * DAY);
    expect((await state(workflowId)).lifecycle).toBe('suspended');
    // the organiser's step is frozen while held
    const task = (await state(workflowId)).openTasks.find((t: { nodeId: string }) => t.nodeId === 'issueDocuments');
    await until('the step in the agency\'s inbox', async () => (await as('agency', 'GET', '/api/party/tasks')).body.items.some((t: { taskId: string }) => t.taskId === task.taskId));
    const frozen = await as('agency', 'POST', '/api/party/tasks/complete', { taskId: task.taskId, data: { documentsSha256: 'c'.repeat(64) } });
    expect(frozen.status).toBe(409);
    // the same request again: the same objection
    expect((await as('dhjg', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0001', kind: 'documents', text: '招标文件第三章评分标准设置了与项目无关的业绩要求，排斥潜在投标人。' })).status).toBe(200);

    // who sees it
    const other = await as('xslq', 'GET', `/api/party/deals/${dealCode}/objections`);
    expect(other.body).toMatchObject({ mine: [], toAnswer: [], mayRaise: true, mayAnswer: false, hold: { held: true } });
    expect(JSON.stringify(other.body)).not.toContain(DEMO_BIDDERS.dhjg.creditCode);
    const organiser = await as('agency', 'GET', `/api/party/deals/${dealCode}/objections`);
    expect(organiser.body.toAnswer).toEqual([expect.objectContaining({ id: raised.body.objection.id, objector: expect.objectContaining({ creditCode: DEMO_BIDDERS.dhjg.creditCode }) })]);
    expect((await as('staff', 'GET', `/api/objections?dealCode=${dealCode}`)).body.objections).toEqual([expect.objectContaining({ id: raised.body.objection.id, overdue: false })]);
    expect((await as('staff2', 'GET', `/api/objections?dealCode=${dealCode}`)).body.objections).toEqual([]);

    // refusals: a bidder cannot answer, an outsider is not told the deal exists, an opening objection goes to the hall
    const refusals = [
      ['bidder answers', await as('xslq', 'POST', `/api/party/deals/${dealCode}/objections/${raised.body.objection.id}/answer`, { answer: '不成立' })],
      ['outsider raises', await as('sfzn', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0002', kind: 'documents', text: '我也有异议，请答复。' })],
      ['outsider reads', await as('sfzn', 'GET', `/api/party/deals/${dealCode}/objections`)],
      ['organiser raises', await as('tenderee', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0003', kind: 'documents', text: '招标人自己提出异议。' })],
      ['opening objection', await as('xslq', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0004', kind: 'opening', text: '开标过程有异议。' })],
      ['result too early', await as('xslq', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0005', kind: 'result', text: '评标结果有异议。' })],
      ['someone else\'s file', await as('xslq', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0006', kind: 'documents', text: '附他人的文件。', files: [{ sha256, fileName: 'x.txt' }] })],
      ['staff raises', await as('staff', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0007', kind: 'documents', text: '工作人员提出异议。' })],
    ] as const;
    expect(refusals.map(([who, res]) => [who, res.status, res.body.error?.code])).toEqual([
      ['bidder answers', 403, 'NOT_ORGANISER'],
      ['outsider raises', 404, 'NOT_FOUND'],
      ['outsider reads', 404, 'NOT_FOUND'],
      ['organiser raises', 403, 'NOT_REGISTERED_BIDDER'],
      ['opening objection', 409, 'OBJECTION_IN_OPENING_HALL'],
      ['result too early', 409, 'OBJECTION_RESULT_NOT_PUBLICISED'],
      ['someone else\'s file', 404, 'NOT_FOUND'],
      ['staff raises', 403, 'FORBIDDEN'],
    ]);
    expect(refusals[4][1].body.error.message).toContain('开标');

    const answered = await as('tenderee', 'POST', `/api/party/deals/${dealCode}/objections/${raised.body.objection.id}/answer`, { answer: '经复核，业绩要求与项目规模相适应，不予修改。' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ dealResumed: true, objection: { status: 'answered' } });
    expect((await state(workflowId)).lifecycle).toBe('active');
    const notices = await as('xslq', 'GET', `/api/party/deals/${dealCode}`);
    expect(notices.status).toBe(200);
    const notice = await database.db('notices').where('id', answered.body.objection.noticeId).first();
    expect(notice.notice_type).toBe('clarification');
    expect(`${notice.title}${notice.body}`).not.toContain(DEMO_BIDDERS.dhjg.name);
    const mine = await as('dhjg', 'GET', `/api/party/deals/${dealCode}/objections`);
    expect(mine.body.mine).toEqual([expect.objectContaining({ answer: '经复核，业绩要求与项目规模相适应，不予修改。', status: 'answered' })]);
    expect(mine.body.mine[0].objector).toBeUndefined();

    // both ways on the trail: the directives the workflow took and the objection's own events
    const events = await until('the resume on the trail', async () => {
      const items = await timeline(workflowId);
      return items.some((e) => e.kind === 'directive.resume') && items;
    });
    const kinds = events.filter((e) => e.kind.startsWith('objection.') || e.kind.startsWith('directive.')).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual(expect.arrayContaining([
      ['objection.raised', expect.any(String)], ['objection.hold_placed', expect.any(String)], ['directive.suspend', 'system:objections'],
      ['objection.answered', expect.any(String)], ['objection.hold_released', expect.any(String)], ['directive.resume', 'system:objections'],
    ]));
    expect(events.find((e) => e.kind === 'directive.suspend')!.payload.reason).toContain(`#${raised.body.objection.id}`);
  });

  test('a supervisor who takes over the suspension keeps it: the answer does not resume the deal', async () => {
    const { workflowId, dealCode } = await startDeal();
    const raised = await as('xslq', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0101', kind: 'documents', text: '招标文件技术参数指向特定品牌。' });
    expect(raised.body.dealHeld).toBe('placed');
    await until('the objections\' suspension on the trail', async () => (await timeline(workflowId)).some((e) => e.kind === 'directive.suspend'));
    const directive = (directiveId: string, kind: string) => as('supervisor', 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/directives`, { directiveId, kind, reason: '监管核查招标文件' });
    expect((await directive(`sup-resume-${dealCode}`, 'resume')).status).toBe(200);
    expect((await directive(`sup-suspend-${dealCode}`, 'suspend')).status).toBe(200);
    await until('the supervisor\'s suspension on the trail', async () => (await timeline(workflowId)).filter((e) => e.kind === 'directive.suspend').length === 2);
    const answered = await as('agency', 'POST', `/api/party/deals/${dealCode}/objections/${raised.body.objection.id}/answer`, { answer: '技术参数已调整为通用要求，详见澄清。' });
    expect(answered.body.dealResumed).toBe(false);
    expect((await state(workflowId)).lifecycle).toBe('suspended');
    // a deal already suspended by a supervisor is not suspended again by a new objection
    const second = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/objections`, { requestId: 'objection-0102', kind: 'documents', text: '澄清后的技术参数仍有倾向性。' });
    expect(second.body.dealHeld).toBe('suspended-otherwise');
  });
});
