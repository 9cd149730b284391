// Imports from outside registers (工商登记, 资质, 信用): batches in one documented format (README, "Registry feeds"),
// applied once each — the same batch again answers its stored report, a different batch under a used id is refused.
// A record that does not validate is refused and listed in the report; the others in its batch are applied, together,
// in one transaction with the batch row and the trail events.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { CreditRecord, CreditSanction, Region, RegistryImport, Subject } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError } from '../step';
import { creditCode } from '../step/schemas';
import { appendSupervisionEvent } from '../supervision/trail';
import { applySubjectChanges, type LibraryChange } from './apply';
import { licenceInput, qualificationInput, registrationInput, personInput, keptChanges, SUBJECT_KINDS } from './schemas';
import { subjectChain } from './reviews';

export const REGISTRY_FORMAT = 'ggzy-registry/1';
export const FEEDS = ['business', 'qualification', 'credit'] as const;
export type Feed = (typeof FEEDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const externalId = z.string().trim().min(1).max(128);
const instant = z.iso.datetime({ offset: true });

export const registryBatch = z.object({
  format: z.literal(REGISTRY_FORMAT),
  feed: z.enum(FEEDS),
  batchId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, '1–128 letters, digits, . _ : -'),
  source: text(200),
  generatedAt: instant,
  records: z.array(z.unknown()).max(10_000),
}).strict();
export type RegistryBatch = z.infer<typeof registryBatch>;

const businessRecord = z.object({
  creditCode,
  name: text(300),
  kind: z.enum(SUBJECT_KINDS).default('bidder'),
  legalRepresentative: text(100).optional(),
  address: text(300).optional(),
  establishedOn: z.iso.date().optional(),
  registeredCapitalFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  regionCode: z.string().regex(/^[0-9]{6,12}$/).optional(),
  people: z.array(personInput).max(200).default([]),
  licences: z.array(licenceInput).max(200).default([]),
}).strict();

const qualificationRecord = z.object({
  creditCode,
  name: text(300).optional(),
  people: z.array(personInput).max(200).default([]),
  qualifications: z.array(qualificationInput).max(200).default([]),
  registrations: z.array(registrationInput).max(200).default([]),
}).strict();

const creditRecord = z.object({
  creditCode,
  /** Needed when the subject is not yet in the library: a sanction must bar it from the day it first appears. */
  name: text(300).optional(),
  records: z.array(z.object({
    externalId, kind: z.enum(['honest', 'dishonest']), description: text(1000), sourceRegionCode: z.string().regex(/^[0-9]{6,12}$/),
    validFrom: instant, validUntil: instant.optional(),
  }).strict()).max(200).default([]),
  sanctions: z.array(z.object({
    externalId, measure: z.enum(['bar_from_bidding', 'blacklist', 'warning']), reason: text(1000), legalBasis: text(200),
    decidedByRegion: z.string().regex(/^[0-9]{6,12}$/), validFrom: instant, validUntil: instant.optional(), revokedAt: instant.optional(),
  }).strict()).max(200).default([]),
}).strict();

export interface ImportReport {
  feed: Feed; batchId: string; source: string; contentSha256: string; importedAt: string; records: number; applied: number;
  created: Record<string, number>; updated: Record<string, number>; unchanged: number;
  refused: Array<{ index: number; creditCode: string | null; code: string; message: string }>;
  changes: Array<{ creditCode: string; changes: LibraryChange[] }>;
  /** True when this batch had been imported before and the stored report is answered. */
  replayed: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function provinceCode(trx: Knex): Promise<string> {
  const province = await Region.query(trx).where('level', 'province').orderBy('code').first();
  if (!province) throw new Error('no province region is configured');
  return province.code;
}

async function subjectFor(trx: Knex, code: string, name: string | undefined, kind: string, at: string): Promise<{ id: number; created: boolean } | null> {
  const found = await Subject.query(trx).modify('byCreditCode', code).select('id').first();
  if (found) return { id: found.id, created: false };
  if (!name) return null;
  const row = await Subject.query(trx).insert({ credit_code: code, name, kind, review_status: 'approved', source: 'registry', created_at: at });
  return { id: row.id, created: true };
}

/** Upserts a register's record by (source, external id): created, updated or unchanged. */
async function upsertExternal(trx: Knex, model: typeof CreditRecord | typeof CreditSanction, externalIdValue: string, values: Record<string, unknown>): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await (model as typeof CreditRecord).query(trx).where({ source: 'registry', external_id: externalIdValue }).first();
  if (!existing) {
    await (model as typeof CreditRecord).query(trx).insert({ ...values, source: 'registry', external_id: externalIdValue } as never);
    return 'created';
  }
  const changed = Object.entries(values).some(([k, v]) => {
    const current = (existing as unknown as Record<string, unknown>)[k] ?? null;
    return k.endsWith('_at') || k.startsWith('valid_') ? (current === null ? v !== null : v === null || new Date(String(current)).getTime() !== new Date(String(v)).getTime()) : String(current) !== String(v ?? '');
  });
  if (!changed) return 'unchanged';
  await (model as typeof CreditRecord).query(trx).findById(existing.id).patch(values as never);
  return 'updated';
}

