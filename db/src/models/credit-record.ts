import { BaseModel } from './base';

/** A row of `credit_records` — credit library (信用库): an honest or dishonest record of a subject. */
export class CreditRecord extends BaseModel {
  static override tableName = 'credit_records';
  static override timestampColumns = ['valid_from', 'valid_until'];
  id!: number;
  subject_id!: number;
  kind!: string;
  description!: string;
  source_region_code!: string;
  valid_from!: string;
  valid_until!: string | null;
  source!: string;
  external_id!: string | null;
}
