// The expert draw through the api: the unsealed list for the roles that may read it (each read in the trail), and
// the gateways' signed callbacks with the experts' answers.
import { signCallback } from '@ggzy/api';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { drawnExperts, type DrawFixture } from '../support/expert-fixtures';
import { PINNED_NOW } from '../support/activities';

const SECRET = 'test-gateway-secret-0123456789abcdef';

describe('expert draws through the api', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let sealed: DrawFixture;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    sealed = await drawnExperts(database.db);
    platform = await startPlatform(database.db, { withWorker: false, gatewaySecret: SECRET });
    for (const user of ['staff', 'supervisor', 'auditor', 'designer', 'admin']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  const signed = (body: unknown, options: { secret?: string; at?: number; tamper?: boolean } = {}) => {
    const text = JSON.stringify(body);
    const timestamp = options.at ?? Math.floor(Date.now() / 1000);
    const signature = signCallback(options.secret ?? SECRET, timestamp, options.tamper ? `${text} ` : text);
    return { 'x-ggzy-timestamp': String(timestamp), 'x-ggzy-signature': signature };
  };
  const answer = (notificationId: number, value: 'confirm' | 'decline', minutesAfter = 1) => ({
    notificationId, answer: value, receivedAt: new Date(PINNED_NOW.getTime() + minutesAfter * 60_000).toISOString(),
  });
  const post = (body: unknown, headers: Record<string, string>) => call(platform.baseUrl, 'POST', '/api/gateway/expert-answers', { body, headers });

  test('a callback without a valid, recent signature is refused (401) and records nothing', async () => {
    const body = answer(sealed.notifications[0]!.id, 'confirm');
    const cases: Array<[string, Record<string, string>]> = [
      ['unsigned', {}],
      ['signed with another secret', signed(body, { secret: 'another-secret-0123456789abcdefghij' })],
      ['signed over other bytes', signed(body, { tamper: true })],
      ['signed ten minutes ago', signed(body, { at: Math.floor(Date.now() / 1000) - 600 })],
    ];
    for (const [name, headers] of cases) {
      const res = await post(body, headers);
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 401, code: 'SIGNATURE_INVALID' });
    }
    // a user's session is no substitute for the gateway's signature
    const withSession = await call(platform.baseUrl, 'POST', '/api/gateway/expert-answers', { token: tokens.staff, body });
    expect(withSession.status).toBe(401);
    expect(await database.db('expert_draw_members').whereNot('status', 'invited').whereNotNull('seat_no').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  test('signed answers are recorded once (a retried callback answers the same), with their trail event', async () => {
    const [first, second] = [sealed.notifications[0]!, sealed.notifications[2]!];
    const body = answer(first.id, 'confirm');
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ recorded: true, drawId: sealed.drawId, seat: expect.any(Number) });
    const again = await post(body, signed(body));
    expect(again.body).toMatchObject({ recorded: false, drawId: sealed.drawId });
    const events = await database.db('supervision_events').where('kind', 'experts.answered');
    expect(events).toHaveLength(1);
    expect(events[0].actor).toBe(`gateway:${first.channel}`);

    // refusals: unknown notification (404), an answer after the reply deadline (409), a changed mind (409), bad body (400)
    const unknown = answer(999_999, 'confirm');
    expect((await post(unknown, signed(unknown))).status).toBe(404);
    const late = answer(second.id, 'decline', 24 * 60);
    expect((await post(late, signed(late))).body.error.code).toBe('ANSWER_TOO_LATE');
    const changed = answer(first.id, 'decline');
    expect((await post(changed, signed(changed))).body.error.code).toBe('ANSWER_NOT_ACCEPTED');
    const bad = { notificationId: first.id, answer: 'maybe', receivedAt: 'yesterday' };
    const badRes = await post(bad, signed(bad));
    expect(badRes.status).toBe(400);
    expect(badRes.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('the list is refused while sealed, and readable once unsealed by staff, supervisors and auditors only; each read is in the trail', async () => {
    const sealedRead = await call(platform.baseUrl, 'GET', `/api/expert-draws/${sealed.drawId}/members`, { token: tokens.staff });
    expect(sealedRead.status).toBe(409);
    expect(sealedRead.body.error.code).toBe('DRAW_SEALED');

    const other = await createSeededDatabase(createSqliteDatabase);
    try {
      const unsealed = await drawnExperts(other.db, { unseal: true });
      const otherPlatform = await startPlatform(other.db, { withWorker: false, gatewaySecret: SECRET });
      try {
        const token = (user: string) => loginAs(otherPlatform.baseUrl, user, DEMO_PASSWORD);
        const path = `/api/expert-draws/${unsealed.drawId}/members`;
        for (const user of ['staff', 'supervisor', 'auditor']) {
          const res = await call(otherPlatform.baseUrl, 'GET', path, { token: await token(user) });
          expect(res.status).toBe(200);
          expect(res.body.members).toHaveLength(6);
          expect(res.body.members.filter((m: { role: string }) => m.role === 'principal').map((m: { status: string }) => m.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
          expect(res.body.members[0]).toMatchObject({ expertCode: expect.stringMatching(/^X00\d$/), name: expect.stringMatching(/^评标专家\d$/) });
        }
        for (const user of ['designer', 'admin']) expect((await call(otherPlatform.baseUrl, 'GET', path, { token: await token(user) })).status).toBe(403);
        expect((await call(otherPlatform.baseUrl, 'GET', '/api/expert-draws/424242/members', { token: await token('staff') })).status).toBe(404);
        const reads = await other.db('supervision_events').where('kind', 'experts.list_read').orderBy('seq');
        expect(reads.map((r: { actor: string }) => r.actor)).toEqual(['staff', 'supervisor', 'auditor']);
        expect(JSON.parse(reads[0].payload)).toEqual({ drawId: unsealed.drawId, role: 'staff', members: 6, requestId: expect.any(String) });
        // a client that repeats its request id still leaves one trail event per read
        const staff = await token('staff');
        for (let i = 0; i < 2; i++) {
          expect((await call(otherPlatform.baseUrl, 'GET', path, { token: staff, headers: { 'x-request-id': 'same-request-id-1' } })).status).toBe(200);
        }
        expect(await other.db('supervision_events').where('kind', 'experts.list_read').count({ n: '*' }).first()).toEqual({ n: 5 });
      } finally {
        await otherPlatform.stop();
      }
    } finally {
      await other.close();
    }
  });

  test('without a configured callback secret the gateway route is unavailable (503), never open', async () => {
    const bare = await startPlatform(database.db, { withWorker: false });
    try {
      const body = answer(sealed.notifications[1]!.id, 'confirm');
      const res = await call(bare.baseUrl, 'POST', '/api/gateway/expert-answers', { body, headers: signed(body) });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('GATEWAY_NOT_CONFIGURED');
    } finally {
      await bare.stop();
    }
  });
});
