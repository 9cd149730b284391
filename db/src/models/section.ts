import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `sections` — transaction library (交易库). */
export class Section extends BaseModel {
  static override tableName = 'sections';
  static override bigintColumns = ['estimate_fen', 'deposit_required_fen'];
  id!: number;
  deal_id!: number;
  section_code!: string;
  name!: string;
  estimate_fen!: number | null;
  status!: string;
  deposit_required_fen!: number | null;

  static override modifiers = {
    ofDeal(query: QueryBuilder<Section>, dealId: number) {
      query.where('deal_id', dealId);
    },
  };
}
