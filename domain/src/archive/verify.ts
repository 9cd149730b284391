// Verifies a sealed archive: rebuilds the manifest from the documents, notices and trail events as stored now and
// compares it, entry by entry, with what was sealed; then checks the sealed entries against the manifest hash.
import { Archive, ArchiveEntry, type Db } from '@ggzy/db';
import { defaultObjectStore } from '../files/documents';
import type { ObjectStore } from '../files/object-store';
import { buildManifest, manifestSha256, type Manifest, type ManifestEntry } from './manifest';

export interface ArchiveDifference {
  /** Position in the sealed manifest (null when the difference is not one entry's). */
  position: number | null;
  path: string | null;
  reason: 'changed' | 'missing' | 'unexpected' | 'manifest-hash';
  sealed: { sha256: string; size: number } | null;
  current: { sha256: string; size: number } | null;
  message: { zh: string; en: string };
}

export type ArchiveVerdict =
  | { ok: true; archiveId: number; manifestSha256: string; entries: number }
  | { ok: false; archiveId: number | null; difference: ArchiveDifference };

const brief = (e: { sha256: string; size: number | string } | undefined) => (e ? { sha256: e.sha256, size: Number(e.size) } : null);

function compare(sealed: ManifestEntry[], current: ManifestEntry[]): ArchiveDifference | null {
  const byPath = new Map(current.map((e) => [e.path, e]));
  for (const [position, entry] of sealed.entries()) {
    const now = current[position];
    if (now && now.path === entry.path && now.sha256 === entry.sha256 && now.size === entry.size) continue;
    const same = byPath.get(entry.path);
    if (!same) {
      return { position, path: entry.path, reason: 'missing', sealed: brief(entry), current: null, message: { zh: `档案条目 ${entry.path} 的来源已不存在`, en: `the source of ${entry.path} no longer exists` } };
    }
    if (same.sha256 !== entry.sha256 || same.size !== entry.size) {
      return { position, path: entry.path, reason: 'changed', sealed: brief(entry), current: brief(same), message: { zh: `档案条目 ${entry.path} 的内容与封存时不同`, en: `${entry.path} differs from what was sealed` } };
    }
    // Same content elsewhere: something was inserted before it.
    return { position, path: now?.path ?? null, reason: 'unexpected', sealed: brief(entry), current: brief(now), message: { zh: `封存后新增了 ${now?.path}`, en: `${now?.path} was added after sealing` } };
  }
  if (current.length > sealed.length) {
    const extra = current[sealed.length]!;
    return { position: sealed.length, path: extra.path, reason: 'unexpected', sealed: null, current: brief(extra), message: { zh: `封存后新增了 ${extra.path}`, en: `${extra.path} was added after sealing` } };
  }
  return null;
}

/** Checks the sealed archive of a deal; names the first entry that no longer matches its source. */
export async function verifyArchive(db: Db, dealCode: string, objects: ObjectStore = defaultObjectStore()): Promise<ArchiveVerdict> {
  const archive = await Archive.query(db).modify('byDealCode', dealCode).first();
  if (!archive) {
    return { ok: false, archiveId: null, difference: { position: null, path: null, reason: 'missing', sealed: null, current: null, message: { zh: `交易项目 ${dealCode} 没有封存的档案`, en: `deal ${dealCode} has no sealed archive` } } };
  }
  const archiveId = Number(archive.id);
  const rows = await ArchiveEntry.query(db).where('archive_id', archiveId).orderBy('position');
  const sealed: ManifestEntry[] = rows.map((r) => ({
    kind: r.kind as ManifestEntry['kind'], path: r.path, sha256: r.sha256, size: Number(r.size), sourceRef: r.source_ref,
  }));
  const lastSeq = archive.trail_last_seq === null ? null : Number(archive.trail_last_seq);
  const { manifest: current } = await buildManifest(db, { id: Number(archive.deal_id), dealCode, status: archive.deal_status }, objects, lastSeq);
  const difference = compare(sealed, current.entries);
  if (difference) return { ok: false, archiveId, difference };
  const stored: Manifest = { dealCode, dealStatus: archive.deal_status, trail: { lastSeq, headHash: archive.trail_head_hash ?? null }, entries: sealed };
  if (manifestSha256(stored) !== archive.manifest_sha256) {
    return {
      ok: false, archiveId,
      difference: { position: null, path: null, reason: 'manifest-hash', sealed: null, current: null, message: { zh: '档案条目与封存的清单哈希不符（条目被改动）', en: 'the archive entries no longer match the sealed manifest hash (entries were altered)' } },
    };
  }
  return { ok: true, archiveId, manifestSha256: archive.manifest_sha256, entries: sealed.length };
}
