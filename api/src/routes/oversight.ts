import { z } from 'zod';
import { isValidCreditCode } from '@ggzy/db';
import { defineRoute } from '../http/routes';
import * as oversight from '../services/oversight';

const DealCode = z.string().regex(/^[A-Za-z0-9-]{4,64}$/);

export const oversightRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/supervision/trail/verify',
    summary: 'Recompute the tamper-evident trail (hash chains, Merkle log, signed checkpoints); names the first bad sequence number',
    tag: 'supervision',
    permission: 'trail:verify',
    responses: {
      200: {
        description: 'The verdict',
        schema: z.union([
          z.object({ ok: z.literal(true), size: z.number(), root: z.string() }),
          z.object({ ok: z.literal(false), first_bad_seq: z.number(), reason: z.string() }),
        ]),
      },
    },
    async handler({ deps }) {
      return { status: 200, body: await oversight.verify(deps.db) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/alerts',
    summary: 'Alert evaluations (项目预警) in my regions, newest first: rule, legal basis, found / not found / cannot assess, evidence',
    tag: 'supervision',
    permission: 'alert:read',
    query: z.object({
      dealCode: DealCode.optional(),
      result: z.enum(['found', 'not_found', 'cannot_assess']).optional(),
      ruleId: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/).optional(),
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: { 200: { description: 'Alerts', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await oversight.alerts(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/complaints',
    summary: 'File a complaint (投诉) about a deal in my regions: starts the complaint procedure with its statutory deadlines',
    tag: 'supervision',
    permission: 'complaint:file',
    body: z.object({
      dealCode: DealCode,
      complainant: z.object({
        creditCode: z.string().refine(isValidCreditCode, { message: 'not a valid unified social credit code' }),
        name: z.string().trim().min(1).max(300),
      }).strict(),
      grounds: z.string().trim().min(10).max(10_000),
      knownOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }).strict(),
    responses: { 201: { description: 'Filed', schema: z.object({ complaintNo: z.string(), workflowId: z.string() }) } },
    async handler({ body, deps, principal }) {
      return { status: 201, body: await oversight.fileComplaint(deps, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/complaints',
    summary: 'Complaints about deals in my regions, newest first',
    tag: 'supervision',
    permission: 'complaint:read',
    query: z.object({
      status: z.enum(['filed', 'accepted', 'rejected', 'decided']).optional(),
      dealCode: DealCode.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: { 200: { description: 'Complaints', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await oversight.complaints(deps.db, principal!, query) } };
    },
  }),
];
