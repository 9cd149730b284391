// 价格信息库: search what the library holds, the indicators of one item (quartiles, trend, index, the reasonable
// interval), the control-price reference for a bill, and the import of a 工程量清单 or drug price list one uploaded.
// Not public: the indicators of a small region are few prices of few deals — a tenderee's control price or a
// bidder's unit prices could be read back from them — so they stay with those who run, watch and audit the deals.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as prices from '../services/prices';

const Region = z.string().regex(/^\d{6}$/);
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const Kind = z.enum(['bill_item', 'drug', 'award']);
const Text = z.string().trim().min(1).max(200);

const summary = z.object({ count: z.number(), min: z.number(), p25: z.number(), median: z.number(), p75: z.number(), max: z.number(), mean: z.number() });
const indicators = z.object({
  subject: z.record(z.string(), z.string()),
  basis: z.string().nullable(),
  summary: summary.nullable(),
  interval: z.object({ lower: z.number(), upper: z.number(), iqr: z.number() }).nullable(),
  trend: z.object({
    granularity: z.enum(['month', 'quarter']), base: z.string().nullable(),
    points: z.array(summary.extend({ period: z.string(), index: z.number().nullable() })),
  }),
});
const item = z.object({
  kind: Kind, key: z.string(), label: z.string(), count: z.number(), lastPeriod: z.string(),
  unit: z.string().optional(), dosageForm: z.string().optional(), specification: z.string().optional(), category: z.string().nullable().optional(),
});
const line = z.object({
  itemCode: z.string().regex(/^\d{12}$/, 'a twelve-digit GB 50500 item code'), unit: z.string().trim().min(1).max(16),
  quantity: z.number().positive().max(1e12), name: z.string().trim().max(200).optional(),
});
const refLine = line.extend({
  prices: z.number(), medianFen: z.number().nullable(), p25Fen: z.number().nullable(), p75Fen: z.number().nullable(),
  amountFen: z.number().nullable(), lowFen: z.number().nullable(), highFen: z.number().nullable(),
});
const imported = z.object({ importId: z.number(), kind: z.enum(['bill_items', 'drugs']), sha256: z.string(), rows: z.number(), alreadyImported: z.boolean(), importedAt: z.string() });

export const priceRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/prices/items',
    summary: 'What the price library holds in my regions: bill items (by their 9-digit GB 50500 code and unit), drugs (by name, form and specification) or kinds of award, with how many prices each',
    tag: 'prices',
    permission: 'price:read',
    query: z.object({ kind: Kind.default('bill_item'), q: z.string().trim().max(100).optional(), regionCode: Region.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    responses: { 200: { description: 'Items', schema: z.object({ items: z.array(item) }) }, 404: { description: 'The region asked for is not one of mine' } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await prices.search(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/prices/indicators',
    summary: 'Indicators of one bill item (or category), drug or kind of award in my regions: count, min, P25, median, P75, max, the reasonable interval [P25 − 1.5·IQR, P75 + 1.5·IQR], and the trend per month or quarter with its index against a base period',
    tag: 'prices',
    permission: 'price:read',
    query: z.object({
      kind: Kind.default('award'),
      itemCode: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '2, 4, 6, 9 or 12 digits').optional(), unit: z.string().trim().min(1).max(16).optional(),
      genericName: Text.optional(), dosageForm: Text.optional(), specification: Text.optional(),
      procedureKind: z.string().trim().min(1).max(64).optional(), category: z.string().trim().min(1).max(64).optional(),
      regionCode: Region.optional(), from: Month.optional(), to: Month.optional(),
      granularity: z.enum(['month', 'quarter']).default('month'), base: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'YYYY-MM or YYYY-Qn').optional(),
    }),
    responses: {
      200: { description: 'The indicators (summary null when no price matches)', schema: indicators },
      404: { description: 'The region asked for is not one of mine' },
      422: { description: 'The prices are in more than one unit or product (PRICE_BASIS_MIXED: the details list them)' },
    },
    async handler({ query, deps, principal }) {
      return { status: 200, body: await prices.indicators(deps.db, principal!, query) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/prices/control-price-reference',
    summary: 'The reference for a new project\'s control price: per bill line the median unit price of its item in its unit, quantity × median, within quantity × P25 … quantity × P75; lines with fewer than 3 prices are left out',
    tag: 'prices',
    permission: 'price:read',
    body: z.object({ items: z.array(line).min(1).max(500), regionCode: Region.optional(), from: Month.optional(), to: Month.optional() }).strict(),
    responses: {
      200: {
        description: 'The reference',
        schema: z.object({ lines: z.array(refLine), totalFen: z.number(), lowFen: z.number(), highFen: z.number(), priced: z.number(), unpriced: z.number() }),
      },
      404: { description: 'The region asked for is not one of mine' },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await prices.reference(deps.db, principal!, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/prices/imports',
    summary: 'Import a price list I uploaded (CSV or XLSX, by its SHA-256) for my city: every row is checked and a file with a bad row is refused whole, each problem with its row, column and code; the same file again changes nothing',
    tag: 'prices',
    permission: 'price:import',
    body: z.object({
      kind: z.enum(['bill_items', 'drugs']),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 digest: 64 hexadecimal characters').transform((s) => s.toLowerCase()),
      fileName: z.string().trim().min(1).max(255),
      regionCode: Region,
    }).strict(),
    responses: {
      201: { description: 'Imported', schema: imported },
      200: { description: 'This file was imported before: that import', schema: imported },
      403: { description: 'Not a city of mine' },
      404: { description: 'No completed upload of mine has this SHA-256 (PRICE_FILE_NOT_UPLOADED)' },
      422: { description: 'Bad rows (PRICE_IMPORT_INVALID, one detail per problem: path rows.<row>.<column>, code) or an unreadable file (PRICE_FILE_UNREADABLE)' },
    },
    async handler({ body, deps, principal }) {
      const answer = await prices.importList(deps.db, deps.objects, principal!, body);
      return { status: answer.alreadyImported ? 200 : 201, body: answer };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/prices/imports',
    summary: 'The price lists imported for my cities, newest first',
    tag: 'prices',
    permission: 'price:read',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    responses: {
      200: {
        description: 'Imports',
        schema: z.object({ items: z.array(z.object({ importId: z.number(), kind: z.string(), sha256: z.string(), fileName: z.string(), regionCode: z.string(), importedBy: z.string(), rows: z.number(), importedAt: z.string() })) }),
      },
    },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await prices.imports(deps.db, principal!, query.limit) } };
    },
  }),
];
