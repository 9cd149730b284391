import { z } from 'zod';
import { FEEDS, REGISTRY_FORMAT, SUBJECT_KINDS, subjectChanges } from '@ggzy/domain';
import { isValidCreditCode } from '@ggzy/db';
import { defineRoute } from '../http/routes';
import * as subjects from '../services/subjects';

const creditCode = z.string().refine(isValidCreditCode, 'not a valid unified social credit code (统一社会信用代码)');
const limit = z.coerce.number().int().min(1).max(200).default(50);
const id = z.coerce.number().int().min(1).max(2_147_483_647);

export const subjectRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/subjects',
    summary: 'Search the subject library (主体库) by part of a name or the start of a credit code — the pickers of the forms; sanctioned subjects are marked',
    tag: 'subjects',
    permission: 'subject:read',
    query: z.object({ q: z.string().trim().max(100).optional(), kind: z.enum(SUBJECT_KINDS).optional(), limit }).strict(),
    responses: {
      200: {
        description: 'Matching subjects, by name',
        schema: z.object({ subjects: z.array(z.object({
          creditCode: z.string(), name: z.string(), kind: z.string(), regionCode: z.string().nullable(), reviewStatus: z.string(), sanctioned: z.boolean(),
        })) }),
      },
    },
    async handler({ query, deps }) {
      return { status: 200, body: { subjects: await subjects.search(deps.db, query) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/subjects/:creditCode',
    summary: 'A subject\'s profile: people (masked), licences, qualifications, performance, registrations, credit records and sanctions, certificates',
    tag: 'subjects',
    permission: 'subject:read',
    params: z.object({ creditCode }),
    responses: { 200: { description: 'The profile', schema: z.record(z.string(), z.unknown()) }, 404: { description: 'No such subject' } },
    async handler({ params, deps }) {
      return { status: 200, body: await subjects.profile(deps.db, params.creditCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/subject-applications',
    summary: 'Apply to register a subject or change its record (主体注册/变更); it waits for review by another member of staff',
    tag: 'subjects',
    permission: 'subject:apply',
    body: z.object({ creditCode, changes: subjectChanges }).strict(),
    responses: {
      201: { description: 'Filed, pending review', schema: z.record(z.string(), z.unknown()) },
      409: { description: 'An application for this subject is already under review' },
    },
    async handler({ body, deps, principal }) {
      return { status: 201, body: await subjects.apply(deps.db, principal!, body.creditCode, body.changes) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/subject-reviews',
    summary: 'Applications to review (主体审核), oldest first',
    tag: 'subjects',
    permission: 'subject:review',
    query: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional(), creditCode: creditCode.optional(), limit }).strict(),
    responses: { 200: { description: 'Applications', schema: z.object({ reviews: z.array(z.record(z.string(), z.unknown())) }) } },
    async handler({ query, deps }) {
      return { status: 200, body: { reviews: await subjects.reviews(deps.db, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/subject-reviews/:reviewId/decision',
    summary: 'Approve (the change is applied) or reject (with a reason) an application; never one you submitted yourself',
    tag: 'subjects',
    permission: 'subject:review',
    params: z.object({ reviewId: id }),
    body: z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().trim().max(500).optional() }).strict(),
    responses: {
      200: { description: 'Decided; `applied` lists each change made', schema: z.record(z.string(), z.unknown()) },
      403: { description: 'Your own application' },
      409: { description: 'Already decided, or it conflicts with another subject\'s record' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await subjects.decide(deps.db, principal!, params.reviewId, body.decision, body.comment) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/registry-imports',
    summary: `Apply one batch of an outside register's feed (format ${REGISTRY_FORMAT}; README, "Registry feeds"); the same batch again answers its stored report`,
    tag: 'subjects',
    permission: 'registry:import',
    body: z.object({
      format: z.literal(REGISTRY_FORMAT), feed: z.enum(FEEDS), batchId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/), source: z.string().trim().min(1).max(200),
      generatedAt: z.iso.datetime({ offset: true }), records: z.array(z.record(z.string(), z.unknown())).max(10_000),
    }).strict(),
    responses: {
      200: { description: 'The import report: created, updated, unchanged, refused records', schema: z.record(z.string(), z.unknown()) },
      409: { description: 'This batch id was imported with different content' },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await subjects.importBatch(deps.db, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/registry-imports',
    summary: 'The registry batches imported, newest first, with their reports',
    tag: 'subjects',
    permission: 'registry:read',
    query: z.object({ limit }).strict(),
    responses: { 200: { description: 'Imports', schema: z.object({ imports: z.array(z.record(z.string(), z.unknown())) }) } },
    async handler({ query, deps }) {
      return { status: 200, body: { imports: await subjects.imports(deps.db, query.limit) } };
    },
  }),
];
