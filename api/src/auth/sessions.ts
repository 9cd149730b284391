// Password login, sessions and their ends (等保2.0 level 3, 身份鉴别 and 访问控制). Every guess is counted in the
// database before its password is checked, so guesses sent in parallel, or to several api processes, each count; the
// attempt that reaches the limit locks the account. A session ends after SESSION_TTL_MS, after the policy's idle time,
// when the user signs out everywhere or changes the password, and when a newer sign-in goes over the policy's number of
// sessions; an ended session answers why (a stable code) on its next request. Each of these is on the trail.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CaCertificate, Region, Session, Subject, SubjectPerson, User, verifyPassword, type Db, type PayloadKeyRing } from '@ggzy/db';
import { appendSupervisionEvent } from '@ggzy/domain';
import { AppError, type ErrorCode } from '../http/errors';
import { DEFAULT_POLICY, type AccountPolicy } from './account-policy';
import { hitWindow } from './rate-limit';
import { acceptedStep, openSecret } from './second-factor';
import { spendRecoveryCode } from './recovery-codes';
import { recordUnknownSignIn } from '../services/audit';
import type { PartyOfPrincipal, Principal } from './principal';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_MS = 60_000;
/** Ended sessions are kept this long so that their next request learns why they ended. */
const ENDED_KEPT_MS = 24 * 60 * 60 * 1000;

// Compared against when the username does not exist, so both paths cost one scrypt.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Roles whose logins are written to the tamper-evident trail: they can change or read what others cannot. */
export const PRIVILEGED_ROLES: readonly string[] = ['admin', 'security_admin', 'auditor', 'supervisor', 'designer'];
/** The centre's roles: the ones a second factor is for (parties sign in with a certificate, itself a second factor). */
export const CENTRE_ROLES: readonly string[] = ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor'];

export type SessionEndReason = 'signed-out-everywhere' | 'replaced' | 'password-changed' | 'password-reset' | 'second-factor-reset' | 'idle' | 'expired'
  // by the security administrator: signed out everywhere, the account disabled, or its role or region changed
  | 'ended-by-administrator' | 'disabled' | 'rights-changed';

const REFUSAL: Record<SessionEndReason, ErrorCode> = {
  'signed-out-everywhere': 'SESSION_ENDED', 'password-changed': 'SESSION_ENDED', 'password-reset': 'SESSION_ENDED', 'second-factor-reset': 'SESSION_ENDED',
  'ended-by-administrator': 'SESSION_ENDED', disabled: 'SESSION_ENDED', 'rights-changed': 'SESSION_ENDED',
  replaced: 'SESSION_REPLACED', idle: 'SESSION_IDLE_TIMEOUT', expired: 'SESSION_EXPIRED',
};

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** One auth event on the trail's platform chain (never a password, a code, a secret or a token). */
export async function recordAuthEvent(trx: Db, user: Pick<User, 'username' | 'region_code' | 'role'>, kind: string, payload: Record<string, unknown>, now: Date, actor = user.username): Promise<void> {
  await appendSupervisionEvent(trx, {
    idempotencyKey: `${kind}:${randomUUID()}`, dealCode: null, regionCode: user.region_code, kind,
    actor, payload: { role: user.role, ...payload }, occurredAt: now.toISOString(),
  });
}

export interface LoginOptions {
  /** The second factor's code (TOTP), when the user has one. */
  code?: string;
  /** One of the user's unspent recovery codes, in place of the TOTP code (spent by this sign-in). */
  recoveryCode?: string;
  policy?: AccountPolicy;
  secondFactorKeys?: PayloadKeyRing | null;
  now?: Date;
  /** The client's address (as the trusted proxies saw it): on the trail with a failed attempt. */
  clientAddress?: string;
}

