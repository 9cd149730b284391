import type { QueryBuilder } from 'objection';
import { BaseModel } from './base';

/**
 * The centre's roles, and `party`: a person of a market subject (bidder, tenderee, agency), signed in by certificate.
 * Three of them split the running of the platform (三权分立): `admin` (regions, calendars, configuration),
 * `security_admin` (users, roles, sessions) and `auditor` (the trail, read-only).
 */
export const ROLES = ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor', 'party'] as const;
export type Role = (typeof ROLES)[number];

/** A row of `users`. */
export class User extends BaseModel {
  static override tableName = 'users';
  static override timestampColumns = ['locked_until', 'created_at', 'password_changed_at', 'totp_enabled_at', 'disabled_at'];
  static override bigintColumns = ['totp_last_step'];
  id!: number;
  username!: string;
  display_name!: string;
  password_hash!: string;
  role!: Role;
  region_code!: string;
  failed_logins!: number;
  locked_until!: string | null;
  is_demo!: boolean;
  created_at!: string;
  subject_id!: number | null;
  person_id!: number | null;
  /** Set by an administrator's reset: the session can do nothing but change the password. */
  must_change_password!: boolean;
  password_changed_at!: string | null;
  /** The TOTP secret, sealed (api auth/second-factor.ts); null: not enrolled or enrolment not confirmed. */
  totp_secret!: string | null;
  /** When the enrolment was confirmed with a first code; null while it waits for one. */
  totp_enabled_at!: string | null;
  totp_last_step!: number | null;
  /** Set by the security administrator: no sign-in, no session; the account and its trail are kept. */
  disabled_at!: string | null;
  /** Who created the account through user administration; null for seeded and installed accounts. */
  created_by!: string | null;

  static override jsonSchema = {
    type: 'object',
    required: ['username', 'display_name', 'password_hash', 'role', 'region_code'],
    properties: {
      username: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{1,63}$' },
      display_name: { type: 'string', minLength: 1, maxLength: 100 },
      role: { enum: [...ROLES] },
      region_code: { type: 'string' },
    },
  };

  static override modifiers = {
    publicColumns(query: QueryBuilder<User>) {
      query.select('id', 'username', 'display_name', 'role', 'region_code');
    },
  };
}
