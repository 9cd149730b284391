// 围标串标筛查: the screened sections of my regions, and one section's screens with its market's context.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as screens from '../services/screens';

const DealCode = z.string().regex(/^[A-Za-z0-9-]{4,64}$/);
const SectionCode = z.string().regex(/^[A-Za-z0-9-]{4,64}$/);

const evidenceItem = z.object({
  indicator: z.string(), legalBasis: z.string(), title: z.object({ zh: z.string(), en: z.string() }), source: z.string(), sourceOfRecord: z.string(),
  deemed: z.boolean(), bidders: z.array(z.string()), detail: z.record(z.string(), z.union([z.string(), z.number()])),
});
const summary = z.object({
  id: z.number(), dealCode: z.string(), sectionCode: z.string(), regionCode: z.string(), procedureKind: z.string(), status: z.enum(['screened', 'failed']),
  bidCount: z.number(), marketTenders: z.number(), score: z.number().nullable(), threshold: z.number().nullable(), flagged: z.boolean(),
  flagReasons: z.array(z.string()), indicators: z.array(z.string()), attempts: z.number(), screenedAt: z.string(),
});
const reading = z.object({
  value: z.number().nullable(), rank: z.number(), marketMedian: z.number().nullable(), threshold: z.number().nullable(), direction: z.enum(['low', 'high']),
  beyond: z.boolean(), weight: z.number(),
});
const detail = summary.extend({
  screens: z.record(z.string(), reading),
  evidence: z.array(evidenceItem),
  model: z.string(),
  distribution: z.object({
    basis: z.enum(['estimate', 'median']), marketBids: z.number(), marketSections: z.number(),
    bins: z.array(z.object({ from: z.number(), to: z.number(), section: z.number(), market: z.number() })),
    sectionBids: z.array(z.object({ bidder: z.string(), name: z.string(), priceFen: z.number(), relative: z.number() })),
  }).nullable(),
  network: z.object({
    nodes: z.array(z.object({ id: z.string(), name: z.string(), hop: z.number(), inSection: z.boolean(), bids: z.number() })),
    edges: z.array(z.object({ source: z.string(), target: z.string(), coBids: z.number(), evidence: z.array(z.string()) })),
    truncated: z.boolean(),
  }),
});

export const screenRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/screens',
    summary: 'Screened sections (围标串标筛查) of my regions, newest first: score against the threshold, flagged or not, the evidence found',
    tag: 'supervision',
    permission: 'screen:read',
    query: z.object({
      regionCode: z.string().regex(/^\d{6}$/).optional(),
      flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: { 200: { description: 'Screened sections', schema: z.object({ items: z.array(summary) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await screens.screenings(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/screens/:dealCode/:sectionCode',
    summary: 'One section\'s screens against their thresholds, its bids\' distribution against its market\'s, the co-bidding network around its bidders (2 hops) and the evidence with its sources',
    tag: 'supervision',
    permission: 'screen:read',
    params: z.object({ dealCode: DealCode, sectionCode: SectionCode }),
    responses: {
      200: { description: 'The screening', schema: detail },
      404: { description: 'No such section in my regions' },
      409: { description: 'Not screened yet (NOT_SCREENED)' },
    },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await screens.screening(deps.db, principal!, params.dealCode, params.sectionCode) };
    },
  }),
];
