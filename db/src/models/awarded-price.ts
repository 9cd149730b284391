import { BaseModel } from './base';

/** A row of `awarded_prices` — price library (价格库). */
export class AwardedPrice extends BaseModel {
  static override tableName = 'awarded_prices';
  static override timestampColumns = ['awarded_at'];
  static override bigintColumns = ['amount_fen'];
  id!: number;
  deal_code!: string;
  section_code!: string;
  amount_fen!: number;
  currency!: string;
  awarded_at!: string;
  region_code!: string | null;
  procedure_kind!: string | null;
  category!: string | null;
  /** YYYY-MM in China time. */
  period!: string | null;
}
