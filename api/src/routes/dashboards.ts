// 市场分析: the market dashboards — competitiveness, concentration, price trends, volumes and durations against the
// statutory minimums — per region and month or quarter, as JSON for the portal's charts and as CSV for a spreadsheet.
// Not public and not for the parties: in a small city the figures per bidder (win rates, award values) are the
// bidders' business; those who run, watch and audit the city's deals read them, province-level users their province.
import { z } from 'zod';
import { FIGURE_GROUPS, type FigureGroup } from '@ggzy/domain';
import { defineRoute } from '../http/routes';
import * as dashboards from '../services/dashboards';

const Month = z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM (1900–2099)');
const marketQuery = z.object({
  regionCode: z.string().regex(/^\d{6}$/, 'a six-digit region code').optional(),
  from: Month.optional(),
  to: Month.optional(),
  period: z.enum(['month', 'quarter']).default('month'),
  procedureKind: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a procedure kind, e.g. construction-open-tender').optional(),
  category: z.string().trim().min(1).max(64).optional(),
}).strict();

const groupList = z.string().regex(new RegExp(`^(${FIGURE_GROUPS.join('|')})(,(${FIGURE_GROUPS.join('|')}))*$`), `a comma-separated list of ${FIGURE_GROUPS.join(', ')}`)
  .transform((s) => [...new Set(s.split(','))] as FigureGroup[]);

const share = z.object({ count: z.number(), of: z.number(), share: z.number().nullable() });
const duration = z.object({
  deals: z.number(), medianDays: z.number().nullable(), minimumDays: z.number().nullable(), rules: z.array(z.string()), withMinimum: z.number(),
  atMinimum: share, belowMinimum: share,
});
const period = z.object({
  period: z.string(),
  competition: z.object({ sections: z.number(), bids: z.number(), biddersMean: z.number().nullable(), biddersMedian: z.number().nullable(), singleBid: share, failed: share }),
  concentration: z.object({
    awards: z.number(), valueFen: z.number(), winners: z.number(), hhi: z.number().nullable(),
    cr4: z.object({ valueFen: z.number(), of: z.number(), share: z.number().nullable() }),
    top: z.array(z.object({ creditCode: z.string(), name: z.string(), valueFen: z.number(), awards: z.number(), valueShare: z.number().nullable(), winRate: share })),
  }),
  prices: z.object({
    awards: z.number(), withEstimate: z.number(), awardFen: z.number(), estimateFen: z.number(),
    medianRatio: z.number().nullable(), p25Ratio: z.number().nullable(), p75Ratio: z.number().nullable(),
  }),
  volumes: z.object({ started: z.number(), awarded: z.number(), archived: z.number() }),
  durations: z.object({ 'notice-to-opening': duration, 'opening-to-award': duration, 'start-to-archive': duration }),
});
const minimum = z.object({ days: z.number(), rule: z.string() }).nullable();
const dashboard = z.object({
  query: z.object({ regionCode: z.string(), from: z.string(), to: z.string(), period: z.enum(['month', 'quarter']), procedureKind: z.string().optional(), category: z.string().optional() }),
  periods: z.array(z.string()),
  minimums: z.object({ 'notice-to-opening': minimum, 'opening-to-award': minimum, 'start-to-archive': minimum }),
  regions: z.array(z.object({ regionCode: z.string(), regionName: z.string(), cities: z.array(z.string()), periods: z.array(period), total: period })),
});

const SPAN = 'from/to: first and last month (YYYY-MM, China time), at most 120 months; by default the last twelve';

export const dashboardRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/dashboards/market',
    summary: `The market dashboard of my city or province (or one of its cities): per month or quarter, bidders per section, single-bid and failed shares, HHI and CR4 of the award value with the largest winners' win rates, award/estimate ratios, deals started/awarded/archived, and durations between milestones against the statutory minimums — each figure with its counts. ${SPAN}`,
    tag: 'dashboards',
    permission: 'market:read',
    query: marketQuery,
    responses: {
      200: { description: 'The dashboard: the region asked for, then each of its cities', schema: dashboard },
      400: { description: 'A bad parameter (VALIDATION_FAILED) or span (MARKET_RANGE_INVALID)' },
      404: { description: 'The region asked for is not one of mine' },
    },
    async handler({ query, deps, principal }) {
      return { status: 200, body: await dashboards.market(deps.db, principal!, query) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/dashboards/market.csv',
    summary: `The same dashboard as CSV (UTF-8 with a byte-order mark, CRLF): one row per region × period × figure with its value, count, basis and unit; groups= keeps only some figure groups (${FIGURE_GROUPS.join(', ')}). ${SPAN}`,
    tag: 'dashboards',
    permission: 'market:read',
    query: marketQuery.extend({ groups: groupList.optional() }).strict(),
    responses: {
      200: { description: 'text/csv; charset=utf-8, as an attachment' },
      400: { description: 'A bad parameter (VALIDATION_FAILED) or span (MARKET_RANGE_INVALID)' },
      404: { description: 'The region asked for is not one of mine' },
    },
    async handler({ query, deps, principal }) {
      const { groups, ...request } = query;
      const file = await dashboards.marketCsvFile(deps.db, principal!, request, groups);
      return { status: 200, body: file.bytes, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file.name}"` } };
    },
  }),
];
