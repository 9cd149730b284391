// The aggregation outbox: data set messages written in the business transaction, each record versioned by content.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ExchangeOutboxMessage } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { specTime, type SpecRecord } from './data-sets';

export interface QueuedMessage { messageId: string; dataSet: string; recordKey: string; version: number; created: boolean }

/** The message id a receiver deduplicates by: one per version of a record. */
export const messageIdOf = (dataSet: string, recordKey: string, version: number) => `${dataSet}:${recordKey}:v${version}`;

/**
 * Queues a record unless its latest queued version already has this content (so pushing twice queues nothing new,
 * and a record changed back and forth is sent again as a new version). DATA_TIMESTAMP is when this version was made.
 */
export async function enqueueRecord(
  trx: Knex,
  record: SpecRecord,
  context: { dealCode: string; regionCode: string; at: Date; key: string },
): Promise<QueuedMessage> {
  const contentSha256 = createHash('sha256').update(canonicalJson(record.fields), 'utf8').digest('hex');
  const latest = await ExchangeOutboxMessage.query(trx).where({ data_set: record.dataSet, record_key: record.recordKey })
    .orderBy('version', 'desc').limit(1).select('version', 'payload_sha256', 'message_id').first();
  if (latest && latest.payload_sha256 === contentSha256) {
    return { messageId: latest.message_id, dataSet: record.dataSet, recordKey: record.recordKey, version: Number(latest.version), created: false };
  }
  const version = Number(latest?.version ?? 0) + 1;
  const messageId = messageIdOf(record.dataSet, record.recordKey, version);
  const at = context.at.toISOString();
  await ExchangeOutboxMessage.query(trx).insert({
    message_id: messageId, data_set: record.dataSet, record_key: record.recordKey, version, deal_code: context.dealCode,
    region_code: context.regionCode, payload: canonicalJson({ ...record.fields, DATA_TIMESTAMP: specTime(context.at) }),
    payload_sha256: contentSha256, status: 'pending', attempts: 0, next_attempt_at: at, created_key: context.key, created_at: at,
  });
  return { messageId, dataSet: record.dataSet, recordKey: record.recordKey, version, created: true };
}
