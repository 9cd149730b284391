// What the price library's api answers (routes/prices.ts), as the portal reads it.
export type PriceKind = 'bill_item' | 'drug' | 'award';

export interface PriceItem {
  kind: PriceKind; key: string; label: string; count: number; lastPeriod: string;
  unit?: string; dosageForm?: string; specification?: string; category?: string | null;
}

export interface PriceSummary { count: number; min: number; p25: number; median: number; p75: number; max: number; mean: number }

export interface TrendPoint extends PriceSummary { period: string; index: number | null }

export interface PriceIndicators {
  subject: Record<string, string>;
  basis: string | null;
  summary: PriceSummary | null;
  interval: { lower: number; upper: number; iqr: number } | null;
  trend: { granularity: 'month' | 'quarter'; base: string | null; points: TrendPoint[] };
}

export interface PriceImportAnswer { importId: number; kind: 'bill_items' | 'drugs'; sha256: string; rows: number; alreadyImported: boolean; importedAt: string }

export interface ReferenceLine {
  itemCode: string; unit: string; quantity: number; name?: string; prices: number;
  medianFen: number | null; p25Fen: number | null; p75Fen: number | null; amountFen: number | null; lowFen: number | null; highFen: number | null;
}

export interface ControlPriceReference { lines: ReferenceLine[]; totalFen: number; lowFen: number; highFen: number; priced: number; unpriced: number }
