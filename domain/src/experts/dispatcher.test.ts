// The notification outbox on both databases: delivery through a recording channel and through the HTTP gateway
// channel against a real local HTTP server, retries with back-off, permanent failures, and leases.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { withCheckCharacter, type Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, runTask } from '../../../test/support/activities';
import {
  DeliveryError, HttpGatewayChannel, RecordingChannel, addSpecialties, dispatchExpertNotifications, enrolExpert, gatewayChannelsFromEnv,
  type ExpertDispatchReport as DispatchReport, type NotificationChannel,
} from '.';
import { startExpertDispatcher } from '@ggzy/worker';
import { defaultListSealer, openValue, sealedAad } from './list-seal';

const at = (seconds: number) => new Date(PINNED_NOW.getTime() + seconds * 1000);

/** A deal, five experts drawn and notified by SMS and voice: ten messages waiting in the outbox. */
async function queueTenMessages(db: Db): Promise<number> {
  await runTask(db, {
    type: 'registration.acceptDeal', nodeId: 'accept',
    input: {
      title: '东湖市滨江路排水管网改造工程', procedureKind: 'construction-open-tender',
      tenderee: { creditCode: withCheckCharacter('91990100MA0000201'), name: '东湖市水务集团有限公司' }, sections: [{ name: '施工' }],
    },
  });
  await addSpecialties(db, [{ code: 'M', parentCode: null, name: '市政' }, { code: 'M01', parentCode: 'M', name: '给排水' }]);
  for (let i = 1; i <= 5; i++) {
    await enrolExpert(db, { expertCode: `M${i}`, name: `市政专家${i}`, kind: i === 5 ? 'economic' : 'technical', regionCode: '990100', mobile: `1380000000${i}`, specialties: ['M01'] });
  }
  const drawn = await runTask(db, { type: 'experts.draw', nodeId: 'draw', input: { committeeSize: 5, specialties: [{ specialtyCode: 'M01', count: 5, backups: 0 }] } });
  const drawId = drawn.variables!.expertDrawId as number;
  await runTask(db, { type: 'experts.notify', nodeId: 'notify', input: { drawId, evaluationAt: '2026-03-04T14:30:00+08:00', venue: '东湖市公共资源交易中心第1评标室' } });
  return drawId;
}

const statuses = async (db: Db) => (await db('expert_notifications').orderBy('id').select('status')).map((r: { status: string }) => r.status);

