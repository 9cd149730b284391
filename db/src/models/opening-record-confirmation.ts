import { BaseModel } from './base';

/** A row of `opening_record_confirmations`: a bidder's signature over the opening record's SHA-256. */
export class OpeningRecordConfirmation extends BaseModel {
  static override tableName = 'opening_record_confirmations';
  static override timestampColumns = ['confirmed_at'];
  id!: number;
  section_id!: number;
  subject_id!: number;
  record_sha256!: string;
  certificate_fingerprint!: string;
  signature!: string;
  confirmed_by!: string;
  person_name!: string;
  confirmed_at!: string;
}
