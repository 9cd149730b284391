// The external checkpoint witness (外部见证): every signed checkpoint of the trail is also appended to a log outside
// the database (GGZY_TRAIL_WITNESS: a file of JSON lines, synced to disk at every append, or an http(s) URL that
// receives each checkpoint as a POST). Whoever can write the database can delete the newest events together with
// the checkpoint that covered them, and the database alone then looks intact; the witness still holds that
// checkpoint, so the comparison (compareWithWitness) shows the deletion. A witness that cannot be reached loses
// nothing: the checkpoint is kept as not yet witnessed, sent again at the next pass, and the gap is reported.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SupervisionCheckpoint, SupervisionEvent, toIsoTimestamp, type Db } from '@ggzy/db';
import { merkleRoot } from './merkle';
import { checkpointSignatureValid, type TrailKey } from './signing-key';

export const TRAIL_WITNESS_VARIABLE = 'GGZY_TRAIL_WITNESS';

/** One checkpoint as the witness keeps it: enough to check its signature without the database. */
export interface WitnessEntry {
  v: 1;
  size: number;
  root: string;
  signature: string;
  keyId: string;
  createdAt: string;
}

export interface TrailWitness {
  /** Where it is (a path or a URL without credentials), for messages. */
  readonly description: string;
  append(entry: WitnessEntry): Promise<void>;
  /** Everything the witness holds, oldest first. */
  read(): Promise<WitnessEntry[]>;
}

function parseLines(text: string, where: string): WitnessEntry[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    try {
      const entry = JSON.parse(line) as WitnessEntry;
      if (typeof entry.size !== 'number' || typeof entry.root !== 'string' || typeof entry.signature !== 'string') throw new Error('not a checkpoint');
      return entry;
    } catch {
      throw new Error(`${where}: line ${i + 1} is not a witnessed checkpoint`);
    }
  });
}

