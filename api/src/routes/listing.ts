// 网上挂牌: the listing board and a bidder's online quote.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as listing from '../services/listing';
import { WorkflowIdParam } from './processes';

const dealCode = z.string().regex(/^\d{6}-\d{4}-[A-Z]{2}-\d{5}$/, 'a unified deal code (统一交易标识码), e.g. 990100-2026-TD-00017');
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -: the client chooses it once per quote, so a retry is the same quote');

const Quote = z.object({
  seq: z.number(), bidderNo: z.number().describe('竞买号: the bidder\'s number on the board; names are not shown'), priceFen: z.number(), quotedAt: z.string(),
  mine: z.boolean(), bidder: z.object({ creditCode: z.string(), name: z.string() }).optional().describe('to the centre\'s staff, once the listing is closed'),
});
const Board = z.object({
  dealCode: z.string(), sectionCode: z.string(), status: z.enum(['announced', 'open', 'ended', 'closed']),
  startingPriceFen: z.number(), incrementFen: z.number(), depositFen: z.number(), startsAt: z.string(), endsAt: z.string(),
  openedAt: z.string().nullable(), closedAt: z.string().nullable(), highest: Quote.nullable(),
  nextMinimumFen: z.number().describe('the least the next quote may be: the starting price, then the highest plus the increment'),
  quotes: z.array(Quote),
  me: z.object({
    applied: z.boolean(), bidderNo: z.number().nullable(), depositPaid: z.boolean(), mayQuote: z.boolean(),
    why: z.object({ zh: z.string(), en: z.string() }).nullable(),
  }).optional(),
});

export const listingRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/party/deals/:dealCode/listing',
    summary: '网上挂牌: the listing board — terms, every quote by bidder number, the highest, the least next quote, and whether this party may quote now',
    tag: 'party',
    permission: 'party-deal:read',
    params: z.object({ dealCode }),
    responses: { 200: { description: 'The board', schema: Board }, 404: { description: 'NOT_FOUND' }, 409: { description: 'NOT_A_LISTING: the deal is no online land listing' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await listing.boardForParty(deps.db, principal!, params.dealCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/listing/quotes',
    summary: '网上挂牌报价: an applicant whose deposit is in quotes during the listing — first at least the starting price, then at least the highest plus the increment, never over its own highest. Again with the same requestId: the same quote (200)',
    tag: 'party',
    permission: 'bid:submit',
    params: z.object({ dealCode }),
    body: z.object({ priceFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('the quote in fen'), requestId }).strict(),
    responses: {
      201: { description: 'Quoted: the quote, the board after it, the receipt', schema: z.object({ replayed: z.boolean(), quote: Quote, board: Board, receipt: z.record(z.string(), z.unknown()).nullable() }) },
      200: { description: 'The same quote, made before' },
      403: { description: 'NOT_REGISTERED_BIDDER (no application), CREDIT_SANCTIONED' },
      404: { description: 'NOT_FOUND' },
      409: { description: 'NOT_A_LISTING, LISTING_NOT_OPEN, LISTING_CLOSED, DEPOSIT_NOT_PAID, QUOTE_ALREADY_HIGHEST, QUOTE_KEY_REUSED, DEAL_ENDED' },
      422: { description: 'QUOTE_TOO_LOW (its details name the least quote)' },
    },
    async handler({ params, body, deps, principal }) {
      const answer = await listing.quote(deps.db, principal!, params.dealCode, body);
      return { status: answer.replayed ? 200 : 201, body: answer };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/process-instances/:workflowId/listing',
    summary: 'The listing board of a land listing deal of one\'s regions (bidders named once the listing is closed)',
    tag: 'processes',
    permission: 'process:read',
    params: WorkflowIdParam,
    responses: { 200: { description: 'The board', schema: Board }, 404: { description: 'NOT_FOUND' }, 409: { description: 'NOT_A_LISTING' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await listing.boardForStaff(deps.db, principal!, params.workflowId) };
    },
  }),
];