function refusalOf(err: unknown): { code: string; message: string } {
  if (err instanceof z.ZodError) return { code: 'INVALID_RECORD', message: err.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ') };
  if (err instanceof BusinessError) return { code: err.code, message: err.en };
  throw err;
}

/**
 * Applies a batch. Idempotent by (feed, batchId): the same content again answers the stored report (`replayed`);
 * other content under a used id is refused (REGISTRY_BATCH_CONFLICT) and nothing is written.
 */
export async function importRegistryBatch(db: Knex, raw: unknown, options: { now: Date; actor: string }): Promise<ImportReport> {
  const parsed = registryBatch.safeParse(raw);
  if (!parsed.success) {
    throw new BusinessError('INVALID_BATCH', `批次格式不正确：${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      `the batch is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const batch = parsed.data;
  const contentSha256 = sha256(canonicalJson(batch));
  const at = options.now.toISOString();
  return db.transaction(async (trx) => {
    const earlier = await RegistryImport.query(trx).where({ feed: batch.feed, batch_id: batch.batchId }).first();
    if (earlier) {
      if (earlier.content_sha256 !== contentSha256) {
        throw new BusinessError('REGISTRY_BATCH_CONFLICT', `批次 ${batch.batchId} 已导入过不同的内容`, `batch ${batch.batchId} was imported before with different content`, { batchId: batch.batchId });
      }
      return { ...(JSON.parse(earlier.report) as ImportReport), replayed: true };
    }
    const region = await provinceCode(trx);
    const report: ImportReport = {
      feed: batch.feed, batchId: batch.batchId, source: batch.source, contentSha256, importedAt: at, records: batch.records.length, applied: 0,
      created: {}, updated: {}, unchanged: 0, refused: [], changes: [], replayed: false,
    };
    const count = (bucket: Record<string, number>, what: string) => { bucket[what] = (bucket[what] ?? 0) + 1; };

    for (const [index, record] of batch.records.entries()) {
      const code = typeof (record as { creditCode?: unknown })?.creditCode === 'string' ? (record as { creditCode: string }).creditCode : null;
      try {
        // each record in a savepoint: a refused one leaves nothing behind, the batch goes on
        const changes = await trx.transaction(async (sp) => applyRecord(sp, batch.feed, record, at, options.now));
        report.applied++;
        if (changes.length === 0) report.unchanged++;
        for (const c of changes) count(c.action === 'created' ? report.created : report.updated, c.entity);
        if (changes.length > 0) {
          report.changes.push({ creditCode: code!, changes });
          await appendSupervisionEvent(trx, {
            idempotencyKey: `registry:${batch.feed}:${batch.batchId}:${index}`, chainKey: subjectChain(code!), dealCode: null, regionCode: region,
            kind: 'subject.registry_updated', actor: options.actor, payload: { feed: batch.feed, batchId: batch.batchId, source: batch.source, creditCode: code, changes },
            occurredAt: at,
          });
        }
      } catch (err) {
        report.refused.push({ index, creditCode: code, ...refusalOf(err) });
      }
    }
    await RegistryImport.query(trx).insert({ feed: batch.feed, batch_id: batch.batchId, content_sha256: contentSha256, imported_at: at, report: canonicalJson(report) });
    await appendSupervisionEvent(trx, {
      idempotencyKey: `registry:${batch.feed}:${batch.batchId}`, dealCode: null, regionCode: region, kind: 'registry.imported', actor: options.actor,
      payload: {
        feed: batch.feed, batchId: batch.batchId, source: batch.source, contentSha256, records: report.records, applied: report.applied,
        created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.refused,
      },
      occurredAt: at,
    });
    return report;
  });
}

/** Region codes a record names must be regions this platform knows (their rows are referenced). */
async function assertRegions(trx: Knex, codes: Array<string | undefined>): Promise<void> {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  if (wanted.length === 0) return;
  const known = new Set((await Region.query(trx).whereIn('code', wanted).select('code')).map((r) => r.code));
  const unknown = wanted.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new BusinessError('REGION_UNKNOWN', `行政区划代码不在本平台：${unknown.join(', ')}`, `region codes unknown to this platform: ${unknown.join(', ')}`);
}

async function applyRecord(trx: Knex, feed: Feed, record: unknown, at: string, now: Date): Promise<LibraryChange[]> {
  if (feed === 'business') {
    const r = businessRecord.parse(record);
    await assertRegions(trx, [r.regionCode]);
    const subject = (await subjectFor(trx, r.creditCode, r.name, r.kind, at))!;
    const changes = keptChanges(r.creditCode, {
      subject: { name: r.name, legalRepresentative: r.legalRepresentative, address: r.address, establishedOn: r.establishedOn, registeredCapitalFen: r.registeredCapitalFen, regionCode: r.regionCode },
      people: r.people, licences: r.licences, qualifications: [], performances: [], registrations: [],
    });
    const applied = await applySubjectChanges(trx, subject.id, changes, { source: 'registry', now });
    return subject.created ? [{ entity: 'subject', action: 'created', key: r.creditCode }, ...applied] : applied;
  }
  if (feed === 'qualification') {
    const r = qualificationRecord.parse(record);
    const subject = await subjectFor(trx, r.creditCode, r.name, 'bidder', at);
    if (!subject) throw new BusinessError('SUBJECT_UNKNOWN', `主体 ${r.creditCode} 不在主体库中，且记录未给出名称`, `subject ${r.creditCode} is not in the library and the record gives no name`);
    const changes = keptChanges(r.creditCode, { subject: {}, people: r.people, licences: [], qualifications: r.qualifications, performances: [], registrations: r.registrations });
    const applied = await applySubjectChanges(trx, subject.id, changes, { source: 'registry', now });
    return subject.created ? [{ entity: 'subject', action: 'created', key: r.creditCode }, ...applied] : applied;
  }
  const r = creditRecord.parse(record);
  await assertRegions(trx, [...r.records.map((c) => c.sourceRegionCode), ...r.sanctions.map((s) => s.decidedByRegion)]);
  const subject = await subjectFor(trx, r.creditCode, r.name, 'bidder', at);
  if (!subject) throw new BusinessError('SUBJECT_UNKNOWN', `主体 ${r.creditCode} 不在主体库中，且记录未给出名称`, `subject ${r.creditCode} is not in the library and the record gives no name`);
  const out: LibraryChange[] = subject.created ? [{ entity: 'subject', action: 'created', key: r.creditCode }] : [];
  for (const c of r.records) {
    const result = await upsertExternal(trx, CreditRecord, c.externalId, {
      subject_id: subject.id, kind: c.kind, description: c.description, source_region_code: c.sourceRegionCode,
      valid_from: new Date(c.validFrom).toISOString(), valid_until: c.validUntil ? new Date(c.validUntil).toISOString() : null,
    });
    if (result !== 'unchanged') out.push({ entity: 'credit_record', action: result, key: c.externalId });
  }
  for (const s of r.sanctions) {
    const result = await upsertExternal(trx, CreditSanction, s.externalId, {
      subject_id: subject.id, measure: s.measure, reason: s.reason, legal_basis: s.legalBasis, decided_by_region: s.decidedByRegion,
      valid_from: new Date(s.validFrom).toISOString(), valid_until: s.validUntil ? new Date(s.validUntil).toISOString() : null,
      revoked_at: s.revokedAt ? new Date(s.revokedAt).toISOString() : null,
    });
    if (result !== 'unchanged') out.push({ entity: 'sanction', action: result, key: s.externalId });
  }
  return out;
}
