import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import { PUBLIC_NOTICE_TYPES, getPublicNotice, listPublicNotices } from '../services/public-notices';
import { publicBaseUrl, recordPackage, releasePackage } from '../services/ocds';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'not a date' });

const NoticeSummary = z.object({
  id: z.number().int(), type: z.enum(PUBLIC_NOTICE_TYPES), title: z.string(), regionCode: z.string(), regionName: z.string(),
  dealCode: z.string(), dealTitle: z.string(), sectionCode: z.string().nullable(), sectionName: z.string().nullable(),
  publishedAt: z.string(), publicUntil: z.string().nullable(),
  sandbox: z.boolean().describe('A notice of the training sandbox (演练): its title carries 【演练】; never listed with real notices'),
});
const NoticeDetail = NoticeSummary.extend({ bodyFormat: z.enum(['markdown', 'plain']), body: z.string() });

// Read-only and open to everyone (no session): the portal's 公告公示. Only published notices are ever answered.
export const publicNoticeRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/public/notices',
    summary: 'Published notices (公告公示), newest first, filtered by region, type, keyword and publication date',
    tag: 'public',
    permission: 'public',
    query: z.object({
      regionCode: z.string().regex(/^\d{6,12}$/).optional(),
      type: z.enum(PUBLIC_NOTICE_TYPES).optional(),
      keyword: z.string().trim().min(1).max(50).optional(),
      from: Day.optional(),
      to: Day.optional(),
      page: z.coerce.number().int().min(1).max(10_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(50).default(20),
      sandbox: z.enum(['true', 'false']).transform((v) => v === 'true').optional()
        .describe('true: the training sandbox\'s notices (演练) instead of the real ones'),
    }).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to is before from' }),
    responses: {
      200: { description: 'A page of notices', schema: z.object({ items: z.array(NoticeSummary), page: z.number(), pageSize: z.number(), total: z.number() }) },
    },
    async handler({ query, deps }) {
      return { status: 200, body: await listPublicNotices(deps.db, query) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/public/notices/:id',
    summary: 'One published notice with its text',
    tag: 'public',
    permission: 'public',
    params: z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
    responses: { 200: { description: 'The notice', schema: NoticeDetail } },
    async handler({ params, deps }) {
      const notice = await getPublicNotice(deps.db, params.id);
      if (!notice) throw new AppError('NOT_FOUND');
      return { status: 200, body: notice };
    },
  }),
];

const DealCodeParam = z.object({ dealCode: z.string().regex(/^[A-Za-z0-9-]{4,64}$/) });

// Open data (OCDS 1.1): what each deal has made public, as releases and as a compiled record.
export const publicOcdsRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/public/ocds/releases/:dealCode',
    summary: 'OCDS 1.1 release package of a deal: one release per published notice (only what was made public)',
    tag: 'public',
    permission: 'public',
    params: DealCodeParam,
    responses: { 200: { description: 'Release package', schema: z.object({ version: z.literal('1.1'), releases: z.array(z.unknown()) }).passthrough() } },
    async handler({ params, deps }) {
      const pkg = await releasePackage(deps.db, params.dealCode, publicBaseUrl());
      if (!pkg) throw new AppError('NOT_FOUND');
      return { status: 200, body: pkg };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/public/ocds/records/:dealCode',
    summary: 'OCDS 1.1 record package of a deal: its releases and the compiled release merged from them',
    tag: 'public',
    permission: 'public',
    params: DealCodeParam,
    responses: { 200: { description: 'Record package', schema: z.object({ version: z.literal('1.1'), records: z.array(z.unknown()) }).passthrough() } },
    async handler({ params, deps }) {
      const pkg = await recordPackage(deps.db, params.dealCode, publicBaseUrl());
      if (!pkg) throw new AppError('NOT_FOUND');
      return { status: 200, body: pkg };
    },
  }),
];
