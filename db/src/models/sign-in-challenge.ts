import { BaseModel } from './base';

/** A row of `sign_in_challenges`: a nonce a party signs with its certificate, usable once before it expires. */
export class SignInChallenge extends BaseModel {
  static override tableName = 'sign_in_challenges';
  static override timestampColumns = ['issued_at', 'expires_at', 'used_at'];
  id!: string;
  nonce!: string;
  issued_at!: string;
  expires_at!: string;
  used_at!: string | null;
  client_address!: string | null;
  /** The origin (scheme://host) the challenge was issued for; the signed text names it. */
  origin!: string | null;
}
