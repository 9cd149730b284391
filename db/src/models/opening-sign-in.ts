import { BaseModel } from './base';

/** A row of `opening_sign_ins`: a bidder signed in to a section's opening hall (签到) with its certificate. */
export class OpeningSignIn extends BaseModel {
  static override tableName = 'opening_sign_ins';
  static override timestampColumns = ['signed_in_at'];
  id!: number;
  section_id!: number;
  subject_id!: number;
  person_id!: number | null;
  person_name!: string;
  challenge_id!: string;
  certificate_fingerprint!: string;
  ca_id!: string;
  signature!: string;
  signed_in_by!: string;
  signed_in_at!: string;
}