/** A real HTTP gateway: records every request and answers from a script (status, body). */
async function startGateway(script: Array<[number, string]>) {
  const requests: Array<{ headers: http.IncomingHttpHeaders; body: unknown; url: string }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { raw += chunk; });
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(raw), url: req.url ?? '' });
      const [status, body] = script.shift() ?? [200, '{}'];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DATABASES)('expert notification outbox on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  let drawId: number;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    drawId = await queueTenMessages(db);
  });
  afterEach(async () => { await database.close(); });

  test('delivers every due message through its channel once and records each delivery on the trail', async () => {
    const sms = new RecordingChannel();
    const voice = new RecordingChannel();
    expect(await dispatchExpertNotifications(db, { sms, voice }, { now: () => at(1) })).toEqual({ claimed: 10, sent: 10, retrying: 0, failed: 0 });
    expect(sms.delivered).toHaveLength(5);
    expect(voice.delivered).toHaveLength(5);
    expect(voice.delivered[0]!.text).toContain('确认参加请按1');
    expect(sms.delivered.map((m) => m.recipient).sort()).toEqual(['13800000001', '13800000002', '13800000003', '13800000004', '13800000005']);
    const rows = await db('expert_notifications').orderBy('id');
    for (const row of rows) expect(row).toMatchObject({ status: 'sent', attempts: 1, lease_until: null, provider_ref: expect.stringMatching(/^recorded-\d$/) });
    const events = await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.notification.sent' }).orderBy('seq');
    expect(events).toHaveLength(10);
    expect(JSON.parse(events[0].payload)).toMatchObject({ drawId, channel: expect.any(String), attempt: 1 });
    expect(events.map((e: { payload: string }) => e.payload).join()).not.toMatch(/1380000000|市政专家/);
    // nothing is delivered twice
    expect(await dispatchExpertNotifications(db, { sms, voice }, { now: () => at(2) })).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    expect(sms.delivered).toHaveLength(5);
  });

  test('a channel not configured leaves its messages waiting', async () => {
    const sms = new RecordingChannel();
    expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(1) })).toMatchObject({ claimed: 5, sent: 5 });
    const rows = await db('expert_notifications').orderBy('id').select('channel', 'status');
    for (const r of rows) expect(r.status).toBe(r.channel === 'sms' ? 'sent' : 'pending');
    expect(await dispatchExpertNotifications(db, {}, { now: () => at(2) })).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
  });

  test('transient failures back off and retry; a permanent failure or the last attempt fails the message on the trail', async () => {
    const sms = new RecordingChannel();
    sms.failWith(new DeliveryError('gateway busy', false), new DeliveryError('number does not exist', true), new Error('socket hang up'));
    const first = await dispatchExpertNotifications(db, { sms }, { now: () => at(0), maxAttempts: 2 });
    expect(first).toEqual({ claimed: 5, sent: 2, retrying: 2, failed: 1 });
    const rows = await db('expert_notifications').where('channel', 'sms').orderBy('id');
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['pending', 'failed', 'pending', 'sent', 'sent']);
    expect(rows[0].last_error).toBe('gateway busy');
    expect(new Date(rows[0].next_attempt_at).toISOString()).toBe(at(30).toISOString());
    // not due yet
    expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(29), maxAttempts: 2 })).toMatchObject({ claimed: 0 });
    // due: one fails again and has used its two attempts, the other goes through
    sms.failWith(new DeliveryError('gateway busy', false));
    expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(30), maxAttempts: 2 })).toEqual({ claimed: 2, sent: 1, retrying: 0, failed: 1 });
    expect((await db('expert_notifications').where('channel', 'sms').orderBy('id')).map((r: { status: string; attempts: number }) => [r.status, Number(r.attempts)]))
      .toEqual([['failed', 2], ['failed', 1], ['sent', 2], ['sent', 1], ['sent', 1]]);
    const failed = await db('supervision_events').where({ deal_code: DEAL, kind: 'experts.notification.failed' }).orderBy('seq');
    expect(failed.map((e: { payload: string }) => JSON.parse(e.payload).error)).toEqual(['number does not exist', 'gateway busy']);
  });

  test('a claim whose dispatcher died is taken over when its lease runs out; the late dispatcher cannot overwrite it', async () => {
    let release!: () => void;
    const stuck: NotificationChannel = { deliver: () => new Promise((resolve) => { release = () => resolve({ providerRef: 'late' }); }) };
    const late = dispatchExpertNotifications(db, { voice: stuck }, { now: () => at(0), batchSize: 1, leaseSeconds: 60 });
    while ((await statuses(db)).filter((s) => s === 'sending').length === 0) await new Promise((r) => setTimeout(r, 5));
    const voice = new RecordingChannel();
    expect(await dispatchExpertNotifications(db, { voice }, { now: () => at(59) })).toMatchObject({ claimed: 4 });
    expect(await dispatchExpertNotifications(db, { voice }, { now: () => at(60) })).toMatchObject({ claimed: 1, sent: 1 });
    expect(voice.delivered).toHaveLength(5);
    release();
    expect(await late).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 0 });
    const taken = await db('expert_notifications').where({ channel: 'voice', attempts: 2 }).first();
    expect(taken).toMatchObject({ status: 'sent', provider_ref: expect.stringMatching(/^recorded-/) });
  });

  test('the HTTP gateway channel posts JSON to a real server: 5xx is retried, 4xx is permanent, 2xx keeps the message id', async () => {
    const gateway = await startGateway([[503, 'maintenance'], [200, '{"messageId":"gw-2"}'], [400, '{"error":"bad number"}'], [200, 'OK'], [200, '{"messageId":5}']]);
    try {
      const sms = new HttpGatewayChannel({ url: gateway.url, token: 'secret-token', timeoutMs: 2000 });
      expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(0) })).toEqual({ claimed: 5, sent: 3, retrying: 1, failed: 1 });
      expect(gateway.requests).toHaveLength(5);
      const [first] = gateway.requests;
      const row = await db('expert_notifications').where('channel', 'sms').orderBy('id').first();
      // the row stays sealed (the draw is): the gateway gets what it opens to, opened in memory only
      expect(row).toMatchObject({ recipient: null, body: null });
      const draw = await db('expert_draws').where('id', row.draw_id).first('sealed_data_key');
      const clear = JSON.parse(openValue(defaultListSealer().unwrap(Number(row.draw_id), draw.sealed_data_key), sealedAad.message(Number(row.draw_id), row.idempotency_key), row.sealed_message));
      expect(clear.recipient).toMatch(/^1380000000[1-5]$/);
      expect(first!.body).toEqual({ id: String(row.id), channel: 'sms', to: clear.recipient, text: clear.body });
      expect(first!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'idempotency-key': `ggzy-expert-notification-${row.id}`, 'content-type': 'application/json; charset=utf-8' });
      expect(first!.url).toBe('/send');
      const rows = await db('expert_notifications').where('channel', 'sms').orderBy('id');
      expect(rows.map((r: { status: string; provider_ref: string | null }) => [r.status, r.provider_ref])).toEqual([
        ['pending', null], ['sent', 'gw-2'], ['failed', null], ['sent', null], ['sent', '5'],
      ]);
      expect(rows[0].last_error).toContain('503');
      expect(rows[2].last_error).toContain('bad number');
      // the retry carries the same idempotency key
      expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(30) })).toMatchObject({ sent: 1 });
      expect(gateway.requests[5]!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);

      const voice = new HttpGatewayChannel({ url: gateway.url });
      await dispatchExpertNotifications(db, { voice }, { now: () => at(31), batchSize: 1 });
      const call = gateway.requests[6]!;
      expect(call.body).toMatchObject({ channel: 'voice', script: expect.stringContaining('评标地点：东湖市公共资源交易中心第1评标室') });
      expect(call.headers.authorization).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });

  test("the worker's dispatcher delivers the whole outbox through the configured gateways, batch after batch, and stops cleanly", async () => {
    const gateway = await startGateway([]);
    const passes: DispatchReport[] = [];
    const errors: Error[] = [];
    const job = startExpertDispatcher(db, gatewayChannelsFromEnv({ GGZY_SMS_GATEWAY_URL: gateway.url, GGZY_VOICE_GATEWAY_URL: gateway.url }), {
      batchSize: 3, intervalMs: 60_000, onPass: (r) => passes.push(r), onError: (err) => errors.push(err),
    });
    try {
      // full batches follow each other without waiting for the interval: 3 + 3 + 3 + 1
      for (let i = 0; i < 200 && (await statuses(db)).some((s) => s !== 'sent'); i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await job.stop();
      await gateway.close();
    }
    expect(errors).toEqual([]);
    expect(await statuses(db)).toEqual(Array(10).fill('sent'));
    expect(passes.map((p) => p.sent)).toEqual([3, 3, 3, 1]);
    expect(new Set(gateway.requests.map((r) => r.headers['idempotency-key'])).size).toBe(10);
    expect(Number((await db('supervision_events').where('kind', 'experts.notification.sent').count({ n: '*' }).first())!.n)).toBe(10);
  });

  test('an unreachable gateway is a transient failure', async () => {
    const gateway = await startGateway([]);
    await gateway.close(); // the port is now closed
    const sms = new HttpGatewayChannel({ url: gateway.url, timeoutMs: 1000 });
    expect(await dispatchExpertNotifications(db, { sms }, { now: () => at(0), batchSize: 1 })).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    expect((await db('expert_notifications').orderBy('id').first()).last_error).toMatch(/unreachable/);
  });
});

test('gateway channels come from the environment; a channel without a URL is absent', () => {
  expect(Object.keys(gatewayChannelsFromEnv({}))).toEqual([]);
  const channels = gatewayChannelsFromEnv({ GGZY_SMS_GATEWAY_URL: 'https://sms.example.internal/send', GGZY_VOICE_GATEWAY_URL: 'http://ivr.example.internal/call' });
  expect(Object.keys(channels).sort()).toEqual(['sms', 'voice']);
  expect(() => gatewayChannelsFromEnv({ GGZY_SMS_GATEWAY_URL: 'ftp://sms.example.internal' })).toThrow(/http or https/);
});
