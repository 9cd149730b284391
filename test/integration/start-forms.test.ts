// A deal starts from its procedure's start form (受理登记) and its tasks complete through their forms, checked on the
// server against the deployed schema: bad input is refused field by field (FORM_INVALID, zh-CN and en) and spends
// nothing — no deal code, no deal row, no workflow; a form cannot set a variable it does not declare, neither through
// the api nor by an Update sent to the workflow directly. The OpenAPI document leads to each procedure's start schema.
import { createHash } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { deployReferenceProcedures } from '@ggzy/domain';
import { completeTaskUpdate, processStateQuery } from '@ggzy/workflows';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, uploadFile, type RunningPlatform } from '../support/platform';
import { REGISTRATION, TENDEREE } from '../support/deal-fixtures';
import { cstWorkday, until } from '../support/reference-harness';

const GOOD = {
  title: '东湖市滨湖路改造工程', ...REGISTRATION, tenderee: TENDEREE,
  sections: [{ name: '道路施工', estimateFen: 250_000_000 }, { name: '施工监理', estimateFen: 6_000_000 }],
};

describe.each(DATABASES)('start forms and task forms on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployReferenceProcedures(database.db, '990000');
    platform = await startPlatform(database.db);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('the start schema is documented and served per procedure', async () => {
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const openapi = await call(platform.baseUrl, 'GET', '/api/openapi.json');
    const startOperation = openapi.body.paths['/api/process-instances'].post;
    expect(startOperation.summary).toContain('/api/process-definitions/{processKey}/start-schema');
    expect(startOperation.responses['422'].description).toMatch(/FORM_INVALID/);
    expect(openapi.body.paths['/api/process-definitions/{key}/start-schema'].get.responses['200']).toBeDefined();

    for (const [key, formKey] of [['construction_open_tender', 'start.construction'], ['government_procurement_open', 'start.procurement'], ['land_listing', 'start.land'], ['complaint', 'start.complaint']]) {
      const schema = await call(platform.baseUrl, 'GET', `/api/process-definitions/${key}/start-schema`, { token: staff });
      expect(schema.status).toBe(200);
      expect(schema.body).toMatchObject({ definition: { key, regionCode: '990000' }, formKey, variables: { type: 'object', additionalProperties: false } });
      expect(schema.body.form.properties).toBeDefined();
    }
    const construction = await call(platform.baseUrl, 'GET', '/api/process-definitions/construction_open_tender/start-schema', { token: staff });
    expect(construction.body.variables.required.sort()).toEqual(['approvalReference', 'fundingSource', 'sections', 'tenderee', 'title']);
    expect((await call(platform.baseUrl, 'GET', '/api/process-definitions/no_such_process/start-schema', { token: staff })).status).toBe(404);
  });

  test('a bad start is refused field by field and spends nothing; a good one registers the deal as the form gave it', async () => {
    const db = database.db;
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const start = (variables: Record<string, unknown>, language = 'zh-CN') =>
      call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey: 'construction_open_tender', variables }, headers: { 'accept-language': language } });

    const bad = await start({
      title: '', fundingSource: 'lottery', tenderee: { creditCode: `${TENDEREE.creditCode.slice(0, 17)}${TENDEREE.creditCode[17] === '0' ? '1' : '0'}`, name: TENDEREE.name },
      sections: [{ name: '施工', estimateFen: '2500000' }, { name: '监理', estimateFen: -5 }], openingAt: '2026-09-01T09:30:00+08:00',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('FORM_INVALID');
    expect(bad.body.error.message).toBe('表单内容不符合要求，请按字段提示修改');
    const found = (bad.body.error.details as Array<{ path: string; code: string; message: string }>).map((d) => `${d.path} ${d.code}`).sort();
    expect(found).toEqual([
      'body.variables.approvalReference required', 'body.variables.fundingSource enum', 'body.variables.openingAt undeclared',
      'body.variables.sections[0].estimateFen type', 'body.variables.sections[1].estimateFen minimum', 'body.variables.tenderee.creditCode format',
      'body.variables.title required',
    ]);
    expect(bad.body.error.details.find((d: { path: string }) => d.path === 'body.variables.title').message).toBe('「项目名称」为必填项');
    const english = await start({ ...GOOD, title: undefined }, 'en');
    expect(english.body.error).toMatchObject({ code: 'FORM_INVALID', message: 'The form\'s content is not valid; see the fields', details: [{ path: 'body.variables.title', code: 'required', message: '"项目名称" is required' }] });
    // nothing was spent or started: no code allocated (the workflow id is made from it), no deal, no process row
    expect(Number((await db('deal_code_counters').sum('last_value as n').first())?.n ?? 0)).toBe(0);
    expect(Number((await db('deals').count('* as n').first())?.n)).toBe(0);
    expect(Number((await db('process_instances').count('* as n').first())?.n)).toBe(0);

    const good = await start(GOOD);
    expect(good.status).toBe(201);
    const dealCode = good.body.dealCode as string;
    // its code is the one the counter stands at (a code another test's deal holds in the shared Temporal is skipped)
    expect(Number(dealCode.slice(-5))).toBe(Number((await db('deal_code_counters').sum('last_value as n').first())?.n));
    await until('the deal registered', async () => (await db('deals').where('deal_code', dealCode).first())?.status === 'registered');
    const deal = await db('deals').where('deal_code', dealCode).first();
    expect({ title: deal.title, estimate: Number(deal.estimate_fen) }).toEqual({ title: GOOD.title, estimate: 256_000_000 }); // the sections' sum
    const registered = await db('supervision_events').where({ deal_code: dealCode, kind: 'deal.registered' }).first();
    expect(JSON.parse(registered.payload)).toMatchObject({ approvalReference: REGISTRATION.approvalReference, fundingSource: 'fiscal', estimateFen: 256_000_000 });

    // the review task: its form's rules hold, and it cannot overwrite the registered title
    const workflowId = good.body.workflowId as string;
    const handle = platform.temporal.client.workflow.getHandle(workflowId);
    await until('the review task open', async () => (await handle.query(processStateQuery)).openTasks.some((t) => t.nodeId === 'review'));
    const task = (await handle.query(processStateQuery)).openTasks.find((t) => t.nodeId === 'review')!;
    const complete = (data: Record<string, unknown>) => call(platform.baseUrl, 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data } });
    const badReview = await complete({
      title: '改名', openingAt: '2026-09-01T09:30:00+08:00', committeeSize: '5', specialties: [{ specialtyCode: 'A01', kind: 'legal' }],
    });
    expect(badReview.status).toBe(422);
    const reviewIssues = (badReview.body.error.details as Array<{ path: string; code: string }>).map((d) => `${d.path} ${d.code}`);
    expect(reviewIssues).toEqual(expect.arrayContaining([
      'body.data.title undeclared', 'body.data.committeeSize type', 'body.data.specialties[0].count required', 'body.data.specialties[0].kind enum',
      'body.data.evaluationVenue required',
    ]));
    // the engine refuses an undeclared field by itself, for an Update that never passed through the api
    const direct = handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.taskId, actor: { userId: 0, username: 'staff', role: 'staff', regionCode: '990100' }, data: { ...reviewData(), title: '改名' } }] });
    await expect(direct).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(direct).rejects.toMatchObject({ cause: { type: 'FORM_INVALID' } });
    const state = await handle.query(processStateQuery);
    expect(state.variables.title).toBe(GOOD.title);
    expect(state.openTasks.map((t) => t.taskId)).toContain(task.taskId);
    // what the form asks for goes through
    const done = await complete(reviewData());
    expect(done.status).toBe(200);

    // the tender documents (the organiser's step, done here by staff on its written request): a digest is taken only
    // for a file the platform holds (uploaded, never a hash typed)
    await until('the documents task open', async () => (await handle.query(processStateQuery)).openTasks.some((t) => t.nodeId === 'issueDocuments'));
    const issue = (await handle.query(processStateQuery)).openTasks.find((t) => t.nodeId === 'issueDocuments')!;
    const documents = Buffer.from(`招标文件 ${dealCode}`);
    const issued = (sha256: string) => call(platform.baseUrl, 'POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, {
      token: staff, body: {
        taskId: issue.taskId, data: { documentsSha256: sha256, documentsIssuedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) },
        onBehalf: { reason: '招标代理机构书面委托交易中心代为发出招标文件' },
      },
    });
    const typed = await issued(createHash('sha256').update(documents).digest('hex'));
    expect(typed.status).toBe(422);
    expect(typed.body.error.details).toEqual([{ path: 'body.data.documentsSha256', code: 'file', message: '「招标文件」的文件未上传到平台' }]);
    const digest = await uploadFile(platform.baseUrl, staff, '招标文件.pdf', documents);
    expect((await issued(digest)).status).toBe(200);
    expect((await handle.query(processStateQuery)).variables.documentsSha256).toBe(digest);
  });
});

function reviewData() {
  // the opening and the evaluation on working days (the venues are closed at weekends), whatever day the test runs
  const openingAt = cstWorkday(Date.now(), 40, 9, 30);
  const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
  const day = (d: number, time: string) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10) + time;
  return {
    openingAt, openingEndsAt: openingAt.replace('T09:30', 'T11:30'), evaluationAt,
    evaluationEndsAt: evaluationAt.replace('T09:00', 'T17:00'), evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: day(10, 'T17:00:00+08:00'),
    noticeBody: '## 招标条件\n本项目已具备招标条件。', committeeSize: 5,
    specialties: [{ specialtyCode: 'A01', count: 4, backups: 2, kind: 'technical' }, { specialtyCode: 'B01', count: 1, backups: 1, kind: 'economic' }],
  };
}
