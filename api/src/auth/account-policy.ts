// The account rules an installation may tune (等保2.0 level 3: 身份鉴别 — login failure handling, session timeout,
// a second factor for those who run the platform). Read once at start; tests pass their own.

export interface AccountPolicy {
  /** A session not used for this long ends (GGZY_SESSION_IDLE_MINUTES, default 30). */
  idleMs: number;
  /**
   * Live sessions one user may hold; a new sign-in ends the oldest beyond it (GGZY_MAX_SESSIONS_PER_USER; default 3 in
   * production mode, 20 otherwise — a demo's shared users are signed in by several trainees at once).
   */
  maxSessionsPerUser: number;
  /** The centre's roles must enrol a second factor (TOTP) and use it (GGZY_REQUIRE_SECOND_FACTOR; default: in production mode). */
  requireSecondFactor: boolean;
}

export const DEFAULT_POLICY: AccountPolicy = { idleMs: 30 * 60_000, maxSessionsPerUser: 3, requireSecondFactor: false };

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw} must be a whole number from ${min} to ${max}`);
  return value;
}

export function accountPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): AccountPolicy {
  const require = env.GGZY_REQUIRE_SECOND_FACTOR;
  if (require !== undefined && require !== '' && require !== '0' && require !== '1') {
    throw new Error(`GGZY_REQUIRE_SECOND_FACTOR=${require} must be 1 (required) or 0 (optional)`);
  }
  return {
    idleMs: integer(env, 'GGZY_SESSION_IDLE_MINUTES', 30, 1, 480) * 60_000,
    maxSessionsPerUser: integer(env, 'GGZY_MAX_SESSIONS_PER_USER', env.NODE_ENV === 'production' ? 3 : 20, 1, 20),
    requireSecondFactor: require === undefined || require === '' ? env.NODE_ENV === 'production' : require === '1',
  };
}
