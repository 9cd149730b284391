// Price indicators (价格指标) of one item, product or kind of award, over the regions one may see and a span of months:
// count, min, quartiles, median, max, the reasonable interval, and the trend per month or quarter with its index
// against a base period. Prices are only compared on one basis — a bill item in one unit, a drug in one name, form
// and specification — so a query that would mix them is refused with the bases it found, to choose from.
//
// A bill item is its GB 50500 code's first nine digits (the standard's item; the last three number the items of one
// bill); a shorter code (2, 4 or 6 digits: 专业工程, 附录, 节) is a category and takes every item under it.
import type { Knex } from 'knex';
import { BusinessError } from '../step';
import { normalizeName } from './price-lists';
import { reasonableInterval, summarize, trend, type Granularity, type PriceSummary, type ReasonableInterval, type TrendPoint } from './statistics';

export type IndicatorSubject =
  | { kind: 'bill_item'; itemCode: string; unit?: string }
  | { kind: 'drug'; genericName: string; dosageForm?: string; specification?: string }
  | { kind: 'award'; procedureKind?: string; category?: string };

export interface IndicatorScope { regions: readonly string[]; from?: string; to?: string }

export interface Observation { month: string; value: number; basis: string }

export interface PriceIndicators {
  subject: IndicatorSubject;
  basis: string | null;
  summary: PriceSummary | null;
  interval: ReasonableInterval | null;
  trend: { granularity: Granularity; base: string | null; points: TrendPoint[] };
}

/** The prefix of item codes a query's code stands for: the item (9 digits) or a category (2, 4, 6). */
export function itemPrefix(itemCode: string): string {
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(itemCode)) {
    throw new BusinessError('ITEM_CODE_INVALID', `「${itemCode}」不是清单项目编码或其分类（2、4、6、9 或 12 位数字）`, `"${itemCode}" is not a bill item code or category (2, 4, 6, 9 or 12 digits)`, { itemCode });
  }
  return itemCode.slice(0, 9);
}

/** Every price table has its region and its month (YYYY-MM, so months compare as text). */
function inSpan<Q extends Knex.QueryBuilder>(query: Q, scope: IndicatorScope): Q {
  query.whereIn('region_code', [...scope.regions]);
  if (scope.from) query.where('period', '>=', scope.from);
  if (scope.to) query.where('period', '<=', scope.to);
  return query;
}

/** The prices a subject names in the scope, each with its month and the basis it is priced on. */
export async function observationsOf(db: Knex, subject: IndicatorSubject, scope: IndicatorScope): Promise<Observation[]> {
  if (subject.kind === 'bill_item') {
    const q = inSpan(db('bill_item_prices').where('item_code', 'like', `${itemPrefix(subject.itemCode)}%`), scope);
    if (subject.unit) q.where('unit', subject.unit);
    const rows: Array<{ period: string; unit_price_fen: string | number; unit: string }> = await q.select('period', 'unit_price_fen', 'unit');
    return rows.map((r) => ({ month: r.period, value: Number(r.unit_price_fen), basis: r.unit }));
  }
  if (subject.kind === 'drug') {
    const q = inSpan(db('drug_prices').where('product_key', 'like', `${normalizeName(subject.genericName).replace(/[%_|]/g, '')}|%`), scope);
    const rows: Array<{ period: string; listed_price_fen: string | number; product_key: string; generic_name: string; dosage_form: string; specification: string }> =
      await q.select('period', 'listed_price_fen', 'product_key', 'generic_name', 'dosage_form', 'specification');
    return rows
      .filter((r) => (!subject.dosageForm || normalizeName(r.dosage_form) === normalizeName(subject.dosageForm))
        && (!subject.specification || normalizeName(r.specification) === normalizeName(subject.specification)))
      .map((r) => ({ month: r.period, value: Number(r.listed_price_fen), basis: r.product_key }));
  }
  const q = inSpan(db('awarded_prices').whereNotNull('period'), scope);
  if (subject.procedureKind) q.where('procedure_kind', subject.procedureKind);
  if (subject.category) q.where('category', subject.category);
  const rows: Array<{ period: string; amount_fen: string | number }> = await q.select('period', 'amount_fen');
  return rows.map((r) => ({ month: r.period, value: Number(r.amount_fen), basis: 'CNY' }));
}