export async function login(db: Db, username: string, password: string, options: LoginOptions = {}) {
  const now = options.now ?? new Date();
  const policy = options.policy ?? DEFAULT_POLICY;
  const user = await User.query(db).findOne({ username });
  // parties sign in with their certificate only: the answer is the one an unknown name gets, after the same work
  if (!user || user.role === 'party') return refuseUnknown(db, username, password, now, options.clientAddress);
  const attempt = await checkPasswordCounted(db, user, password, now, options.clientAddress);
  // told only to whoever knows the password: to everyone else a disabled account answers as any other
  if (user.disabled_at) throw new AppError('ACCOUNT_DISABLED');
  let recoveryCodesRemaining: number | undefined;
  if (user.totp_enabled_at && user.totp_secret) {
    if (!options.code && !options.recoveryCode) {
      // the right password without the code is step one of the two: it is given back, not counted against the user
      await User.query(db).decrement('failed_logins', 1).where('id', user.id).where('failed_logins', '>', 0);
      throw new AppError('SECOND_FACTOR_REQUIRED');
    }
    if (!options.secondFactorKeys) throw new Error('the second factor\'s key ring is not configured');
    if (options.code) {
      const base32 = openSecret(options.secondFactorKeys, user.id, user.totp_secret);
      const step = acceptedStep(base32, user.username, options.code, now, user.totp_last_step);
      // the step is taken atomically: the same code sent twice at once passes once
      const taken = step !== null && Number(await User.query(db).patch({ totp_last_step: step }).where('id', user.id)
        .where((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))) === 1;
      if (!taken) throw await failure(db, user, attempt, 'second-factor', now, options.clientAddress);
    } else {
      const remaining = await spendRecoveryCode(db, options.secondFactorKeys, user.id, options.recoveryCode!, now);
      if (remaining === null) throw await failure(db, user, attempt, 'recovery-code', now, options.clientAddress);
      recoveryCodesRemaining = remaining;
    }
  }
  let session!: NewSession;
  await db.transaction(async (trx) => {
    // a guess running in parallel may have locked the account while this password was being checked
    const cleared = await User.query(trx).patch({ failed_logins: 0, locked_until: null }).where('id', user.id).where(notLockedAt(now)).whereNull('disabled_at');
    if (cleared === 0) throw new AppError((await User.query(trx).findById(user.id).select('disabled_at'))?.disabled_at ? 'ACCOUNT_DISABLED' : 'AUTH_LOCKED');
    session = await openSession(trx, user, now, null, policy);
    if (PRIVILEGED_ROLES.includes(user.role)) {
      await recordAuthEvent(trx, user, 'auth.login', { sessionExpiresAt: session.expiresAt, secondFactor: !!user.totp_enabled_at }, now);
    }
    // whoever's account it is: a recovery code in use may mean a lost phone, or a code someone else found
    if (recoveryCodesRemaining !== undefined) await recordAuthEvent(trx, user, 'auth.recovery-code-used', { remaining: recoveryCodesRemaining }, now);
  });
  return { ...session, principal: await principalFor(db, user, null, policy), ...(recoveryCodesRemaining !== undefined ? { recoveryCodesRemaining } : {}) };
}

/**
 * Checks a user's password as one counted attempt: counted before the check; a wrong one is a failure (on the trail,
 * locking at the limit), answered AUTH_INVALID_CREDENTIALS or AUTH_LOCKED. A locked account costs the same scrypt as
 * any other answer, so the time taken does not tell a locked account from an unknown name. Answers the attempt's number.
 */
export async function checkPasswordCounted(db: Db, user: User, password: string, now: Date, clientAddress?: string): Promise<number> {
  const attempt = await countAttempt(db, user, now);
  if (attempt === null || attempt > MAX_FAILED_LOGINS) {
    await verifyPassword(password, DUMMY_HASH);
    // more guesses under way at once than the limit allows: this one is not even checked
    if (attempt !== null) await lock(db, user, now);
    throw new AppError('AUTH_LOCKED');
  }
  if (!(await verifyPassword(password, user.password_hash))) throw await failure(db, user, attempt, 'password', now, clientAddress);
  return attempt;
}

