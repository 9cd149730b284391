import { BaseModel } from './base';

/** A row of `deal_code_counters`. */
export class DealCodeCounter extends BaseModel {
  static override tableName = 'deal_code_counters';
  static override idColumn = ['region_code', 'year', 'kind_code'];
  region_code!: string;
  year!: number;
  kind_code!: string;
  last_value!: number;
}
