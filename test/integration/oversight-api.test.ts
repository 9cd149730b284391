// The supervisor's and auditor's api beyond the feed: trail verification, alerts and complaints.
import { deployReferenceProcedures } from '@ggzy/domain';
import { isPostgres } from '@ggzy/db';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { runTask, DEAL } from '../support/activities';
import { accept, bidder } from '../support/deal-fixtures';

describe.each(DATABASES)('oversight api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployReferenceProcedures(database.db, '990000');
    await runTask(database.db, { ...accept, workflowId: `deal-${DEAL}`, key: `deal-${DEAL}:accept#1` });
    platform = await startPlatform(database.db);
    for (const user of ['supervisor', 'auditor', 'admin', 'staff', 'staff2']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });
  const get = (user: string, path: string) => call(platform.baseUrl, 'GET', path, { token: tokens[user] });

  test('the trail verifies for the auditor and the supervisor; the administrator may not read it; a tampered row is named', async () => {
    expect((await get('auditor', '/api/supervision/trail/verify')).body).toMatchObject({ ok: true, size: expect.any(Number) });
    expect((await get('supervisor', '/api/supervision/trail/verify')).status).toBe(200);
    expect((await get('admin', '/api/supervision/trail/verify')).status).toBe(403);
    expect((await get('staff', '/api/supervision/trail/verify')).status).toBe(403);
    const db = database.db;
    const first = await db('supervision_events').orderBy('seq').first('seq');
    if (isPostgres(db)) await db.raw('ALTER TABLE supervision_events DISABLE TRIGGER USER');
    else await db.raw('DROP TRIGGER supervision_events_no_update');
    await db('supervision_events').where('seq', first.seq).update({ actor: 'someone-else' });
    if (isPostgres(db)) await db.raw('ALTER TABLE supervision_events ENABLE TRIGGER USER');
    const verdict = await get('auditor', '/api/supervision/trail/verify');
    expect(verdict.body).toMatchObject({ ok: false, first_bad_seq: Number(first.seq) });
    expect(verdict.body.reason).toEqual(expect.any(String));
  });

  test('logins of privileged users are on the trail (platform chain); a staff login is not', async () => {
    const logins = await database.db('supervision_events').where('kind', 'auth.login').orderBy('seq').select('actor', 'chain_key', 'deal_code');
    expect(logins.map((l: { actor: string }) => l.actor).sort()).toEqual(['admin', 'auditor', 'supervisor']);
    expect(logins.every((l: { chain_key: string; deal_code: string | null }) => l.chain_key === '~platform' && l.deal_code === null)).toBe(true);
  });

  test('alerts: evaluations in my regions, filtered on the server', async () => {
    await runTask(database.db, { type: 'alerts.evaluate', nodeId: 'alerts', workflowId: `deal-${DEAL}`, key: `deal-${DEAL}:alerts#1`, input: {} });
    const mine = await get('supervisor', `/api/alerts?dealCode=${DEAL}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(7);
    expect(mine.body.items[0]).toMatchObject({ dealCode: DEAL, result: 'cannot_assess', legalBasis: expect.stringMatching(/《/) });
    expect((await get('supervisor', `/api/alerts?dealCode=${DEAL}&result=found`)).body.items).toEqual([]);
    expect((await get('auditor', '/api/alerts?limit=3')).body.items).toHaveLength(3);
    expect((await get('staff', '/api/alerts')).status).toBe(403);
    expect((await get('supervisor', '/api/alerts?result=maybe')).status).toBe(400);
  });

  test('complaints: a supervisor files one, the complaint procedure records it, the list shows it', async () => {
    const knownOn = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const body = { dealCode: DEAL, complainant: { creditCode: bidder(5).creditCode, name: bidder(5).name }, grounds: '招标文件设置不合理的资格条件，排斥潜在投标人。', knownOn };
    const filed = await call(platform.baseUrl, 'POST', '/api/complaints', { token: tokens.supervisor, body });
    expect(filed.status).toBe(201);
    expect(filed.body.complaintNo).toMatch(new RegExp(`^${DEAL}-TS`));
    const deadline = Date.now() + 30_000;
    let items: Array<{ complaintNo: string; status: string }> = [];
    while (Date.now() < deadline) {
      items = (await get('supervisor', `/api/complaints?dealCode=${DEAL}`)).body.items;
      if (items.length) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(items).toEqual([expect.objectContaining({ complaintNo: filed.body.complaintNo, status: 'filed' })]);
    expect((await get('auditor', '/api/complaints')).body.items).toHaveLength(1);
    const refused = await call(platform.baseUrl, 'POST', '/api/complaints', { token: tokens.staff, body });
    expect(refused.status).toBe(403);
    const unknown = await call(platform.baseUrl, 'POST', '/api/complaints', { token: tokens.supervisor, body: { ...body, dealCode: '990100-2026-JS-99999' } });
    expect(unknown.status).toBe(404);
    const invalid = await call(platform.baseUrl, 'POST', '/api/complaints', { token: tokens.supervisor, body: { ...body, complainant: { creditCode: '123', name: 'x' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
  });
});