/**
 * An unknown name (or a party's) is answered as an existing one would be: the same scrypt, a failed attempt on the
 * trail (without the name: it may be a password typed in the wrong field), and after MAX_FAILED_LOGINS attempts
 * within the lock time the same 423, so neither the answers nor their time tell which names exist.
 */
async function refuseUnknown(db: Db, username: string, password: string, now: Date, clientAddress?: string): Promise<never> {
  const attempts = await hitWindow(db, `unknown-user:${username.toLowerCase()}`, LOCK_MS, now.getTime());
  await verifyPassword(password, DUMMY_HASH);
  await recordUnknownSignIn(db, clientAddress, now);
  throw new AppError(attempts >= MAX_FAILED_LOGINS ? 'AUTH_LOCKED' : 'AUTH_INVALID_CREDENTIALS');
}

/**
 * Counts this attempt before anything is checked: one atomic increment of the row (guarded by "not locked"), read back
 * in the same transaction. Answers the attempt's number since the last success, or null when the account is locked.
 */
async function countAttempt(db: Db, user: User, now: Date): Promise<number | null> {
  return db.transaction(async (trx) => {
    const counted = Number(await User.query(trx).increment('failed_logins', 1).where('id', user.id).where(notLockedAt(now)));
    if (counted === 0) return null;
    return (await User.query(trx).findById(user.id).select('failed_logins'))!.failed_logins;
  });
}

