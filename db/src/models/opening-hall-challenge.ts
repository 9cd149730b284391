import { BaseModel } from './base';

/** A row of `opening_hall_challenges`: a nonce a bidder signs to sign in to one section's opening hall, once. */
export class OpeningHallChallenge extends BaseModel {
  static override tableName = 'opening_hall_challenges';
  static override timestampColumns = ['issued_at', 'expires_at', 'used_at'];
  id!: string;
  section_id!: number;
  subject_id!: number;
  nonce!: string;
  origin!: string;
  issued_at!: string;
  expires_at!: string;
  used_at!: string | null;
}
