// The supervision trail: append (hash-chained per deal, leaves of a global RFC 6962 Merkle log), checkpoint, verify.
import { createHash } from 'node:crypto';
import { SupervisionCheckpoint, SupervisionEvent, toIsoTimestamp, isPostgres, rawRows, type Db } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { leafHash, merkleRoot } from './merkle';
import { checkpointSignatureValid, signCheckpoint, type TrailKey } from './signing-key';

export const PLATFORM_CHAIN = '~platform';
const TRAIL_LOCK = 716_2026; // advisory lock id: appends and checkpoints are serialised (PostgreSQL)

export interface NewSupervisionEvent {
  idempotencyKey: string;
  /** The chain the event extends: the deal code by default. */
  chainKey?: string;
  dealCode: string | null;
  regionCode: string;
  kind: string;
  actor: string;
  payload: unknown;
  occurredAt?: string;
}

interface EventRow {
  seq: number | string;
  idempotency_key: string;
  chain_key: string;
  deal_code: string | null;
  region_code: string;
  kind: string;
  actor: string;
  payload: string;
  occurred_at: string | Date;
  prev_hash: string | null;
  chain_hash: string;
  leaf_hash: string;
}

/** The exact bytes an event's hashes cover: its sequence number, its chain link and its whole content. */
function content(row: Omit<EventRow, 'chain_hash' | 'leaf_hash'>): string {
  return canonicalJson({
    v: 1, seq: Number(row.seq), chainKey: row.chain_key, prevHash: row.prev_hash, key: row.idempotency_key,
    dealCode: row.deal_code, regionCode: row.region_code, kind: row.kind, actor: row.actor, payload: row.payload,
    occurredAt: toIsoTimestamp(row.occurred_at),
  });
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function lock(trx: Db): Promise<void> {
  if (isPostgres(trx)) await trx.raw('select pg_advisory_xact_lock(?)', [TRAIL_LOCK]);
}

type EventFields = Omit<EventRow, 'seq' | 'prev_hash' | 'chain_hash' | 'leaf_hash'> & { occurred_at: string };

/** The event as it will be written: its payload's canonical text and its time fixed when it is announced. */
function eventFields(event: NewSupervisionEvent): EventFields {
  return {
    idempotency_key: event.idempotencyKey, chain_key: event.chainKey ?? event.dealCode ?? PLATFORM_CHAIN, deal_code: event.dealCode,
    region_code: event.regionCode, kind: event.kind, actor: event.actor, payload: canonicalJson(event.payload ?? null),
    occurred_at: new Date(event.occurredAt ?? Date.now()).toISOString(),
  };
}

/**
 * Appends one event inside the caller's transaction (so it commits with the business change it records).
 * Idempotent by key: a retried activity gets the event it already wrote. The events the transaction deferred
 * (deferSupervisionEvent) are written first, so the trail keeps the order they were announced in.
 */
export async function appendSupervisionEvent(db: Db, event: NewSupervisionEvent): Promise<{ seq: number; chainHash: string; created: boolean }> {
  // The lock is a transaction's: called outside one, the append makes its own, or two appends read the same last
  // sequence number.
  if (!db.isTransaction) return db.transaction((trx) => appendSupervisionEvent(trx, event));
  const fields = eventFields(event);
  await writeDeferredSupervisionEvents(db);
  return appendFields(db, fields);
}

type Transaction = Db & { parentTransaction?: Transaction };
/** The transaction a savepoint (a nested knex transaction) belongs to: the one that commits. */
export const outermostTransaction = <T extends Db>(trx: T): T => ((trx as Transaction).parentTransaction ? outermostTransaction((trx as Transaction).parentTransaction as T) : trx);

/** Per transaction: the events announced and not yet written, and those first written inside a savepoint. */
const deferred = new WeakMap<object, { pending: EventFields[]; inSavepoint: EventFields[] }>();

/**
 * Announces an event of this transaction, to be written when its step ends (writeDeferredSupervisionEvents, after
 * the step's own rows) or before any other event the transaction appends, whichever comes first. Every append waits
 * for the trail's lock and holds it until its transaction commits (PostgreSQL): written last, an event holds it for
 * its own statement and the commit only. Its payload and time are fixed now; the step does not see it in the trail
 * until then, and a savepoint rolled back does not take it back.
 */
export function deferSupervisionEvent(trx: Db, event: NewSupervisionEvent): void {
  if (!trx.isTransaction) throw new Error('a deferred supervision event belongs to a transaction');
  const outer = outermostTransaction(trx);
  let queue = deferred.get(outer);
  if (!queue) deferred.set(outer, (queue = { pending: [], inSavepoint: [] }));
  queue.pending.push(eventFields(event));
}

/**
 * Writes the events this transaction deferred, in the order they were announced. Written inside a savepoint, they are
 * written again by their keys once back in the transaction itself: nothing if the savepoint was kept, and what it
 * took with it if it was rolled back.
 */
export async function writeDeferredSupervisionEvents(trx: Db): Promise<void> {
  const outer = outermostTransaction(trx);
  const queue = deferred.get(outer);
  if (!queue) return;
  const nested = outer !== trx;
  // those written in a savepoint were announced before any still pending
  if (!nested) for (const fields of queue.inSavepoint.splice(0)) await appendFields(trx, fields);
  while (queue.pending.length) {
    const fields = queue.pending.shift()!;
    await appendFields(trx, fields);
    if (nested) queue.inSavepoint.push(fields);
  }
}

async function appendFields(trx: Db, fields: EventFields): Promise<{ seq: number; chainHash: string; created: boolean }> {
  await lock(trx);
  const chainKey = fields.chain_key;
  if (isPostgres(trx)) {
    const appended = await appendInOneStatement(trx, fields);
    if (appended) return appended;
    // the key is taken: a retry, or two executions sharing keys — told apart below
  }
  // an event already written under this key, the log's last sequence number and the chain's last hash: one round trip
  const byKey = (column: string) => `(select ${column} from supervision_events where idempotency_key = ?) as existing_${column}`;
  const [head] = rawRows(trx, await trx.raw(
    `select ${['seq', 'chain_key', 'kind', 'region_code', 'chain_hash'].map(byKey).join(', ')},
            (select max(seq) from supervision_events) as seq,
            (select chain_hash from supervision_events where chain_key = ? order by seq desc limit 1) as prev`,
    [...Array(5).fill(fields.idempotency_key), chainKey],
  ));
  const existing = head?.existing_seq == null ? null : {
    seq: head.existing_seq, chain_key: head.existing_chain_key, kind: head.existing_kind, region_code: head.existing_region_code, chain_hash: head.existing_chain_hash,
  };
  if (existing) {
    // A retry writes the same event again; the same key for a different event means two executions share keys, and
    // skipping would silently drop this one's step from the trail.
    if (existing.chain_key !== chainKey || existing.kind !== fields.kind || existing.region_code !== fields.region_code) {
      throw new Error(`trail key ${fields.idempotency_key} already records ${existing.kind} on ${existing.chain_key}; refusing ${fields.kind} on ${chainKey}`);
    }
    return { seq: Number(existing.seq), chainHash: existing.chain_hash as string, created: false };
  }
  const seq = Number(head?.seq ?? 0) + 1;
  const row = { ...fields, seq, prev_hash: (head?.prev as string | null | undefined) ?? null };
  const text = content(row);
  const chainHash = sha256(text);
  // a plain insert (no model instance): every step of every deal appends here
  await trx(SupervisionEvent.tableName).insert({ ...row, chain_hash: chainHash, leaf_hash: leafHash(text).toString('hex') });
  return { seq, chainHash, created: true };
}

/** Stand-ins for the two values only the database knows when the event is written (see appendInOneStatement). */
const PREV_STAND_IN = '\u0001prev\u0001';
const SEQ_STAND_IN = Number.MAX_SAFE_INTEGER;

/**
 * PostgreSQL, under the trail lock: reads the log's last sequence number and the chain's last hash, hashes the event
 * and writes it in one statement, so the lock every append waits for is held one round trip less. The event's
 * canonical text is built here with stand-ins for its sequence number and its chain link, and the database puts the
 * two in and hashes it (sha256 of the UTF-8 bytes, and of 0x00 and those for the Merkle leaf): the same bytes as
 * `content`, which verifyTrail recomputes. Answers null, writing nothing, when the key is taken.
 */
async function appendInOneStatement(trx: Db, row: EventFields): Promise<{ seq: number; chainHash: string; created: true } | null> {
  const template = content({ ...row, seq: SEQ_STAND_IN, prev_hash: PREV_STAND_IN });
  // both stand-ins follow the payload (keys are sorted), whose quotes are escaped: the last occurrences are theirs
  const prevToken = JSON.stringify(PREV_STAND_IN);
  const seqToken = `"seq":${SEQ_STAND_IN}`;
  const prevAt = template.lastIndexOf(prevToken);
  const seqAt = template.lastIndexOf(seqToken);
  if (prevAt < 0 || seqAt < prevAt) throw new Error('the trail event\'s canonical form has changed: its stand-ins are not where the statement expects them');
  const beforePrev = template.slice(0, prevAt);
  const beforeSeq = `${template.slice(prevAt + prevToken.length, seqAt)}"seq":`;
  const afterSeq = template.slice(seqAt + seqToken.length);
  const [answer] = rawRows(trx, await trx.raw(
    `with head as (
       select coalesce(max(seq), 0) + 1 as seq,
              (select chain_hash from supervision_events where chain_key = ? order by seq desc limit 1) as prev
       from supervision_events
     ), body as (
       select seq, prev, convert_to(cast(? as text) || coalesce('"' || prev || '"', 'null') || cast(? as text) || seq::text || cast(? as text), 'UTF8') as bytes
       from head
     )
     insert into supervision_events (seq, idempotency_key, chain_key, deal_code, region_code, kind, actor, payload, occurred_at, prev_hash, chain_hash, leaf_hash)
     select seq, ?, ?, ?, ?, ?, ?, ?, cast(? as timestamptz), prev, encode(sha256(bytes), 'hex'), encode(sha256('\\x00'::bytea || bytes), 'hex')
     from body
     on conflict (idempotency_key) do nothing
     returning seq, chain_hash`,
    [row.chain_key, beforePrev, beforeSeq, afterSeq, row.idempotency_key, row.chain_key, row.deal_code, row.region_code, row.kind, row.actor, row.payload, row.occurred_at],
  ));
  return answer ? { seq: Number(answer.seq), chainHash: String(answer.chain_hash), created: true } : null;
}

/** Signs {size, root} of the whole log as it stands. */
export async function createCheckpoint(db: Db, key: TrailKey): Promise<{ size: number; root: string }> {
  return db.transaction(async (trx) => {
    await lock(trx);
    const leaves = (await SupervisionEvent.query(trx).orderBy('seq').select('leaf_hash')).map((r) => Buffer.from(r.leaf_hash as string, 'hex'));
    const root = merkleRoot(leaves).toString('hex');
    await SupervisionCheckpoint.query(trx).insert({
      size: leaves.length, root, signature: signCheckpoint(key, leaves.length, root), key_id: key.keyId, created_at: new Date().toISOString(),
    });
    return { size: leaves.length, root };
  });
}

export type TrailVerdict = { ok: true; size: number; root: string } | { ok: false; first_bad_seq: number; reason: string };

/**
 * Recomputes everything: sequence continuity, every event's content hash, every deal chain link, every leaf, and
 * every signed checkpoint's root. Names the first sequence number where the trail was edited, deleted or reordered.
 */
export async function verifyTrail(db: Db, key: TrailKey | null): Promise<TrailVerdict> {
  const lastOfChain = new Map<string, string>();
  const leaves: Buffer[] = [];
  let expected = 1;
  const batch = 5000;
  for (let after = 0; ; ) {
    const rows = await SupervisionEvent.query(db).where('seq', '>', after).orderBy('seq').limit(batch).castTo<EventRow[]>();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        return { ok: false, first_bad_seq: expected, reason: seq > expected ? `event ${expected} is missing: deleted, or the sequence was renumbered` : `event ${seq} is out of order` };
      }
      const text = content(row);
      if (sha256(text) !== row.chain_hash) return { ok: false, first_bad_seq: seq, reason: 'the event does not match its hash: edited, or moved from another position' };
      if ((row.prev_hash ?? null) !== (lastOfChain.get(row.chain_key) ?? null)) {
        return { ok: false, first_bad_seq: seq, reason: `the chain of ${row.chain_key} is broken here: an earlier event of it was changed, removed or moved` };
      }
      const leaf = leafHash(text);
      if (leaf.toString('hex') !== row.leaf_hash) return { ok: false, first_bad_seq: seq, reason: 'the Merkle leaf does not match the event' };
      lastOfChain.set(row.chain_key, row.chain_hash);
      leaves.push(leaf);
      expected++;
    }
    if (rows.length < batch) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  const checkpoints = await SupervisionCheckpoint.query(db).orderBy('size');
  let verifiedUpTo = 0;
  for (const cp of checkpoints) {
    const size = Number(cp.size);
    if (!key || cp.key_id !== key.keyId || !checkpointSignatureValid(key, size, cp.root, cp.signature)) {
      return { ok: false, first_bad_seq: verifiedUpTo + 1, reason: `checkpoint {size ${size}} does not carry a valid signature of the trail key` };
    }
    if (size > leaves.length) {
      return { ok: false, first_bad_seq: leaves.length + 1, reason: `a signed checkpoint covers ${size} events but only ${leaves.length} remain: events from ${leaves.length + 1} on were deleted` };
    }
    if (merkleRoot(leaves, 0, size).toString('hex') !== cp.root) {
      return { ok: false, first_bad_seq: verifiedUpTo + 1, reason: `events ${verifiedUpTo + 1}–${size} no longer match the signed checkpoint (rewritten with recomputed hashes)` };
    }
    verifiedUpTo = size;
  }
  return { ok: true, size: leaves.length, root: merkleRoot(leaves).toString('hex') };
}
