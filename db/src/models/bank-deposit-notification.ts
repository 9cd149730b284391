import { BaseModel } from './base';

/** A row of `bank_deposit_notifications`: one bank transaction crediting a deposit sub-account, and its outcome. */
export class BankDepositNotification extends BaseModel {
  static override tableName = 'bank_deposit_notifications';
  static override timestampColumns = ['booked_at', 'received_at'];
  static override bigintColumns = ['amount_fen'];
  id!: number;
  bank_id!: string;
  transaction_id!: string;
  body_sha256!: string;
  credited_account!: string;
  payer_account!: string;
  payer_name!: string;
  amount_fen!: number;
  booked_at!: string;
  status!: 'accepted' | 'refused';
  refusal_code!: string | null;
  deposit_id!: number | null;
  deal_id!: number | null;
  answer!: string;
  received_at!: string;
}
