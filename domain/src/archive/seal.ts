// archive.seal (档案封存): seals a finished deal's documents, notices and supervision trail into its archive — a
// manifest of (path, SHA-256, size) entries and the SHA-256 of the canonical manifest. Archive rows are never changed
// (the database refuses UPDATE and DELETE); sealing again answers the same archive.
import { z } from 'zod';
import type { Knex } from 'knex';
import { Archive, ArchiveEntry, Deal } from '@ggzy/db';
import { BusinessError, defineTask } from '../step';
import { brokenLink, buildManifest, manifestSha256 } from './manifest';

/** The deal statuses that end a deal (set by the lifecycle: registration.closeDeal, a terminate directive). */
export const FINISHED_DEAL_STATUSES = ['completed', 'terminated', 'failed'] as const;

const input = z.object({}).strict();

interface ArchiveRow { id: number | string; manifest_sha256: string; document_count: number; trail_count: number; trail_last_seq: number | string | null; sealed_at: string | Date }

function answerOf(row: ArchiveRow, dealCode: string) {
  return {
    archiveId: Number(row.id), dealCode, manifestSha256: row.manifest_sha256, documentCount: Number(row.document_count),
    trailCount: Number(row.trail_count), trailLastSeq: row.trail_last_seq === null ? null : Number(row.trail_last_seq),
  };
}

async function archiveOf(trx: Knex, dealId: number): Promise<ArchiveRow | undefined> {
  return Archive.query(trx).where('deal_id', dealId).select('id', 'manifest_sha256', 'document_count', 'trail_count', 'trail_last_seq', 'sealed_at').first();
}

export const sealArchive = defineTask({
  type: 'archive.seal',
  input,
  async run(ctx) {
    const dealCode = ctx.requireDealCode();
    const deal = await Deal.query(ctx.trx).where('deal_code', dealCode).select('id', 'region_code', 'status').first();
    if (!deal) throw new BusinessError('DEAL_NOT_FOUND', `交易项目 ${dealCode} 未登记`, `deal ${dealCode} is not registered`, { dealCode });
    const sealed = await archiveOf(ctx.trx, Number(deal.id));
    if (sealed) {
      const answer = answerOf(sealed, dealCode);
      await ctx.emit('archive.seal-repeated', answer);
      return { result: answer };
    }
    if (!(FINISHED_DEAL_STATUSES as readonly string[]).includes(deal.status)) {
      throw new BusinessError(
        'ARCHIVE_DEAL_NOT_FINISHED',
        `交易项目 ${dealCode} 尚未结束（当前状态 ${deal.status}），不能封存档案`,
        `deal ${dealCode} has not finished (status ${deal.status}); it cannot be archived yet`,
        { dealCode, status: deal.status, finished: FINISHED_DEAL_STATUSES },
      );
    }
    const { manifest, events } = await buildManifest(ctx.trx, { id: Number(deal.id), dealCode, status: deal.status }, ctx.objects());
    const broken = brokenLink(events);
    if (broken !== null) {
      throw new BusinessError('ARCHIVE_TRAIL_BROKEN', `交易项目 ${dealCode} 的监管留痕链在事件 ${broken} 处断开，不能封存`, `the supervision trail of deal ${dealCode} is broken at event ${broken}; it cannot be sealed`, { dealCode, seq: broken });
    }
    const sha = manifestSha256(manifest);
    const documentCount = manifest.entries.filter((e) => e.kind === 'document').length;
    const row = await Archive.query(ctx.trx).insert({
      deal_id: deal.id, deal_code: dealCode, region_code: deal.region_code, manifest_sha256: sha, document_count: documentCount,
      trail_count: events.length, trail_last_seq: manifest.trail.lastSeq, trail_head_hash: manifest.trail.headHash, deal_status: deal.status,
      sealed_at: ctx.now.toISOString(), sealed_key: ctx.key,
    });
    const archiveId = Number(row.id);
    const entries = manifest.entries.map((e, position) => ({
      archive_id: archiveId, position, kind: e.kind, path: e.path, sha256: e.sha256, size: e.size, source_ref: e.sourceRef,
    }));
    // objection inserts arrays on PostgreSQL only: chunks of 200 rows stay one knex multi-row insert on both databases
    for (let i = 0; i < entries.length; i += 200) await ctx.trx(ArchiveEntry.tableName).insert(entries.slice(i, i + 200));
    const answer = answerOf({ id: archiveId, manifest_sha256: sha, document_count: documentCount, trail_count: events.length, trail_last_seq: manifest.trail.lastSeq, sealed_at: ctx.now }, dealCode);
    await ctx.emit('archive.sealed', { ...answer, trailHeadHash: manifest.trail.headHash, dealStatus: deal.status });
    return { result: answer };
  },
});
