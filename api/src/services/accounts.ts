// What a user does with their own account: change the password, enrol the second factor (what an administrator does to
// another's account: services/users.ts). Every change is on the trail, without the password, the code or the secret.
import { User, hashPassword, type Db, type PayloadKeyRing } from '@ggzy/db';
import { AppError } from '../http/errors';
import type { Principal } from '../auth/principal';
import { passwordProblems, PASSWORD_PROBLEMS } from '../auth/password-policy';
import { checkPasswordCounted, endSessions, recordAuthEvent, tokenHash } from '../auth/sessions';
import { acceptedStep, newSecret, openSecret, sealSecret } from '../auth/second-factor';
import { RECOVERY_CODE_COUNT, remainingRecoveryCodes, replaceRecoveryCodes } from '../auth/recovery-codes';
import { reauthenticate } from '../auth/reauthentication';

function checkPolicy(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    const error = new AppError('PASSWORD_POLICY', problems.map((code) => ({ path: 'body.newPassword', code, message: PASSWORD_PROBLEMS[code].en, messages: PASSWORD_PROBLEMS[code] })));
    throw error;
  }
}

async function userOf(db: Db, principal: Principal): Promise<User> {
  const user = await User.query(db).findById(principal.userId);
  if (!user) throw new AppError('AUTH_REQUIRED');
  return user;
}

/**
 * Changes the caller's password: the current one is required (a wrong one is refused and recorded), the new one must
 * pass the policy and differ; every other session of the user ends, this one goes on.
 */
export async function changePassword(db: Db, principal: Principal, currentPassword: string, newPassword: string, now = new Date()): Promise<{ sessionsEnded: number }> {
  const user = await userOf(db, principal);
  if (user.role === 'party') throw new AppError('FORBIDDEN'); // parties have no password: they sign in with a certificate
  // a wrong current password is a failed guess like a wrong login (counted, on the trail, locking at the limit)
  try {
    await checkPasswordCounted(db, user, currentPassword, now);
  } catch (err) {
    throw err instanceof AppError && err.code === 'AUTH_INVALID_CREDENTIALS' ? new AppError('PASSWORD_WRONG') : err;
  }
  await User.query(db).patch({ failed_logins: 0 }).where('id', user.id).where('failed_logins', '>', 0);
  checkPolicy(newPassword, user.username);
  if (newPassword === currentPassword) throw new AppError('PASSWORD_POLICY', [{ path: 'body.newPassword', code: 'unchanged', message: 'The new password must differ from the current one', messages: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' } }]);
  const hash = await hashPassword(newPassword);
  return db.transaction(async (trx) => {
    await User.query(trx).patch({ password_hash: hash, must_change_password: false, password_changed_at: now.toISOString() }).where('id', user.id);
    await recordAuthEvent(trx, user, 'auth.password-changed', { forced: user.must_change_password }, now);
    const sessionsEnded = await endSessions(trx, user, 'password-changed', now, principal.sessionToken ? { except: tokenHash(principal.sessionToken) } : {});
    return { sessionsEnded };
  });
}

function keysOrFail(keys: PayloadKeyRing | null | undefined): PayloadKeyRing {
  if (!keys) throw new Error('the second factor\'s key ring is not configured');
  return keys;
}

/**
 * Starts (or starts again) the caller's enrolment: a new secret, stored sealed and not yet in force, answered once as
 * base32 text and as an otpauth:// URI. Refused once an enrolment is confirmed (an administrator resets it).
 */
export async function startEnrolment(db: Db, keys: PayloadKeyRing | null | undefined, principal: Principal): Promise<{ secret: string; uri: string }> {
  const user = await userOf(db, principal);
  if (user.role === 'party') throw new AppError('FORBIDDEN');
  if (user.totp_enabled_at) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
  const { base32, uri } = newSecret(user.username);
  await User.query(db).patch({ totp_secret: sealSecret(keysOrFail(keys), user.id, base32), totp_last_step: null }).where('id', user.id).whereNull('totp_enabled_at');
  return { secret: base32, uri };
}

/**
 * Confirms the enrolment with a first code from the app; from then on the code is asked at every sign-in. Answers the
 * user's ten recovery codes, shown this once (only their keyed hashes are kept).
 */
export async function confirmEnrolment(db: Db, keys: PayloadKeyRing | null | undefined, principal: Principal, code: string, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(db, principal);
  if (user.totp_enabled_at) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
  if (!user.totp_secret) throw new AppError('SECOND_FACTOR_NOT_STARTED');
  const step = acceptedStep(openSecret(keysOrFail(keys), user.id, user.totp_secret), user.username, code, now, null);
  if (step === null) {
    await db.transaction((trx) => recordAuthEvent(trx, user, 'auth.second-factor-failed', { during: 'enrolment' }, now));
    throw new AppError('SECOND_FACTOR_CONFIRMATION_FAILED');
  }
  return db.transaction(async (trx) => {
    const confirmed = await User.query(trx).patch({ totp_enabled_at: now.toISOString(), totp_last_step: step }).where('id', user.id).whereNull('totp_enabled_at');
    if (confirmed === 0) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
    const recoveryCodes = await replaceRecoveryCodes(trx, keysOrFail(keys), user.id, now);
    await recordAuthEvent(trx, user, 'auth.second-factor-enrolled', { recoveryCodes: RECOVERY_CODE_COUNT }, now);
    return { recoveryCodes };
  });
}

/** How many of the caller's recovery codes are unspent (none without a second factor). */
export async function recoveryCodeStatus(db: Db, principal: Principal): Promise<{ enrolled: boolean; remaining: number }> {
  const user = await userOf(db, principal);
  return { enrolled: !!user.totp_enabled_at, remaining: user.totp_enabled_at ? await remainingRecoveryCodes(db, user.id) : 0 };
}

/**
 * New recovery codes for the caller, with a fresh code from the authenticator (a session alone is not enough: whoever
 * holds an unattended session must not take the codes with them). The old codes, spent or not, stop working.
 */
export async function regenerateRecoveryCodes(db: Db, keys: PayloadKeyRing | null | undefined, principal: Principal, code: string, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(db, principal);
  await reauthenticate({ db, secondFactorKeys: keys }, principal, code, now, 'recovery-codes', { notEnrolled: 'RECOVERY_CODES_WITHOUT_SECOND_FACTOR', wrongCode: 'RECOVERY_CODES_CODE_WRONG' });
  return db.transaction(async (trx) => {
    const before = await remainingRecoveryCodes(trx, user.id);
    const recoveryCodes = await replaceRecoveryCodes(trx, keysOrFail(keys), user.id, now);
    await recordAuthEvent(trx, user, 'auth.recovery-codes-regenerated', { unspentBefore: before, recoveryCodes: RECOVERY_CODE_COUNT }, now);
    return { recoveryCodes };
  });
}
