// What a deal's archive (档案) holds and how its manifest is hashed: every generated document with its bytes, every
// notice published for the deal, and the deal's supervision trail (its hash chain). The same functions build the
// manifest when sealing and rebuild it when verifying, so both read the sources the same way.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { Notice, StoredDocument, SupervisionEvent, toIsoTimestamp } from '@ggzy/db';
import { documentBytes } from '../files/documents';
import type { ObjectStore } from '../files/object-store';
import { canonicalJson } from '@ggzy/process';

export interface ManifestEntry {
  kind: 'document' | 'trail-event';
  path: string;
  sha256: string;
  size: number;
  /** The row the entry was read from: document:<id>, notice:<id> or event:<seq>. */
  sourceRef: string;
}

export interface Manifest {
  dealCode: string;
  dealStatus: string;
  trail: { lastSeq: number | null; headHash: string | null };
  entries: ManifestEntry[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(toIsoTimestamp(value) as string).toISOString());

/** Entry for bytes stored elsewhere in the database. */
function entryOf(kind: ManifestEntry['kind'], path: string, bytes: Buffer, sourceRef: string): ManifestEntry {
  return { kind, path, sha256: sha256(bytes), size: bytes.length, sourceRef };
}

/** A file name safe inside an archive path (no separators, no control characters, bounded). */
function safeName(name: string): string {
  const cleaned = [...name.normalize('NFC')].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('')
    .replace(/^\.+/, '_').trim();
  return (cleaned || 'document').slice(0, 150);
}

/** The generated documents of the deal (award notices, result letters …), oldest first. */
async function documentEntries(trx: Knex, objects: ObjectStore, dealCode: string): Promise<ManifestEntry[]> {
  const rows = await StoredDocument.query(trx).where('deal_code', dealCode).orderBy('id').select('id', 'section_code', 'file_name');
  const entries: ManifestEntry[] = [];
  for (const d of rows) {
    // the bytes as the store holds them now: a file changed or lost there shows as a difference
    const bytes = await documentBytes(trx, objects, Number(d.id), { asStored: true });
    entries.push(entryOf('document', `documents/${d.section_code ?? dealCode}/${d.id}-${safeName(d.file_name)}`, bytes, `document:${d.id}`));
  }
  return entries;
}

/** Each notice published for the deal, as the canonical JSON of what the public read. */
async function noticeEntries(trx: Knex, dealId: number): Promise<ManifestEntry[]> {
  const rows = await Notice.query(trx).alias('n').leftJoin('sections as s', 's.id', 'n.section_id').where('n.deal_id', dealId).orderBy('n.id')
    .select('n.id', 'n.notice_type', 'n.title', 'n.body', 'n.body_format', 'n.published_at', 'n.min_until', 's.section_code')
    .castTo<Array<Notice & { section_code: string | null }>>();
  return rows.map((n) => {
    const text = canonicalJson({
      id: Number(n.id), type: n.notice_type, title: n.title, body: n.body, bodyFormat: n.body_format, sectionCode: n.section_code ?? null,
      publishedAt: iso(n.published_at), minUntil: iso(n.min_until),
    });
    return entryOf('document', `notices/${n.id}-${n.notice_type}.json`, Buffer.from(text, 'utf8'), `notice:${n.id}`);
  });
}

interface EventRow {
  seq: number | string; kind: string; actor: string; payload: string; occurred_at: string | Date; region_code: string;
  prev_hash: string | null; chain_hash: string;
}

/** The deal's chain of supervision events up to `lastSeq` (all of it when absent). */
export async function trailEvents(trx: Knex, dealCode: string, lastSeq?: number | null): Promise<EventRow[]> {
  const query = SupervisionEvent.query(trx).modify('chain', dealCode)
    .select('seq', 'kind', 'actor', 'payload', 'occurred_at', 'region_code', 'prev_hash', 'chain_hash');
  if (lastSeq !== undefined) {
    if (lastSeq === null) return [];
    query.where('seq', '<=', lastSeq);
  }
  return query.castTo<EventRow[]>();
}

function eventEntries(events: EventRow[]): ManifestEntry[] {
  return events.map((e) => {
    const seq = Number(e.seq);
    const text = canonicalJson({
      seq, kind: e.kind, actor: e.actor, regionCode: e.region_code, payload: JSON.parse(e.payload) as unknown,
      occurredAt: iso(e.occurred_at), prevHash: e.prev_hash, chainHash: e.chain_hash,
    });
    return entryOf('trail-event', `trail/${String(seq).padStart(10, '0')}-${safeName(e.kind)}.json`, Buffer.from(text, 'utf8'), `event:${seq}`);
  });
}

/** The first event whose link to the one before it is broken, or null when the deal's chain holds together. */
export function brokenLink(events: EventRow[]): number | null {
  let previous: string | null = null;
  for (const e of events) {
    if ((e.prev_hash ?? null) !== previous) return Number(e.seq);
    previous = e.chain_hash;
  }
  return null;
}

/** Reads every source of the deal's archive, up to the given trail position (sealing: the whole chain so far). */
export async function buildManifest(
  trx: Knex,
  deal: { id: number; dealCode: string; status: string },
  objects: ObjectStore,
  trailUpTo?: number | null,
): Promise<{ manifest: Manifest; events: EventRow[] }> {
  const events = await trailEvents(trx, deal.dealCode, trailUpTo);
  const last = events[events.length - 1];
  const entries = [...await documentEntries(trx, objects, deal.dealCode), ...await noticeEntries(trx, deal.id), ...eventEntries(events)];
  return {
    manifest: {
      dealCode: deal.dealCode, dealStatus: deal.status,
      trail: { lastSeq: last ? Number(last.seq) : null, headHash: last?.chain_hash ?? null },
      entries,
    },
    events,
  };
}

/** The exact text the manifest hash covers: canonical JSON, entries in order, without database row references. */
export function canonicalManifest(m: Manifest): string {
  return canonicalJson({
    v: 1, dealCode: m.dealCode, dealStatus: m.dealStatus, trail: m.trail,
    entries: m.entries.map((e) => ({ path: e.path, sha256: e.sha256, size: e.size })),
  });
}

export const manifestSha256 = (m: Manifest) => sha256(Buffer.from(canonicalManifest(m), 'utf8'));
