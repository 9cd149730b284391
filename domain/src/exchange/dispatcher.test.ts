// The outbox dispatcher against a real local HTTP receiver that fails on purpose (500s, answers that never come,
// dropped connections, answers lost after the message was stored) and deduplicates by the idempotency key.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { runTask, type TaskCall } from '../../../test/support/activities';
import { accept } from '../../../test/support/deal-fixtures';
import type { ExchangeConfig } from './config';
import { startExchangeDispatcher, type BackgroundJob as ExchangeDispatcher } from '@ggzy/worker';
import { backoffMs, dispatchOnce, requeueRejected } from './dispatcher';

type Fault = 'ok' | 'fail-500' | 'store-then-500' | 'hang' | 'store-then-hang' | 'drop' | 'reject-400';
interface Receipt { n: number; messageId: string; dealCode: string; body: any; headers: http.IncomingHttpHeaders }

/** The provincial platform's endpoint as a test stands it up: stores each message id once, whatever it answers. */
async function startReceiver(plan: (n: number, messageId: string) => Fault) {
  const state = { requests: 0, receipts: [] as Receipt[], stored: new Map<string, Receipt>(), storedOrder: [] as Receipt[] };
  const server = http.createServer((req, res) => {
    const n = ++state.requests;
    const messageId = String(req.headers['idempotency-key'] ?? '');
    const fault = plan(n, messageId);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const receipt = { n, messageId, dealCode: body.records[0].UNIFIED_DEAL_CODE ?? body.records[0].UNIFIED_DEAL_CODES, body, headers: req.headers };
      state.receipts.push(receipt);
      if ((fault === 'ok' || fault === 'store-then-500' || fault === 'store-then-hang') && !state.stored.has(messageId)) {
        state.stored.set(messageId, receipt);
        state.storedOrder.push(receipt);
      }
      if (fault === 'hang' || fault === 'store-then-hang') return; // the answer never comes
      const status = fault === 'ok' ? 200 : fault === 'reject-400' ? 400 : 500;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ggzy/exchange`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const dealCode = (i: number) => `990100-2026-JS-0000${i}`;

/** Four deals, six messages each: the project (twice: it changes), two sections, the tender notice, the candidates. */
async function queueMessages(db: Db): Promise<Array<{ id: number; message_id: string; deal_code: string }>> {
  for (const i of [1, 2, 3, 4]) {
    const on = (call: TaskCall): TaskCall => ({ ...call, dealCode: dealCode(i), workflowId: `wf-${i}`, key: `wf-${i}:${call.nodeId}#1` });
    await runTask(db, on(accept));
    await runTask(db, on({ type: 'notices.publish', nodeId: 'tender', input: { noticeType: 'tender', title: `第${i}号招标公告`, body: '招标公告正文' } }));
    await runTask(db, on({ type: 'notices.publish', nodeId: 'candidates', input: { noticeType: 'candidates', sectionCode: `${dealCode(i)}-01`, title: `第${i}号中标候选人公示`, body: '候选人' } }));
    await runTask(db, on({ type: 'exchange.push', nodeId: 'push', input: {} }));
    await db('deals').where('deal_code', dealCode(i)).update({ title: `第${i}号工程（变更）` });
    await runTask(db, on({ type: 'exchange.push', nodeId: 'push-again', input: { dataSets: ['TENDER_PROJECT'] } }));
  }
  return (await db('exchange_outbox').orderBy('id').select('id', 'message_id', 'deal_code')).map((r: { id: number | string }) => ({ ...r, id: Number(r.id) })) as never;
}

function config(url: string, overrides: Partial<ExchangeConfig> = {}): ExchangeConfig {
  return { url, platformCode: 'P990000001', token: 'exchange-token', intervalMs: 20, batchSize: 8, timeoutMs: 400, leaseMs: 1500, backoffBaseMs: 20, backoffMaxMs: 200, ...overrides };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statuses = async (db: Db) => (await db('exchange_outbox').orderBy('id').select('message_id', 'status', 'attempts')) as Array<{ message_id: string; status: string; attempts: number }>;

describe.each(DATABASES)('exchange dispatcher on %s', (_name, create) => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const running: ExchangeDispatcher[] = [];
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => {
    for (const d of running.splice(0)) await d.stop();
    await receiver?.close();
    await database.close();
  });

  test('through failures, a crash before marking and a restart, every message arrives exactly once after dedupe, in order per deal', async () => {
    const messages = await queueMessages(database.db);
    expect(messages).toHaveLength(24);
    const cycle: Fault[] = ['ok', 'fail-500', 'ok', 'drop', 'ok', 'store-then-500', 'ok', 'store-then-hang', 'ok', 'hang'];
    receiver = await startReceiver((n) => cycle[(n - 1) % cycle.length]!);
    const cfg = config(receiver.url);

    // The first dispatcher: one message crashes it between a 2xx and marking (the loop reports and goes on); once a
    // third of the messages are stored it freezes for good right after a 2xx, as a process killed there would.
    const errors: Error[] = [];
    let crashed: string | null = null;
    let frozen: string | null = null;
    const first = startExchangeDispatcher(database.db, cfg, {
      owner: 'worker-a',
      onError: (err) => errors.push(err),
      afterSend: (messageId) => {
        if (!crashed) {
          crashed = messageId;
          throw new Error('injected crash between send and mark');
        }
        if (!frozen && receiver.state.stored.size >= 8) {
          frozen = messageId;
          return new Promise<void>(() => {}); // never marks it
        }
        return undefined;
      },
    });
    await until(async () => frozen !== null, 'the first dispatcher to freeze');
    expect(errors.map((e) => e.message)).toContain('injected crash between send and mark');
    void first; // dead: it neither marks its message nor runs another pass

    running.push(startExchangeDispatcher(database.db, cfg, { owner: 'worker-b' }));
    await until(async () => (await statuses(database.db)).every((r) => r.status === 'delivered'), 'every message to be delivered');

    const { state } = receiver;
    // Exactly once after dedupe: the receiver stored each message id once, and nothing else.
    expect([...state.stored.keys()].sort()).toEqual(messages.map((m) => m.message_id).sort());
    // In order per deal: the first arrival of each message follows the outbox order within its deal.
    for (const i of [1, 2, 3, 4]) {
      const expected = messages.filter((m) => m.deal_code === dealCode(i)).map((m) => m.message_id);
      expect(state.storedOrder.filter((r) => r.dealCode === dealCode(i)).map((r) => r.messageId)).toEqual(expected);
    }
    // The crashed and the frozen message were sent again after their lease ran out; duplicates did arrive.
    const arrivals = (id: string) => state.receipts.filter((r) => r.messageId === id).length;
    expect(arrivals(crashed!)).toBeGreaterThanOrEqual(2);
    expect(arrivals(frozen!)).toBeGreaterThanOrEqual(2);
    expect(state.receipts.length).toBeGreaterThan(state.stored.size);
    // Every request names its message as the idempotency key and carries this platform's code.
    for (const r of state.receipts) {
      expect(r.body.messageId).toBe(r.messageId);
      expect(r.headers.authorization).toBe('Bearer exchange-token');
      expect(r.body.records[0]).toMatchObject({ PLATFORM_CODE: 'P990000001', DATA_TIMESTAMP: expect.stringMatching(/\+08:00$/) });
    }
    const rows = await database.db('exchange_outbox').select('attempts', 'lease_until', 'delivered_at', 'last_error');
    expect(rows.every((r: { attempts: number; lease_until: unknown; delivered_at: unknown }) => Number(r.attempts) >= 1 && r.lease_until === null && r.delivered_at)).toBe(true);

    // A delivered message is never sent again.
    await running.pop()!.stop();
    const requests = state.requests;
    for (let i = 0; i < 3; i++) expect((await dispatchOnce(database.db, cfg, { owner: 'worker-c' })).attempted).toBe(0);
    expect(state.requests).toBe(requests);
  });

  test('a refused message stops its deal\'s queue, not the others; requeued, the deal goes on in order', async () => {
    const messages = await queueMessages(database.db);
    const refused = messages.find((m) => m.deal_code === dealCode(2) && m.message_id.startsWith('SECTION:'))!;
    let refuse = true;
    receiver = await startReceiver((_n, messageId) => (refuse && messageId === refused.message_id ? 'reject-400' : 'ok'));
    const cfg = config(receiver.url);
    for (let i = 0; i < 10; i++) await dispatchOnce(database.db, cfg);
    const rows = await database.db('exchange_outbox').orderBy('id');
    const of = (deal: string) => rows.filter((r: { deal_code: string }) => r.deal_code === deal).map((r: { status: string }) => r.status);
    expect(of(dealCode(1))).toEqual(Array(6).fill('delivered'));
    expect(of(dealCode(2))).toEqual(['delivered', 'rejected', 'pending', 'pending', 'pending', 'pending']);
    expect(rows.find((r: { message_id: string }) => r.message_id === refused.message_id)).toMatchObject({ last_status: 400, last_error: expect.stringContaining('HTTP 400') });
    expect(receiver.state.receipts.filter((r) => r.dealCode === dealCode(2)).map((r) => r.messageId)).toEqual(messages.filter((m) => m.deal_code === dealCode(2)).slice(0, 2).map((m) => m.message_id));

    refuse = false;
    expect(await requeueRejected(database.db, refused.message_id)).toBe(true);
    expect(await requeueRejected(database.db, refused.message_id)).toBe(false);
    for (let i = 0; i < 5; i++) await dispatchOnce(database.db, cfg);
    expect((await statuses(database.db)).every((r) => r.status === 'delivered')).toBe(true);
    expect(receiver.state.storedOrder.filter((r) => r.dealCode === dealCode(2)).map((r) => r.messageId)).toEqual(messages.filter((m) => m.deal_code === dealCode(2)).map((m) => m.message_id));
  });

  test('an unreachable endpoint: every attempt is counted and the next one backs off', async () => {
    await queueMessages(database.db);
    receiver = await startReceiver(() => 'ok');
    const url = receiver.url;
    await receiver.close();
    const cfg = config(url, { backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
    const now = new Date();
    const report = await dispatchOnce(database.db, cfg, { now: () => now, random: () => 0 });
    expect(report).toEqual({ attempted: 4, delivered: 0, retrying: 4, rejected: 0 });
    const heads = await database.db('exchange_outbox').where('attempts', 1);
    expect(heads).toHaveLength(4); // one head per deal; the rest of each queue waits
    for (const h of heads) {
      expect(new Date(h.next_attempt_at).getTime()).toBe(now.getTime() + 30_000);
      expect(h.last_error).toMatch(/fetch failed|ECONNREFUSED/);
    }
    expect((await dispatchOnce(database.db, cfg, { now: () => now })).attempted).toBe(0);
  });
});

test('backoff doubles from the base up to the cap, with half of it jittered', () => {
  const cfg = { backoffBaseMs: 100, backoffMaxMs: 1000 };
  expect([1, 2, 3, 4, 5, 40].map((n) => backoffMs(n, cfg, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
  expect([1, 2, 3, 4, 5, 40].map((n) => backoffMs(n, cfg, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
});
