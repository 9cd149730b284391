import { BaseModel } from './base';

/** A row of `party_registrations`: a bidder's own 报名 beside its `bids` row, with its deposit sub-account. */
export class PartyRegistration extends BaseModel {
  static override tableName = 'party_registrations';
  static override timestampColumns = ['registered_at', 'withdrawn_at'];
  id!: number;
  bid_id!: number;
  deal_id!: number;
  section_id!: number;
  subject_id!: number;
  person_id!: number | null;
  user_id!: number;
  deposit_account_no!: string;
  receipt_sha256!: string;
  registered_at!: string;
  withdrawn_at!: string | null;
}
