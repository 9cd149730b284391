import { BaseModel } from './base';

/** A row of `expert_sanctions`. */
export class ExpertSanction extends BaseModel {
  static override tableName = 'expert_sanctions';
  static override timestampColumns = ['valid_from', 'valid_until', 'revoked_at'];
  id!: number;
  expert_id!: number;
  measure!: string;
  reason!: string;
  decided_by_region!: string;
  valid_from!: string;
  valid_until!: string | null;
  revoked_at!: string | null;
}
