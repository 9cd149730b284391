import { BaseModel } from './base';

/** A row of `expert_notifications`. */
export class ExpertNotification extends BaseModel {
  static override tableName = 'expert_notifications';
  static override timestampColumns = ['next_attempt_at', 'lease_until', 'created_at', 'sent_at'];
  id!: number;
  idempotency_key!: string;
  draw_id!: number;
  member_id!: number;
  channel!: string;
  /** Recipient and text are null while the draw is sealed (then in sealed_message). */
  recipient!: string | null;
  body!: string | null;
  sealed_message!: string | null;
  status!: string;
  attempts!: number;
  next_attempt_at!: string;
  lease_until!: string | null;
  provider_ref!: string | null;
  last_error!: string | null;
  created_at!: string;
  sent_at!: string | null;
}
