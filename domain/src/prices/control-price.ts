// The reference for a new project's control price (招标控制价/最高投标限价参考): for each item of the project's bill, the
// median unit price of the same item in the same unit over the region and months asked for, and its interquartile
// range; the project's reference is Σ quantity × median, within Σ quantity × P25 … Σ quantity × P75. An item with too
// few prices to say anything is listed as such and left out of the sums (the coverage says how much was priced).
// The reference informs the tenderee's estimate; it never replaces the cost estimate (清单计价) the rules require.
import type { Knex } from 'knex';
import { observationsOf, type IndicatorScope } from './indicators';
import { summarize } from './statistics';

/** Fewer prices than this and an item has no reference. */
export const MIN_PRICES_FOR_REFERENCE = 3;

export interface BillLine { itemCode: string; unit: string; quantity: number; name?: string }

export interface ReferenceLine extends BillLine {
  prices: number;
  /** Per unit, in 分; null when the item has too few prices. */
  medianFen: number | null; p25Fen: number | null; p75Fen: number | null;
  /** quantity × unit price, rounded to the 分. */
  amountFen: number | null; lowFen: number | null; highFen: number | null;
}

export interface ControlPriceReference {
  lines: ReferenceLine[];
  totalFen: number; lowFen: number; highFen: number;
  priced: number; unpriced: number;
}

export async function controlPriceReference(db: Knex, lines: readonly BillLine[], scope: IndicatorScope): Promise<ControlPriceReference> {
  const out: ReferenceLine[] = [];
  for (const line of lines) {
    const prices = await observationsOf(db, { kind: 'bill_item', itemCode: line.itemCode.slice(0, 9), unit: line.unit }, scope);
    const s = prices.length >= MIN_PRICES_FOR_REFERENCE ? summarize(prices.map((p) => p.value)) : null;
    const times = (v: number | undefined) => (v === undefined ? null : Math.round(line.quantity * v));
    out.push({
      ...line, prices: prices.length, medianFen: s?.median ?? null, p25Fen: s?.p25 ?? null, p75Fen: s?.p75 ?? null,
      amountFen: times(s?.median), lowFen: times(s?.p25), highFen: times(s?.p75),
    });
  }
  const priced = out.filter((l) => l.amountFen !== null);
  const sum = (f: (l: ReferenceLine) => number | null) => priced.reduce((t, l) => t + f(l)!, 0);
  return { lines: out, totalFen: sum((l) => l.amountFen), lowFen: sum((l) => l.lowFen), highFen: sum((l) => l.highFen), priced: priced.length, unpriced: out.length - priced.length };
}