/** Appends one JSON line per checkpoint to a file opened for appending only, and syncs it to disk before answering. */
export function fileWitness(file: string): TrailWitness {
  const target = path.resolve(file);
  return {
    description: target,
    async append(entry) {
      const fd = openSync(target, 'a', 0o640);
      try {
        writeSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async read() {
      return existsSync(target) ? parseLines(readFileSync(target, 'utf8'), target) : [];
    },
  };
}

/**
 * POSTs each checkpoint as JSON to the URL (with `Authorization: Bearer <token>` when a token is configured); a 2xx
 * answer means it is kept. A GET of the same URL answers what it holds, as JSON lines or a JSON array.
 */
export function httpWitness(url: string, token?: string, timeoutMs = 5000): TrailWitness {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`${TRAIL_WITNESS_VARIABLE}: a witness URL is http or https`);
  const description = `${target.origin}${target.pathname}`;
  const headers = (extra: Record<string, string>) => ({ ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return {
    description,
    async append(entry) {
      const res = await fetch(target, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(entry), signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the trail witness ${description} answered ${res.status}`);
    },
    async read() {
      const res = await fetch(target, { headers: headers({ accept: 'application/json' }), signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      if (!res.ok) throw new Error(`the trail witness ${description} answered ${res.status}`);
      const trimmed = text.trim();
      return trimmed.startsWith('[') ? parseLines((JSON.parse(trimmed) as unknown[]).map((e) => JSON.stringify(e)).join('\n'), description) : parseLines(text, description);
    },
  };
}

/** The witness GGZY_TRAIL_WITNESS names (a path, or an http(s) URL with GGZY_TRAIL_WITNESS_TOKEN), or null when unset. */
export function witnessFromEnv(env: NodeJS.ProcessEnv = process.env): TrailWitness | null {
  const value = env[TRAIL_WITNESS_VARIABLE]?.trim();
  if (!value) return null;
  if (/^https?:\/\//i.test(value)) return httpWitness(value, env.GGZY_TRAIL_WITNESS_TOKEN || undefined);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new Error(`${TRAIL_WITNESS_VARIABLE}: a file path or an http(s) URL`);
  return fileWitness(value);
}

const WITNESSED = 'supervision_checkpoint_witnesses';

const entryOf = (cp: SupervisionCheckpoint): WitnessEntry => ({
  v: 1, size: Number(cp.size), root: cp.root, signature: cp.signature, keyId: cp.key_id, createdAt: String(toIsoTimestamp(cp.created_at)),
});

export interface WitnessPass {
  /** Checkpoints appended to the witness in this pass. */
  sent: number;
  /** Checkpoints still not at the witness (the gap), oldest first; with the error that stopped the pass. */
  pending: number[];
  error: string | null;
}

/** Sends every checkpoint the witness does not have yet, oldest first; stops at the first failure (tried again next pass). */
export async function witnessCheckpoints(db: Db, witness: TrailWitness, now: () => Date = () => new Date()): Promise<WitnessPass> {
  const waiting = await SupervisionCheckpoint.query(db).whereNotExists(db(WITNESSED).whereRaw(`${WITNESSED}.checkpoint_id = supervision_checkpoints.id`).select(db.raw('1')))
    .orderBy('size');
  let sent = 0;
  for (const cp of waiting) {
    try {
      await witness.append(entryOf(cp));
    } catch (err) {
      return { sent, pending: waiting.slice(sent).map((c) => Number(c.size)), error: (err as Error).message };
    }
    await db(WITNESSED).insert({ checkpoint_id: cp.id, witnessed_at: now().toISOString() });
    sent++;
  }
  return { sent, pending: [], error: null };
}

export interface WitnessComparison {
  ok: boolean;
  /** Checkpoints at the witness. */
  witnessed: number;
  /** What the database lost or changed that the witness shows (each a sentence). */
  problems: string[];
  /** Checkpoints of the database not (yet) at the witness: the gap, by size. */
  notWitnessed: number[];
}

/**
 * Compares the database's trail with the witness: every witnessed checkpoint must carry a valid signature of the
 * trail key, be still in the database, and its {size, root} must be what the events recompute to. A witnessed
 * checkpoint missing from the database together with its events is exactly the deletion of the newest events.
 */
export async function compareWithWitness(db: Db, key: TrailKey | null, witness: TrailWitness): Promise<WitnessComparison> {
  const entries = await witness.read();
  const problems: string[] = [];
  const leaves = (await SupervisionEvent.query(db).orderBy('seq').select('leaf_hash')).map((r) => Buffer.from(String(r.leaf_hash), 'hex'));
  const stored = new Map((await SupervisionCheckpoint.query(db).orderBy('size')).map((cp) => [Number(cp.size), cp]));
  const seen = new Set<number>();
  for (const entry of entries) {
    seen.add(entry.size);
    if (!key || entry.keyId !== key.keyId || !checkpointSignatureValid(key, entry.size, entry.root, entry.signature)) {
      problems.push(`the witnessed checkpoint {size ${entry.size}} does not carry a valid signature of the trail key`);
      continue;
    }
    const cp = stored.get(entry.size);
    if (entry.size > leaves.length) {
      problems.push(`the witness holds a checkpoint of ${entry.size} events but the database has ${leaves.length}: events ${leaves.length + 1}–${entry.size} were deleted${cp ? '' : ', with their checkpoint'}`);
      continue;
    }
    if (!cp) problems.push(`the witnessed checkpoint {size ${entry.size}} is missing from the database`);
    else if (cp.root !== entry.root) problems.push(`the checkpoint {size ${entry.size}} in the database differs from the witnessed one`);
    if (merkleRoot(leaves, 0, entry.size).toString('hex') !== entry.root) {
      problems.push(`events 1–${entry.size} no longer match the witnessed checkpoint (rewritten)`);
    }
  }
  const notWitnessed = [...stored.keys()].filter((size) => !seen.has(size));
  return { ok: problems.length === 0, witnessed: entries.length, problems, notWitnessed };
}
