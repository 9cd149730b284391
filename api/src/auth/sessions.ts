import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CaCertificate, Region, Session, Subject, SubjectPerson, User, verifyPassword, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '@ggzy/domain';
import { AppError } from '../http/errors';
import type { PartyOfPrincipal, Principal } from './principal';

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
  if (user.role === 'party') {
    // parties sign in with their certificate only; the answer is the one a wrong password gets, after the same work
    await verifyPassword(password, DUMMY_HASH);
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.locked_until && new Date(user.locked_until) > now) throw new AppError('AUTH_LOCKED');
  if (!(await verifyPassword(password, user.password_hash))) {
    throw new AppError((await countFailure(db, user, now)) ? 'AUTH_LOCKED' : 'AUTH_INVALID_CREDENTIALS');
  }
  let session!: NewSession;
  await db.transaction(async (trx) => {
    // a guess running in parallel may have locked the account while this password was being checked
    const cleared = await User.query(trx).patch({ failed_logins: 0, locked_until: null }).where('id', user.id).where(notLockedAt(now));
    if (cleared === 0) throw new AppError('AUTH_LOCKED');
    session = await openSession(trx, user.id, now);
    const { expiresAt } = session;
    if (PRIVILEGED_ROLES.includes(user.role)) {
      await appendSupervisionEvent(trx, {
        idempotencyKey: `auth.login:${randomUUID()}`, dealCode: null, regionCode: user.region_code, kind: 'auth.login',
        actor: user.username, payload: { role: user.role, sessionExpiresAt: expiresAt }, occurredAt: now.toISOString(),
      });
    }
  });
  return { ...session, principal: await principalFor(db, user) };
}

export interface NewSession { token: string; expiresAt: string }

/**
 * Opens a session for a user inside the caller's transaction: a random token (only its hash is stored), one working
 * day long. The password login and the certificate sign-in both open their sessions here — same token, same cookie.
 */
export async function openSession(trx: Db, userId: number, now: Date, certificateFingerprint: string | null = null): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await Session.query(trx).insert({ token_hash: tokenHash(token), user_id: userId, expires_at: expiresAt, certificate_fingerprint: certificateFingerprint });
  return { token, expiresAt };
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

export async function principalFor(db: Db, user: User, certificateFingerprint: string | null = null): Promise<Principal> {
  const base = { userId: user.id, username: user.username, displayName: user.display_name, role: user.role, regionCode: user.region_code };
  // a party sees no region's deals through the centre's routes; what it may see comes with the parties' own routes
  if (user.role === 'party') return { ...base, visibleRegions: [], party: await partyOf(db, user, certificateFingerprint) };
  const children = await Region.query(db).where('parent_code', user.region_code).select('code');
  // the province's training sandbox (演练区) is open to the centre's people of all its cities
  const own = await Region.query(db).findById(user.region_code).select('parent_code');
  const province = own?.parent_code ?? user.region_code;
  const sandboxes = (await Region.query(db).where('parent_code', province).whereNotNull('sandbox_day_seconds').select('code')).map((r) => r.code);
  const visible = [user.region_code, ...children.map((r) => r.code)];
  return { ...base, visibleRegions: [...visible, ...sandboxes.filter((code) => !visible.includes(code))], sandboxRegions: sandboxes };
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
export async function sessionOpen(db: Db, token: string, now = new Date()): Promise<boolean> {
  const session = await Session.query(db).findById(tokenHash(token));
  return !!session && new Date(session.expires_at) > now;
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
  return user ? principalFor(db, user, session.certificate_fingerprint) : null;
}
