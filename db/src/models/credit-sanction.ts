import { BaseModel } from './base';

/** A row of `credit_sanctions` — credit library (信用库). */
export class CreditSanction extends BaseModel {
  static override tableName = 'credit_sanctions';
  static override timestampColumns = ['valid_from', 'valid_until', 'revoked_at'];
  id!: number;
  subject_id!: number;
  measure!: string;
  reason!: string;
  decided_by_region!: string;
  legal_basis!: string;
  valid_from!: string;
  valid_until!: string | null;
  revoked_at!: string | null;
  source!: string;
  external_id!: string | null;
}
