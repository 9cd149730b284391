// Delivers the aggregation outbox to the provincial platform: at least once (a message is marked delivered only
// after a 2xx, and a crash between sending and marking sends it again once its lease runs out), with the message id as
// the idempotency key so the receiver drops duplicates, in order per deal (a deal's next message waits until the one
// before it is delivered), with exponential backoff on failure. Never in a business transaction: plain functions.
import { randomUUID } from 'node:crypto';
import { ExchangeOutboxMessage, type Db } from '@ggzy/db';
import type { ExchangeConfig } from './config';

export interface DispatchOptions {
  /** Identifies this dispatcher in the leases it takes (default: a random id per process). */
  owner?: string;
  now?: () => Date;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Test seam: runs after a 2xx and before the message is marked delivered (a fault injector throws to act a crash). */
  afterSend?: (messageId: string) => void | Promise<void>;
}

export interface DispatchReport { attempted: number; delivered: number; retrying: number; rejected: number }

interface OutboxRow { id: number | string; message_id: string; data_set: string; deal_code: string; payload: string; attempts: number | string }

type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string }
  | { kind: 'rejected'; status: number; error: string };

const PROCESS_OWNER = `dispatcher-${randomUUID()}`;

/** Statuses worth retrying: the receiver may succeed later. Any other 4xx refuses the message as it is. */
const RETRYABLE = new Set([408, 409, 425, 429]);

/** Equal-jitter exponential backoff: half the capped delay plus a random half. */
export function backoffMs(attempts: number, config: Pick<ExchangeConfig, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const capped = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** Math.min(attempts - 1, 30));
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** The first undelivered message of each deal that is due and not leased, oldest first. */
async function dueHeads(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const at = now.toISOString();
  return ExchangeOutboxMessage.query(db).alias('o')
    .where('o.status', 'pending')
    .where('o.next_attempt_at', '<=', at)
    .where((q) => q.whereNull('o.lease_until').orWhere('o.lease_until', '<=', at))
    .whereNotExists(
      ExchangeOutboxMessage.query(db).alias('p').select(db.raw('1')).whereRaw('p.deal_code = o.deal_code').whereRaw('p.id < o.id').whereNot('p.status', 'delivered'),
    )
    .orderBy('o.id').limit(limit)
    .select('o.id', 'o.message_id', 'o.data_set', 'o.deal_code', 'o.payload', 'o.attempts')
    .castTo<OutboxRow[]>();
}

async function claim(db: Db, row: OutboxRow, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const at = now.toISOString();
  const claimed = await ExchangeOutboxMessage.query(db)
    .modify('pendingById', row.id)
    .where((q) => q.whereNull('lease_until').orWhere('lease_until', '<=', at))
    .patch({ lease_until: new Date(now.getTime() + leaseMs).toISOString(), lease_owner: owner });
  return claimed === 1;
}

/** The request body: the spec record with this system's PLATFORM_CODE, in an envelope naming the message. */
export function envelopeOf(row: Pick<OutboxRow, 'message_id' | 'data_set' | 'payload'>, platformCode: string) {
  return { messageId: row.message_id, dataSet: row.data_set, platformCode, records: [{ ...JSON.parse(row.payload), PLATFORM_CODE: platformCode }] };
}

async function send(row: OutboxRow, config: ExchangeConfig): Promise<Outcome> {
  try {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': row.message_id,
        'x-ggzy-data-set': row.data_set,
        ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
      },
      body: JSON.stringify(envelopeOf(row, config.platformCode)),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const text = (await res.text()).slice(0, 300);
    if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
    if (res.status >= 500 || RETRYABLE.has(res.status)) return { kind: 'retry', status: res.status, error: `HTTP ${res.status} ${text}` };
    return { kind: 'rejected', status: res.status, error: `HTTP ${res.status} ${text}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${config.timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
    return { kind: 'retry', status: null, error: reason };
  }
}

async function record(db: Db, row: OutboxRow, outcome: Outcome, now: Date, config: ExchangeConfig, random: () => number): Promise<void> {
  const attempts = Number(row.attempts) + 1;
  const at = now.toISOString();
  const common = { attempts, lease_until: null, lease_owner: null, last_status: outcome.status };
  const pending = ExchangeOutboxMessage.query(db).modify('pendingById', row.id);
  if (outcome.kind === 'delivered') {
    await pending.patch({ ...common, status: 'delivered', delivered_at: at, last_error: null });
  } else if (outcome.kind === 'rejected') {
    await pending.patch({ ...common, status: 'rejected', last_error: outcome.error.slice(0, 1000) });
  } else {
    const next = new Date(now.getTime() + backoffMs(attempts, config, random)).toISOString();
    await pending.patch({ ...common, next_attempt_at: next, last_error: outcome.error.slice(0, 1000) });
  }
}

/**
 * One pass: sends due messages (the head of each deal's queue, several deals at once) until `batchSize` were sent
 * or nothing is due. A deal whose message was delivered has its next one sent in the same pass.
 */
export async function dispatchOnce(db: Db, config: ExchangeConfig, options: DispatchOptions = {}): Promise<DispatchReport> {
  const owner = options.owner ?? PROCESS_OWNER;
  const clock = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const report: DispatchReport = { attempted: 0, delivered: 0, retrying: 0, rejected: 0 };
  while (report.attempted < config.batchSize) {
    const heads = await dueHeads(db, clock(), config.batchSize - report.attempted);
    const claimed: OutboxRow[] = [];
    for (const row of heads) if (await claim(db, row, owner, clock(), config.leaseMs)) claimed.push(row);
    if (claimed.length === 0) break;
    report.attempted += claimed.length;
    const settled = await Promise.allSettled(claimed.map(async (row) => {
      const outcome = await send(row, config);
      if (outcome.kind === 'delivered') await options.afterSend?.(row.message_id);
      await record(db, row, outcome, clock(), config, random);
      report[outcome.kind === 'retry' ? 'retrying' : outcome.kind]++;
    }));
    // A message whose outcome could not be recorded keeps its lease and is sent again when the lease runs out.
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (report.delivered === 0) break; // nothing moved a queue forward: what remains waits for its backoff
  }
  return report;
}

/** Puts a refused message back in the queue (after the data or the receiver was fixed). Answers whether it was. */
export async function requeueRejected(db: Db, messageId: string, now: Date = new Date()): Promise<boolean> {
  const updated = await ExchangeOutboxMessage.query(db).where({ message_id: messageId, status: 'rejected' })
    .patch({ status: 'pending', next_attempt_at: now.toISOString(), last_error: null });
  return updated === 1;
}
