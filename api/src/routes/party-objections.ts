// 异议 outside the opening hall (实施条例 §22, §54; 政府采购 质疑): the bidder's, the organiser's and the centre's routes.
// Every party route resolves the party's relation to the deal in its service (services/party-objections.ts).
import { z } from 'zod';
import { OBJECTION_KINDS } from '@ggzy/domain';
import { defineRoute } from '../http/routes';
import * as objections from '../services/party-objections';

const dealCode = z.string().regex(/^\d{6}-\d{4}-[A-Z]{2}-\d{5}$/, 'a unified deal code (统一交易标识码), e.g. 990100-2026-JS-00017');
const id = z.coerce.number().int().min(1).max(2_147_483_647);
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -: the client chooses it once per act, so a retry is the same act');
const anyObject = z.record(z.string(), z.unknown());
const fileName = z.string().trim().min(1).max(200)
  .refine((n) => ![...n].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20) && n !== '.' && n !== '..', 'a plain file name');

export const partyObjectionRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/objections',
    summary: '异议 by a bidder of the deal: to the documents (until 10 days before the bid deadline, §22) or to the evaluation result (during the candidates\' publicity, §54); opening objections belong to the hall. Holds the deal until answered. The same requestId again: the same objection (200)',
    tag: 'party',
    permission: 'party-objection:raise',
    params: z.object({ dealCode }),
    body: z.object({
      requestId,
      kind: z.enum(OBJECTION_KINDS),
      text: z.string().trim().min(5).max(10_000),
      files: z.array(z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).describe('SHA-256 of a completed upload of yours'), fileName }).strict()).max(10).default([]),
    }).strict(),
    responses: {
      201: { description: 'Raised: the objection with its due date, whether the deal was held, the receipt', schema: anyObject },
      200: { description: 'Raised before under this requestId: the same objection' },
      403: { description: 'Not a bidder of the deal (NOT_REGISTERED_BIDDER)' },
      404: { description: 'No such deal, none of this party\'s business, or a file that is not a completed upload of yours' },
      409: { description: 'Out of its window (OBJECTION_DOCUMENTS_LATE, OBJECTION_RESULT_NOT_PUBLICISED, OBJECTION_RESULT_LATE), an opening objection (OBJECTION_IN_OPENING_HALL), or the deal ended' },
    },
    async handler({ params, body, deps, principal }) {
      const raised = await objections.raise(deps, principal!, params.dealCode, body);
      return { status: raised.replayed ? 200 : 201, body: raised };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/deals/:dealCode/objections',
    summary: 'The deal\'s objections as the party may see them: a bidder its own with their answers; the tenderee or agency every one with who raised it, its due date and whether overdue; whether the deal is held',
    tag: 'party',
    permission: 'party-deal:read',
    params: z.object({ dealCode }),
    responses: { 200: { description: 'mine, toAnswer, hold, mayRaise, mayAnswer', schema: anyObject }, 404: { description: 'No such deal, or none of this party\'s business' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await objections.forParty(deps.db, principal!, params.dealCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/objections/:objectionId/answer',
    summary: 'The tenderee or agency answers an objection; a documents answer is published to all bidders as a clarification without the objector; the last answer resumes the deal the objections held',
    tag: 'party',
    permission: 'party-objection:answer',
    params: z.object({ dealCode, objectionId: id }),
    body: z.object({ answer: z.string().trim().min(2).max(20_000) }).strict(),
    responses: {
      200: { description: 'Answered: the objection, the clarification notice, whether the deal was resumed', schema: anyObject },
      403: { description: 'Not the tenderee or agency (NOT_ORGANISER)' },
      404: { description: 'No such deal or objection' },
      409: { description: 'Already answered otherwise (OBJECTION_ALREADY_ANSWERED)' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await objections.answer(deps, principal!, params.dealCode, params.objectionId, body.answer) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/objections',
    summary: 'Bidders\' objections of the deals of one\'s regions, with who raised them, due dates and whether overdue (staff, supervisors, auditors)',
    tag: 'party',
    permission: 'objection:read',
    query: z.object({
      dealCode: dealCode.optional(),
      overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }).strict(),
    responses: { 200: { description: 'Objections, newest first', schema: z.object({ objections: z.array(anyObject) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { objections: await objections.forStaff(deps.db, principal!, query) } };
    },
  }),
];
