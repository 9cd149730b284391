import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `ledger_accounts`. */
export class LedgerAccount extends BaseModel {
  static override tableName = 'ledger_accounts';
  static override timestampColumns = ['created_at'];
  id!: number;
  account_code!: string;
  kind!: string;
  purpose!: string;
  region_code!: string;
  section_id!: number | null;
  subject_id!: number | null;
  name!: string;
  created_at!: string;

  static override modifiers = {
    byCode(query: QueryBuilder<LedgerAccount>, accountCode: string) {
      query.where('account_code', accountCode);
    },
  };
}
