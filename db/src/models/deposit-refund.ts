import { BaseModel } from './base';

/** A row of `deposit_refunds`. */
export class DepositRefund extends BaseModel {
  static override tableName = 'deposit_refunds';
  static override timestampColumns = ['refunded_at'];
  static override bigintColumns = ['principal_fen', 'interest_fen'];
  id!: number;
  deposit_id!: number;
  reason!: string;
  triggered_on!: string;
  due_on!: string;
  refunded_on!: string;
  on_time!: boolean;
  principal_fen!: number;
  interest_fen!: number;
  interest_days!: number;
  annual_rate_ppm!: number;
  journal_entry_id!: number | null;
  refunded_key!: string;
  refunded_at!: string;
}
