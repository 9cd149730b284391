// 主体审核: an application to register a subject or change its record waits for a staff member — never the one who
// submitted it — to approve (the change is applied) or reject it. Every step is on the subject's own trail chain.
import type { Knex } from 'knex';
import { Subject, SubjectReview, isValidCreditCode } from '@ggzy/db';
import { canonicalJson } from '@ggzy/process';
import { BusinessError } from '../step';
import { appendSupervisionEvent } from '../supervision/trail';
import { applySubjectChanges, type LibraryChange } from './apply';
import { keptChanges, subjectChanges, type KeptChanges, type SubjectChangesInput } from './schemas';

export const subjectChain = (creditCode: string) => `subject:${creditCode}`;

export interface Actor { name: string; regionCode: string }

export interface ReviewView {
  id: number; creditCode: string; subjectName: string; status: string; changes: KeptChanges; submittedBy: string; submittedAt: string;
  reviewedBy: string | null; reviewedAt: string | null; comment: string | null;
}

/** Files an application; a subject seen for the first time is created as pending, with the name and kind it gives. */
export async function submitSubjectApplication(db: Knex, input: { creditCode: string; changes: SubjectChangesInput; actor: Actor; now: Date }): Promise<ReviewView> {
  if (!isValidCreditCode(input.creditCode)) throw new BusinessError('INVALID_INPUT', `统一社会信用代码不正确：${input.creditCode}`, `not a valid unified social credit code: ${input.creditCode}`);
  const parsed = subjectChanges.safeParse(input.changes);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new BusinessError('INVALID_INPUT', `申请内容不正确：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, `the application is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  const kept = keptChanges(input.creditCode, parsed.data);
  return db.transaction(async (trx) => {
    let subject = await Subject.query(trx).modify('byCreditCode', input.creditCode).first();
    if (!subject) {
      if (!kept.subject.name || !kept.subject.kind) {
        throw new BusinessError('SUBJECT_NAME_REQUIRED', '新主体的申请须填写名称和主体类型', 'an application for a new subject must give its name and kind');
      }
      subject = await Subject.query(trx).insert({
        credit_code: input.creditCode, name: kept.subject.name, kind: kept.subject.kind, region_code: kept.subject.regionCode ?? input.actor.regionCode,
        review_status: 'pending', source: 'application', created_at: input.now.toISOString(),
      });
    }
    const pending = await SubjectReview.query(trx).where({ subject_id: subject.id, status: 'pending' }).first();
    if (pending) {
      throw new BusinessError('REVIEW_PENDING', `主体 ${input.creditCode} 已有待审核的申请（${pending.id}）`, `subject ${input.creditCode} already has an application under review (${pending.id})`, { reviewId: pending.id });
    }
    const review = await SubjectReview.query(trx).insert({
      subject_id: subject.id, status: 'pending', changes: canonicalJson(kept), submitted_by: input.actor.name, submitted_at: input.now.toISOString(),
    });
    await appendSupervisionEvent(trx, {
      idempotencyKey: `subject-review:${review.id}:submitted`, chainKey: subjectChain(input.creditCode), dealCode: null, regionCode: input.actor.regionCode,
      kind: 'subject.application_submitted', actor: input.actor.name, payload: { reviewId: review.id, creditCode: input.creditCode, changes: kept },
      occurredAt: input.now.toISOString(),
    });
    return view(review, subject);
  });
}

function view(review: SubjectReview, subject: Subject): ReviewView {
  return {
    id: review.id, creditCode: subject.credit_code, subjectName: subject.name, status: review.status, changes: JSON.parse(review.changes) as KeptChanges,
    submittedBy: review.submitted_by, submittedAt: review.submitted_at, reviewedBy: review.reviewed_by ?? null, reviewedAt: review.reviewed_at ?? null,
    comment: review.comment ?? null,
  };
}

export async function listReviews(db: Knex, query: { status?: string; creditCode?: string; limit: number }): Promise<ReviewView[]> {
  const builder = SubjectReview.query(db).alias('r').join('subjects as s', 's.id', 'r.subject_id').select('r.*').orderBy('r.submitted_at').orderBy('r.id').limit(query.limit);
  if (query.status) builder.where('r.status', query.status);
  if (query.creditCode) builder.where('s.credit_code', query.creditCode);
  const reviews = await builder;
  const subjects = await Subject.query(db).whereIn('id', reviews.map((r) => r.subject_id));
  return reviews.map((r) => view(r, subjects.find((s) => s.id === Number(r.subject_id))!));
}

/** Approves (and applies) or rejects a pending application. The reviewer may not be the applicant. */
export async function decideReview(db: Knex, input: { reviewId: number; decision: 'approve' | 'reject'; comment?: string; actor: Actor; now: Date }): Promise<ReviewView & { applied: LibraryChange[] }> {
  return db.transaction(async (trx) => {
    const review = await SubjectReview.query(trx).findById(input.reviewId);
    if (!review) throw new BusinessError('REVIEW_NOT_FOUND', `审核申请 ${input.reviewId} 不存在`, `application ${input.reviewId} not found`);
    if (review.status !== 'pending') {
      throw new BusinessError('REVIEW_CLOSED', `审核申请 ${input.reviewId} 已${review.status === 'approved' ? '通过' : '驳回'}`, `application ${input.reviewId} is already ${review.status}`);
    }
    if (review.submitted_by === input.actor.name) {
      throw new BusinessError('REVIEW_OWN_APPLICATION', '不能审核自己提交的申请', 'an application cannot be reviewed by the person who submitted it');
    }
    if (input.decision === 'reject' && !input.comment?.trim()) {
      throw new BusinessError('REVIEW_REASON_REQUIRED', '驳回申请须说明理由', 'a rejection must give its reason');
    }
    const subject = (await Subject.query(trx).findById(review.subject_id))!;
    const changes = JSON.parse(review.changes) as KeptChanges;
    const applied = input.decision === 'approve' ? await applySubjectChanges(trx, subject.id, changes, { source: 'application', now: input.now }) : [];
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    // a subject first known through its application takes the review's outcome; one already approved stays approved
    if (subject.review_status !== 'approved') await Subject.query(trx).findById(subject.id).patch({ review_status: status, updated_at: input.now.toISOString() });
    const patch = { status, reviewed_by: input.actor.name, reviewed_at: input.now.toISOString(), comment: input.comment?.trim() || null };
    const claimed = await SubjectReview.query(trx).where({ id: review.id, status: 'pending' }).patch(patch);
    if (claimed !== 1) throw new BusinessError('REVIEW_CLOSED', `审核申请 ${input.reviewId} 已被处理`, `application ${input.reviewId} was decided meanwhile`);
    await appendSupervisionEvent(trx, {
      idempotencyKey: `subject-review:${review.id}:${status}`, chainKey: subjectChain(subject.credit_code), dealCode: null,
      regionCode: input.actor.regionCode, kind: `subject.application_${status}`, actor: input.actor.name,
      payload: { reviewId: review.id, creditCode: subject.credit_code, comment: patch.comment, applied }, occurredAt: input.now.toISOString(),
    });
    const updated = (await Subject.query(trx).findById(subject.id))!;
    return { ...view({ ...review, ...patch } as SubjectReview, updated), applied };
  });
}
