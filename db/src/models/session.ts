import { BaseModel } from './base';
import { User } from './user';

/** A row of `sessions`. */
export class Session extends BaseModel {
  static override tableName = 'sessions';
  static override idColumn = 'token_hash';
  static override timestampColumns = ['expires_at', 'created_at', 'last_seen_at', 'ended_at'];
  token_hash!: string;
  user_id!: number;
  expires_at!: string;
  created_at!: string;
  /** The certificate a party signed in with (SHA-256 of its DER); null for a password login. */
  certificate_fingerprint!: string | null;
  /** The last request made with it (written at most once a minute): the idle timeout counts from here. */
  last_seen_at!: string | null;
  ended_at!: string | null;
  /** Why it ended: signed-out-everywhere, replaced (too many sessions), password-changed, idle, expired. */
  end_reason!: string | null;

  static override relationMappings = () => ({
    user: { relation: BaseModel.BelongsToOneRelation, modelClass: User, join: { from: 'sessions.user_id', to: 'users.id' } },
  });
}
