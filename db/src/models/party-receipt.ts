import { BaseModel } from './base';

/** A row of `party_receipts`: a receipt (回执) given to a party for one of its acts; the trail event carries it too. */
export class PartyReceipt extends BaseModel {
  static override tableName = 'party_receipts';
  static override timestampColumns = ['issued_at'];
  static override bigintColumns = ['trail_seq'];
  id!: number;
  receipt_key!: string;
  deal_id!: number;
  section_id!: number | null;
  subject_id!: number;
  person_id!: number | null;
  kind!: string;
  content!: string;
  sha256!: string;
  trail_seq!: number;
  issued_at!: string;
}
