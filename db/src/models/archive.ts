import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `archives`. */
export class Archive extends BaseModel {
  static override tableName = 'archives';
  static override timestampColumns = ['sealed_at'];
  static override bigintColumns = ['trail_last_seq'];

  static override modifiers = {
    byDealCode(query: QueryBuilder<Archive>, dealCode: string) {
      query.where('deal_code', dealCode);
    },
  };
  id!: number;
  deal_id!: number;
  deal_code!: string;
  region_code!: string;
  manifest_sha256!: string;
  document_count!: number;
  trail_count!: number;
  trail_last_seq!: number | null;
  trail_head_hash!: string | null;
  deal_status!: string;
  sealed_at!: string;
  sealed_key!: string;
}