/** Locks the account unless a parallel attempt did already; the one that locks writes the lockout to the trail. */
async function lock(db: Db, user: User, now: Date): Promise<void> {
  await db.transaction(async (trx) => {
    const locked = await User.query(trx).patch({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
      .where('id', user.id).where(notLockedAt(now));
    if (locked === 1) await recordAuthEvent(trx, user, 'auth.locked', { failedLogins: MAX_FAILED_LOGINS, lockedMinutes: LOCK_MS / 60_000 }, now);
  });
}

const FAILED: Record<'password' | 'second-factor' | 'recovery-code', ErrorCode> = {
  password: 'AUTH_INVALID_CREDENTIALS', 'second-factor': 'SECOND_FACTOR_INVALID', 'recovery-code': 'RECOVERY_CODE_INVALID',
};

/** A failed attempt (wrong password, code or recovery code): on the trail; the attempt that reaches the limit locks. */
async function failure(db: Db, user: User, attempt: number, factor: keyof typeof FAILED, now: Date, clientAddress?: string): Promise<AppError> {
  await db.transaction(async (trx) => {
    await recordAuthEvent(trx, user, factor === 'password' ? 'auth.login-failed' : 'auth.second-factor-failed', {
      attempt, knownUser: true, ...(factor === 'recovery-code' ? { with: 'recovery-code' } : {}), ...(clientAddress ? { client: clientAddress } : {}),
    }, now);
  });
  if (attempt < MAX_FAILED_LOGINS) {
    const fresh = await User.query(db).findById(user.id).select('locked_until');
    return new AppError(fresh?.locked_until && new Date(fresh.locked_until) > now ? 'AUTH_LOCKED' : FAILED[factor]);
  }
  await lock(db, user, now);
  return new AppError('AUTH_LOCKED');
}

export interface NewSession { token: string; expiresAt: string }

/**
 * Opens a session for a user inside the caller's transaction: a random token (only its hash is stored), one working
 * day long at most. The password login and the certificate sign-in both open their sessions here — same token, same
 * cookie, same limit: the user's oldest live sessions beyond the policy's number end (`replaced`).
 */
export async function openSession(trx: Db, user: Pick<User, 'id' | 'username' | 'region_code' | 'role'>, now: Date, certificateFingerprint: string | null = null, policy: AccountPolicy = DEFAULT_POLICY): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const hash = tokenHash(token);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  // what ended (or ran out) a while ago has nothing more to tell
  await Session.query(trx).delete().where('user_id', user.id)
    .where((q) => q.where('ended_at', '<', new Date(now.getTime() - ENDED_KEPT_MS).toISOString()).orWhere('expires_at', '<', new Date(now.getTime() - ENDED_KEPT_MS).toISOString()));
  await Session.query(trx).insert({ token_hash: hash, user_id: user.id, expires_at: expiresAt, certificate_fingerprint: certificateFingerprint, created_at: now.toISOString(), last_seen_at: now.toISOString() });
  const others = await Session.query(trx).where('user_id', user.id).whereNot('token_hash', hash).whereNull('ended_at')
    .where('expires_at', '>', now.toISOString()).orderBy('created_at', 'desc').orderBy('token_hash').select('token_hash');
  const over = others.slice(Math.max(0, policy.maxSessionsPerUser - 1)).map((s) => s.token_hash);
  if (over.length > 0) await endSessions(trx, user, 'replaced', now, { only: over });
  return { token, expiresAt };
}

/**
 * Ends sessions of a user (all, all but one, or the ones named), keeping the rows so their next request is told why;
 * the ending goes on the trail. Answers how many ended.
 */
export async function endSessions(trx: Db, user: Pick<User, 'id' | 'username' | 'region_code' | 'role'>, reason: SessionEndReason, now: Date, which: { except?: string; only?: string[] } = {}, actor?: string): Promise<number> {
  const query = Session.query(trx).patch({ ended_at: now.toISOString(), end_reason: reason }).where('user_id', user.id).whereNull('ended_at');
  if (which.except) query.whereNot('token_hash', which.except);
  if (which.only) query.whereIn('token_hash', which.only);
  const ended = Number(await query);
  if (ended > 0) await recordAuthEvent(trx, user, 'auth.session-ended', { reason, sessions: ended }, now, actor);
  return ended;
}

/** Rows of users not locked at `now` (never locked, or the lock has run out). */
function notLockedAt(now: Date) {
  return (q: ReturnType<typeof User.query>) => q.whereNull('locked_until').orWhere('locked_until', '<=', now.toISOString());
}

export async function logout(db: Db, token: string): Promise<void> {
  await Session.query(db).delete().where('token_hash', tokenHash(token));
}

/** Ends every session of the caller, this one too (sign out everywhere). */
export async function logoutEverywhere(db: Db, principal: Principal, now = new Date()): Promise<number> {
  const user = (await User.query(db).findById(principal.userId))!;
  return db.transaction((trx) => endSessions(trx, user, 'signed-out-everywhere', now));
}

export async function principalFor(db: Db, user: User, certificateFingerprint: string | null = null, policy: AccountPolicy = DEFAULT_POLICY): Promise<Principal> {
  const base = { userId: user.id, username: user.username, displayName: user.display_name, role: user.role, regionCode: user.region_code };
  // a party sees no region's deals through the centre's routes; what it may see comes with the parties' own routes
  if (user.role === 'party') return { ...base, visibleRegions: [], party: await partyOf(db, user, certificateFingerprint) };
  const children = await Region.query(db).where('parent_code', user.region_code).select('code');
  // the province's training sandbox (演练区) is open to the centre's people of all its cities
  const own = await Region.query(db).findById(user.region_code).select('parent_code');
  const province = own?.parent_code ?? user.region_code;
  const sandboxes = (await Region.query(db).where('parent_code', province).whereNotNull('sandbox_day_seconds').select('code')).map((r) => r.code);
  const visible = [user.region_code, ...children.map((r) => r.code)];
  const pendingStep = pendingStepOf(user, policy);
  return {
    ...base, visibleRegions: [...visible, ...sandboxes.filter((code) => !visible.includes(code))], sandboxRegions: sandboxes,
    secondFactor: !!user.totp_enabled_at, ...(pendingStep ? { pendingStep } : {}),
  };
}

/** What a signed-in user must do before anything else: change a reset password, then enrol a required second factor. */
function pendingStepOf(user: User, policy: AccountPolicy): Principal['pendingStep'] {
  if (user.must_change_password) return 'change-password';
  if (policy.requireSecondFactor && CENTRE_ROLES.includes(user.role) && !user.totp_enabled_at) return 'enrol-second-factor';
  return undefined;
}

async function partyOf(db: Db, user: User, fingerprint: string | null): Promise<PartyOfPrincipal> {
  const subject = user.subject_id === null ? undefined : await Subject.query(db).findById(user.subject_id);
  const person = user.person_id === null ? undefined : await SubjectPerson.query(db).findById(user.person_id);
  if (!subject || !person) throw new Error(`party user ${user.username} has no subject or person`);
  const cert = fingerprint ? await CaCertificate.query(db).modify('byFingerprint', fingerprint).first() : undefined;
  return {
    subjectId: subject.id, subjectName: subject.name, creditCode: subject.credit_code, personId: person.id, personName: person.name,
    certificate: cert ? {
      fingerprint: cert.fingerprint_sha256, caId: cert.ca_id, issuer: cert.issuer_dn, subject: cert.subject_dn, serialNumber: cert.serial_number,
      keyAlgorithm: cert.key_algorithm, validFrom: cert.valid_from, validUntil: cert.valid_until,
    } : null,
  };
}

/** Whether the session of this token is still open (cheaper than resolving it: for long-lived answers to recheck). */
export async function sessionOpen(db: Db, token: string, now = new Date(), policy: AccountPolicy = DEFAULT_POLICY): Promise<boolean> {
  const session = await Session.query(db).findById(tokenHash(token));
  if (!session || session.ended_at || new Date(session.expires_at) <= now || idle(session, now, policy)) return false;
  // a live answer being watched (the opening hall's events) is use of the session: it does not go idle meanwhile
  if (now.getTime() - new Date(session.last_seen_at ?? session.created_at).getTime() > TOUCH_MS) {
    await Session.query(db).patch({ last_seen_at: now.toISOString() }).where('token_hash', session.token_hash);
  }
  return true;
}

function idle(session: Session, now: Date, policy: AccountPolicy): boolean {
  return now.getTime() - new Date(session.last_seen_at ?? session.created_at).getTime() > policy.idleMs;
}

export type SessionResolution = { principal: Principal } | { refusal: ErrorCode };

/**
 * Resolves a token to its principal, or to the refusal that says why it no longer works: AUTH_REQUIRED for a token
 * never seen (or logged out), SESSION_EXPIRED, SESSION_IDLE_TIMEOUT, SESSION_REPLACED or SESSION_ENDED.
 */
export async function resolveSession(db: Db, token: string, now = new Date(), policy: AccountPolicy = DEFAULT_POLICY): Promise<SessionResolution> {
  const session = await Session.query(db).findById(tokenHash(token));
  if (!session) return { refusal: 'AUTH_REQUIRED' };
  if (session.ended_at) return { refusal: REFUSAL[(session.end_reason as SessionEndReason | null) ?? 'signed-out-everywhere'] ?? 'SESSION_ENDED' };
  const user = await User.query(db).findById(session.user_id);
  if (!user) return { refusal: 'AUTH_REQUIRED' };
  if (user.disabled_at) return { refusal: 'SESSION_ENDED' };
  const reason: SessionEndReason | null = new Date(session.expires_at) <= now ? 'expired' : idle(session, now, policy) ? 'idle' : null;
  if (reason) {
    await db.transaction((trx) => endSessions(trx, user, reason, now, { only: [session.token_hash] }));
    return { refusal: REFUSAL[reason] };
  }
  if (now.getTime() - new Date(session.last_seen_at ?? session.created_at).getTime() > TOUCH_MS) {
    await Session.query(db).patch({ last_seen_at: now.toISOString() }).where('token_hash', session.token_hash);
  }
  return { principal: await principalFor(db, user, session.certificate_fingerprint, policy) };
}
