import { BaseModel } from './base';

/** A row of `bid_envelopes` — transaction library (交易库): a bid sealed by the bidder, and its opening. */
export class BidEnvelope extends BaseModel {
  static override tableName = 'bid_envelopes';
  static override idColumn = 'submission_id';
  static override timestampColumns = ['platform_share_at', 'decrypted_at'];
  submission_id!: number;
  envelope!: string;
  envelope_sha256!: string;
  signature!: string;
  certificate_fingerprint!: string;
  key_algorithm!: string;
  client_device_id!: string | null;
  client_user_agent!: string | null;
  client_address!: string | null;
  platform_share!: string | null;
  platform_share_at!: string | null;
  bidder_share!: string | null;
  opened_content!: string | null;
  decrypted_at!: string | null;
  decrypted_by!: string | null;
}
