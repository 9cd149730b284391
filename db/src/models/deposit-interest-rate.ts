import { BaseModel } from './base';

/** A row of `deposit_interest_rates`. */
export class DepositInterestRate extends BaseModel {
  static override tableName = 'deposit_interest_rates';
  id!: number;
  region_code!: string | null;
  effective_from!: string;
  annual_rate_ppm!: number;
  source!: string;
}