/** The observations on one basis, or PRICE_BASIS_MIXED with the bases found. */
export function oneBasis(observations: readonly Observation[]): { basis: string | null; values: Observation[] } {
  const counts = new Map<string, number>();
  for (const o of observations) counts.set(o.basis, (counts.get(o.basis) ?? 0) + 1);
  if (counts.size > 1) {
    const bases = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([basis, count]) => ({ basis, count }));
    throw new BusinessError('PRICE_BASIS_MIXED', `所选价格的计量单位或品规不一致（${bases.map((b) => b.basis).join('、')}），请指定一种`,
      `the prices chosen are in different units or products (${bases.map((b) => b.basis).join(', ')}); choose one`, { bases });
  }
  return { basis: [...counts.keys()][0] ?? null, values: [...observations] };
}

export async function priceIndicators(db: Knex, subject: IndicatorSubject, scope: IndicatorScope, opts: { granularity: Granularity; basePeriod?: string }): Promise<PriceIndicators> {
  const { basis, values } = oneBasis(await observationsOf(db, subject, scope));
  const summary = summarize(values.map((v) => v.value));
  const t = trend(values, opts.granularity, opts.basePeriod);
  return { subject, basis, summary, interval: summary ? reasonableInterval(summary) : null, trend: { granularity: opts.granularity, ...t } };
}

/** What the library holds that matches a search: bill items, drugs, or kinds of award, with how many prices each. */
export async function searchPriceItems(db: Knex, kind: IndicatorSubject['kind'], regions: readonly string[], text: string | undefined, limit: number) {
  const like = text ? `%${text.replace(/[%_\\]/g, '')}%` : null;
  if (kind === 'bill_item') {
    const q = db('bill_item_prices').whereIn('region_code', [...regions]);
    if (like) q.where((w) => w.where('item_code', 'like', like).orWhere('item_name', 'like', like));
    const rows: Array<{ item: string; unit: string; name: string; n: string | number; last: string }> = await q
      .groupByRaw('substr(item_code, 1, 9), unit').select(db.raw('substr(item_code, 1, 9) as item'), 'unit', db.raw('min(item_name) as name'), db.raw('count(*) as n'), db.raw('max(period) as last'))
      .orderByRaw('count(*) desc, substr(item_code, 1, 9)').limit(limit);
    return rows.map((r) => ({ kind, key: r.item, label: r.name, unit: r.unit, count: Number(r.n), lastPeriod: r.last }));
  }
  if (kind === 'drug') {
    const q = db('drug_prices').whereIn('region_code', [...regions]);
    if (like) q.where((w) => w.where('generic_name', 'like', like).orWhere('manufacturer', 'like', like));
    const rows: Array<{ product_key: string; g: string; f: string; s: string; n: string | number; last: string }> = await q.groupBy('product_key')
      .select('product_key', db.raw('min(generic_name) as g'), db.raw('min(dosage_form) as f'), db.raw('min(specification) as s'), db.raw('count(*) as n'), db.raw('max(period) as last'))
      .orderByRaw('count(*) desc, product_key').limit(limit);
    return rows.map((r) => ({ kind, key: r.g, label: `${r.g} · ${r.f} · ${r.s}`, dosageForm: r.f, specification: r.s, count: Number(r.n), lastPeriod: r.last }));
  }
  const q = db('awarded_prices').whereIn('region_code', [...regions]).whereNotNull('period');
  if (like) q.where((w) => w.where('procedure_kind', 'like', like).orWhere('category', 'like', like));
  const rows: Array<{ procedure_kind: string; category: string | null; n: string | number; last: string }> = await q.groupBy('procedure_kind', 'category')
    .select('procedure_kind', 'category', db.raw('count(*) as n'), db.raw('max(period) as last')).orderByRaw('count(*) desc').limit(limit);
  return rows.map((r) => ({ kind, key: r.procedure_kind, label: r.category ? `${r.procedure_kind} · ${r.category}` : r.procedure_kind, category: r.category, count: Number(r.n), lastPeriod: r.last }));
}
