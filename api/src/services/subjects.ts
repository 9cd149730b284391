// The subject library (主体信息库) as the api shows it: the pickers' search, a subject's profile, applications and
// their review (主体审核), and registry batches uploaded by the platform's administrator.
import type { Db } from '@ggzy/db';
import {
  BusinessError, decideReview, importRegistryBatch, listReviews, searchSubjects, subjectProfile, submitSubjectApplication,
  type ImportReport, type SubjectChangesInput,
} from '@ggzy/domain';
import { RegistryImport } from '@ggzy/db';
import type { Principal } from '../auth/principal';
import { AppError, type ErrorCode } from '../http/errors';

const REFUSALS: Record<string, ErrorCode> = {
  SUBJECT_NOT_FOUND: 'NOT_FOUND',
  REVIEW_NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'VALIDATION_FAILED',
  INVALID_BATCH: 'VALIDATION_FAILED',
  SUBJECT_NAME_REQUIRED: 'VALIDATION_FAILED',
  REVIEW_REASON_REQUIRED: 'VALIDATION_FAILED',
  REVIEW_PENDING: 'REVIEW_PENDING',
  REVIEW_CLOSED: 'REVIEW_CLOSED',
  REVIEW_OWN_APPLICATION: 'REVIEW_OWN_APPLICATION',
  LICENCE_OF_ANOTHER_SUBJECT: 'SUBJECT_RECORD_CONFLICT',
  REGISTRATION_OF_ANOTHER_PERSON: 'SUBJECT_RECORD_CONFLICT',
  PERSON_NOT_FOUND: 'SUBJECT_RECORD_CONFLICT',
  REGISTRY_BATCH_CONFLICT: 'REGISTRY_BATCH_CONFLICT',
};

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BusinessError && REFUSALS[err.code]) {
      const issues = (err.details.issues as Array<{ path: string; message: string }> | undefined) ?? [{ path: '', message: err.en }];
      throw new AppError(REFUSALS[err.code]!, issues.map((i) => ({ path: i.path, message: i.message })));
    }
    throw err;
  }
}

const actorOf = (principal: Principal) => ({ name: principal.username, regionCode: principal.regionCode });

export const search = (db: Db, query: { q?: string; kind?: string; limit: number }) => searchSubjects(db, { ...query, now: new Date() });

export const profile = (db: Db, creditCode: string) => refusing(() => subjectProfile(db, creditCode, new Date()));

export const apply = (db: Db, principal: Principal, creditCode: string, changes: SubjectChangesInput) =>
  refusing(() => submitSubjectApplication(db, { creditCode, changes, actor: actorOf(principal), now: new Date() }));

export const reviews = (db: Db, query: { status?: string; creditCode?: string; limit: number }) => listReviews(db, query);

export const decide = (db: Db, principal: Principal, reviewId: number, decision: 'approve' | 'reject', comment?: string) =>
  refusing(() => decideReview(db, { reviewId, decision, comment, actor: actorOf(principal), now: new Date() }));

export const importBatch = (db: Db, principal: Principal, batch: unknown): Promise<ImportReport> =>
  refusing(() => importRegistryBatch(db, batch, { now: new Date(), actor: principal.username }));

export async function imports(db: Db, limit: number) {
  const rows = await RegistryImport.query(db).orderBy('id', 'desc').limit(limit);
  return rows.map((r) => {
    const report = JSON.parse(r.report) as ImportReport;
    return {
      id: r.id, feed: r.feed, batchId: r.batch_id, contentSha256: r.content_sha256, importedAt: r.imported_at, source: report.source,
      records: report.records, applied: report.applied, created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.refused,
    };
  });
}
