import { BaseModel } from './base';

/** A row of `recovery_codes`: one of a user's one-time second-factor recovery codes, as a keyed hash. */
export class RecoveryCode extends BaseModel {
  static override tableName = 'recovery_codes';
  static override timestampColumns = ['created_at', 'used_at'];
  id!: number;
  user_id!: number;
  code_hash!: string;
  created_at!: string;
  used_at!: string | null;
}
