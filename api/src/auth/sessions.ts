import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Region, Session, User, verifyPassword, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '@ggzy/domain';
import { AppError } from '../http/errors';
import type { Principal } from './principal';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;

// Compared against when the username does not exist, so both paths cost one scrypt.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Roles whose logins (and lockouts) are written to the tamper-evident trail: they can change or read what others cannot. */
export const PRIVILEGED_ROLES: readonly string[] = ['admin', 'auditor', 'supervisor', 'designer'];

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function login(db: Db, username: string, password: string, now = new Date()) {
  const user = await User.query(db).findOne({ username });
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.locked_until && new Date(user.locked_until) > now) throw new AppError('AUTH_LOCKED');
  if (!(await verifyPassword(password, user.password_hash))) {
    throw new AppError((await countFailure(db, user, now)) ? 'AUTH_LOCKED' : 'AUTH_INVALID_CREDENTIALS');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.transaction(async (trx) => {
    // a guess running in parallel may have locked the account while this password was being checked
    const cleared = await User.query(trx).patch({ failed_logins: 0, locked_until: null }).where('id', user.id).where(notLockedAt(now));
    if (cleared === 0) throw new AppError('AUTH_LOCKED');
    await Session.query(trx).insert({ token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt.toISOString() });
    if (PRIVILEGED_ROLES.includes(user.role)) {
      await appendSupervisionEvent(trx, {
        idempotencyKey: `auth.login:${randomUUID()}`, dealCode: null, regionCode: user.region_code, kind: 'auth.login',
        actor: user.username, payload: { role: user.role, sessionExpiresAt: expiresAt.toISOString() }, occurredAt: now.toISOString(),
      });
    }
  });
  return { token, expiresAt: expiresAt.toISOString(), principal: await principalFor(db, user) };
}

/** Rows of users not locked at `now` (never locked, or the lock has run out). */
function notLockedAt(now: Date) {
  return (q: ReturnType<typeof User.query>) => q.whereNull('locked_until').orWhere('locked_until', '<=', now.toISOString());
}

/**
 * Counts one wrong password; answers whether the account is now locked. The count is one atomic increment of the row,
 * so guesses sent in parallel are each counted (a read-then-write counter let twenty parallel guesses count as one);
 * the increment that reaches the limit locks the account, and a guess arriving once it is locked counts no more.
 */
async function countFailure(db: Db, user: User, now: Date): Promise<boolean> {
  return db.transaction(async (trx) => {
    // an update answers the number of rows it touched (objection's types say rows)
    const counted = Number(await User.query(trx).increment('failed_logins', 1).where('id', user.id).where(notLockedAt(now)));
    if (counted === 0) return true; // locked by a guess running in parallel
    const { failed_logins: failed } = (await User.query(trx).findById(user.id).select('failed_logins'))!;
    if (failed < MAX_FAILED_LOGINS) return false;
    await User.query(trx).patch({ failed_logins: 0, locked_until: new Date(now.getTime() + LOCK_MS).toISOString() }).where('id', user.id);
    if (PRIVILEGED_ROLES.includes(user.role)) {
      await appendSupervisionEvent(trx, {
        idempotencyKey: `auth.locked:${randomUUID()}`, dealCode: null, regionCode: user.region_code, kind: 'auth.locked',
        actor: user.username, payload: { role: user.role, failedLogins: MAX_FAILED_LOGINS }, occurredAt: now.toISOString(),
      });
    }
    return true;
  });
}

export async function logout(db: Db, token: string): Promise<void> {
  await Session.query(db).delete().where('token_hash', tokenHash(token));
}

export async function principalFor(db: Db, user: User): Promise<Principal> {
  const children = await Region.query(db).where('parent_code', user.region_code).select('code');
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    regionCode: user.region_code,
    visibleRegions: [user.region_code, ...children.map((r) => r.code)],
  };
}

/** Resolves a bearer token to its principal, or answers null when it is unknown or expired. */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  const session = await Session.query(db).findById(tokenHash(token));
  if (!session) return null;
  if (new Date(session.expires_at) <= now) {
    await Session.query(db).deleteById(session.token_hash);
    return null;
  }
  const user = await User.query(db).findById(session.user_id);
  return user ? principalFor(db, user) : null;
}
