import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/** A row of `exchange_outbox`. */
export class ExchangeOutboxMessage extends BaseModel {
  static override tableName = 'exchange_outbox';
  static override timestampColumns = ['next_attempt_at', 'lease_until', 'delivered_at', 'created_at'];

  static override modifiers = {
    /** The message while still waiting to be sent (an outcome is recorded only on a message nobody settled since). */
    pendingById(query: QueryBuilder<ExchangeOutboxMessage>, id: number) {
      query.where({ id, status: 'pending' });
    },
  };
  id!: number;
  message_id!: string;
  data_set!: string;
  record_key!: string;
  version!: number;
  deal_code!: string;
  region_code!: string;
  payload!: string;
  payload_sha256!: string;
  status!: string;
  attempts!: number;
  next_attempt_at!: string;
  lease_until!: string | null;
  lease_owner!: string | null;
  last_status!: number | null;
  last_error!: string | null;
  delivered_at!: string | null;
  created_key!: string;
  created_at!: string;
}
