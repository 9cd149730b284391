import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `subjects` — subject library (主体库). */
export class Subject extends BaseModel {
  static override tableName = 'subjects';
  static override dateColumns = ['established_on'];
  static override timestampColumns = ['created_at', 'updated_at'];
  static override bigintColumns = ['registered_capital_fen'];
  id!: number;
  credit_code!: string;
  name!: string;
  kind!: string;
  region_code!: string | null;
  created_at!: string;
  legal_representative!: string | null;
  basic_account!: string | null;
  review_status!: string;
  address!: string | null;
  established_on!: string | null;
  registered_capital_fen!: number | null;
  source!: string;
  updated_at!: string | null;

  static override jsonSchema = {
    type: 'object',
    required: ['credit_code', 'name', 'kind'],
    properties: { credit_code: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }, name: { type: 'string', minLength: 1 } },
  };

  static override modifiers = {
    /** The subject a unified social credit code names. */
    byCreditCode(query: QueryBuilder<Subject>, creditCode: string) {
      query.where('credit_code', creditCode);
    },
  };
}
