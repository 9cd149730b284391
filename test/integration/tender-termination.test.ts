// A supervisor's directives to a running construction tender, through the api: suspended mid-bidding period,
// resumed, then terminated once a second supervisor confirms it (four eyes) — the compensation releases the venue, refunds every deposit exactly once and withdraws
// the tender notice; every directive is on the deal's timeline. Real dev server; SQLite and PostgreSQL.
import { deployReferenceProcedures } from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, uploadFile, type RunningPlatform } from '../support/platform';
import { AGENT, REGISTRATION, TENDEREE, bidder } from '../support/deal-fixtures';
import { recordHistory } from '../support/histories';
import { cstWorkday, until } from '../support/reference-harness';
import { bid, makeBidders } from '../support/party-bidding';

describe.each(DATABASES)('a construction tender terminated by directive on %s', (_name, create) => {
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

  test('suspend and resume mid-bidding period, then terminate: venue released, deposits refunded once, notice withdrawn', async () => {
    const db = database.db;
    const staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    const supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', {
      token: staff,
      body: {
        processKey: 'construction_open_tender',
        variables: { title: '西湖路综合管廊工程', estimateFen: 500_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 500_000_000 }] },
      },
    });
    expect(started.status).toBe(201);
    const { workflowId, dealCode } = started.body as { workflowId: string; dealCode: string };
    expect(dealCode).toMatch(/^990100-\d{4}-JS-\d{5}$/);
    const path = `/api/process-instances/${encodeURIComponent(workflowId)}`;
    // the documents are the organiser's own step: here the centre does it for the agency, with the reason on the trail
    const complete = async (nodeId: string, data: Record<string, unknown>, onBehalf?: { reason: string }) => {
      const task = await until(`task ${nodeId}`, async () => {
        const state = await call(platform.baseUrl, 'GET', path, { token: staff });
        return (state.body.openTasks as Array<{ nodeId: string; taskId: string }>).find((t) => t.nodeId === nodeId);
      });
      const res = await call(platform.baseUrl, 'POST', `${path}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data, ...(onBehalf ? { onBehalf } : {}) } });
      expect(res.status).toBe(200);
    };
    const now = Date.now();
    const openingAt = cstWorkday(now, 22, 9);
    const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
    await complete('review', {
      openingAt, openingEndsAt: openingAt.replace('T09:', 'T11:'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:', 'T17:'),
      evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(now, 7, 17), noticeBody: '现对该项目施工进行公开招标。',
      committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 5 }],
    });
    await complete('issueDocuments', { documentsSha256: await uploadFile(platform.baseUrl, staff, '招标文件.pdf', Buffer.from('招标文件')), documentsIssuedOn: new Date(now + 8 * 3600_000).toISOString().slice(0, 10) }, { reason: '代理机构书面委托交易中心代为发出招标文件' });
    // the bidders register, pay their deposits and submit sealed bids themselves during the bidding period
    await until('bidding opened', async () => Number((await db('bid_sealing_keys').count('* as n').first())!.n) === 1);
    for (const [i, b] of (await makeBidders(db, [1, 2, 3].map((n) => bidder(n)), new Date())).entries()) {
      await bid(db, b, { dealCode, sectionCode: `${dealCode}-01`, priceFen: 490_000_000 - (i + 1), depositFen: 5_000_000, now: new Date() });
    }
    await until('three sealed bids', async () => Number((await db('bids').where('status', 'submitted').count('* as n').first())!.n) === 3);
    expect(Number((await db('deposits').count('* as n').first())!.n)).toBe(3);

    const directive = (kind: string, reason: string) => call(platform.baseUrl, 'POST', `${path}/directives`, { token: supervisor, body: { directiveId: `d-${kind}-${dealCode}`, kind, reason } });
    const suspended = await directive('suspend', '接到举报，暂停投标活动核查');
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ lifecycle: 'suspended', applied: true });
    // a directive sent twice is answered as before and changes nothing
    expect((await directive('suspend', '接到举报，暂停投标活动核查')).body).toMatchObject({ lifecycle: 'suspended' });
    expect((await directive('resume', '核查完毕，恢复')).body).toMatchObject({ lifecycle: 'active' });
    // four eyes: the termination waits for a second supervisor of the city; the one who issued it cannot confirm it
    const requested = await directive('terminate', '招标人存在违法行为，终止招标');
    expect([requested.status, requested.body]).toEqual([202, { directiveId: `d-terminate-${dealCode}`, lifecycle: 'active', applied: false, awaitingConfirmation: true }]);
    const confirm = (token: string) => call(platform.baseUrl, 'POST', `${path}/termination-confirmations`, { token, body: { directiveId: `d-terminate-${dealCode}` } });
    expect((await confirm(supervisor)).body.error.code).toBe('FOUR_EYES_SAME_PERSON');
    expect((await call(platform.baseUrl, 'GET', path, { token: staff })).body.lifecycle).toBe('active');
    const confirmed = await confirm(await loginAs(platform.baseUrl, 'supervisor2', DEMO_PASSWORD));
    expect([confirmed.status, confirmed.body]).toMatchObject([200, { lifecycle: 'terminated', applied: true }]);

    await until('the deal terminated', async () => (await db('deals').where('deal_code', dealCode).first('status'))?.status === 'terminated');
    // compensation runs in reverse order of completion: deposits, then the notice, then the venue
    await until('deposits refunded', async () => Number((await db('deposit_refunds').count('* as n').first())!.n) === 3);
    await until('the venue released', async () => (await db('venue_bookings').whereNotNull('released_at')).length === 1);
    await until('the tender notice withdrawn', async () => (await db('notices').where('notice_type', 'tender').first())?.status === 'withdrawn');
    // exactly once: one refund per deposit, no deposit left in escrow, the ledger balances
    const refunds = await db('deposit_refunds').select('deposit_id');
    expect(new Set(refunds.map((r: { deposit_id: number }) => Number(r.deposit_id))).size).toBe(3);
    const [{ total }] = await db('journal_lines').sum('amount_fen as total');
    expect(Number(total)).toBe(0);
    const bookings = await db('venue_bookings');
    expect(bookings).toHaveLength(1);
    expect(bookings[0].released_at).not.toBeNull();
    const tender = await db('notices').where('notice_type', 'tender').first();
    expect(tender.status).toBe('withdrawn');
    expect(await db('notices').where({ notice_type: 'termination', status: 'published' }).first()).toBeTruthy();

    const timeline = await call(platform.baseUrl, 'GET', `${path}/timeline`, { token: supervisor });
    expect(timeline.status).toBe(200);
    const kinds = (timeline.body.items as Array<{ kind: string }>).map((e) => e.kind);
    // the engine records each directive it applied (by an activity, after its answer); the api records the termination's
    // request and confirmation: each in its order, side by side
    expect(kinds.filter((k) => ['directive.suspend', 'directive.resume', 'directive.terminate'].includes(k))).toEqual(['directive.suspend', 'directive.resume', 'directive.terminate']);
    expect(kinds.filter((k) => k.startsWith('directive.terminate-'))).toEqual(['directive.terminate-requested', 'directive.terminate-confirmed']);
    expect(kinds).toEqual(expect.arrayContaining(['deposit.refunded', 'notice.withdrawn']));
    // the process stays terminated: no task can be completed
    const state = await call(platform.baseUrl, 'GET', path, { token: staff });
    expect(state.body.lifecycle).toBe('terminated');
    const handle = platform.temporal.client.workflow.getHandle(workflowId);
    await handle.result();
    if (_name === 'SQLite') await recordHistory(handle, 'reference-construction_open_tender-terminated');
  });
});
