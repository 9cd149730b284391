// User administration (等保2.0 level 3, 安全管理中心 — 三权分立): the security administrator creates the centre's
// business users, changes their role and region, disables and enables them, resets their password (a temporary one,
// changed at the next sign-in) or second factor (enrolled again), lifts a lock and ends their sessions; the system
// administrator does the same for the security administrators (who administers whom: auth/user-administration.ts).
// Every change is on the trail — who did it, to whom, what changed — never a password. A user out of the
// administrator's reach answers "not found", as if it did not exist.
import { randomBytes } from 'node:crypto';
import { RecoveryCode, Session, User, hashPassword, type Db, type Role } from '@ggzy/db';
import { AppError } from '../http/errors';
import { realRegions, type Principal } from '../auth/principal';
import { administeredRoles, mayAdminister } from '../auth/user-administration';
import { endSessions, recordAuthEvent } from '../auth/sessions';

export interface UserView {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  disabled: boolean;
  /** Locked after failed sign-ins until this time (null: not locked now). */
  lockedUntil: string | null;
  mustChangePassword: boolean;
  secondFactor: boolean;
  createdAt: string;
  createdBy: string | null;
}

function view(user: User, now: Date): UserView {
  return {
    username: user.username, displayName: user.display_name, role: user.role, regionCode: user.region_code,
    disabled: user.disabled_at !== null, lockedUntil: user.locked_until && new Date(user.locked_until) > now ? user.locked_until : null,
    mustChangePassword: !!user.must_change_password, secondFactor: user.totp_enabled_at !== null, createdAt: user.created_at, createdBy: user.created_by ?? null,
  };
}

/** A temporary password that passes the policy: 20 characters of four classes. */
function temporaryPassword(): string {
  const pick = (alphabet: string, n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
  const chars = [...pick('abcdefghijkmnpqrstuvwxyz', 8), ...pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 6), ...pick('23456789', 4), ...pick('-_.!', 2)];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBytes(1)[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** The user an administrator names: its own account is refused; one out of its regions or roles is not found. */
async function administeredUser(db: Db, administrator: Principal, username: string): Promise<User> {
  const user = await User.query(db).findOne({ username });
  if (user && user.id === administrator.userId) throw new AppError('USER_ADMINISTER_OWN');
  if (!user || !mayAdminister(administrator.role, user.role) || !realRegions(administrator).includes(user.region_code)) throw new AppError('USER_NOT_FOUND');
  return user;
}

/** One administration act on the trail: the actor, the user acted on and what was done (payload). */
function recordAct(trx: Db, administrator: Principal, user: Pick<User, 'username' | 'region_code' | 'role'>, kind: string, payload: Record<string, unknown>, now: Date) {
  return recordAuthEvent(trx, user, kind, { user: user.username, by: administrator.username, byRole: administrator.role, ...payload }, now, administrator.username);
}

export interface UserFilter {
  role?: Role;
  regionCode?: string;
  status?: 'active' | 'disabled' | 'locked';
  q?: string;
  limit: number;
  offset: number;
}

/** The users the administrator administers (its roles, its real regions), by username. */
export async function listUsers(db: Db, administrator: Principal, filter: UserFilter, now = new Date()): Promise<{ total: number; items: UserView[] }> {
  const query = User.query(db).whereIn('role', [...administeredRoles(administrator.role)]).whereIn('region_code', realRegions(administrator));
  if (filter.role) query.where('role', filter.role);
  if (filter.regionCode) query.where('region_code', filter.regionCode);
  if (filter.status === 'disabled') query.whereNotNull('disabled_at');
  if (filter.status === 'active') query.whereNull('disabled_at');
  if (filter.status === 'locked') query.where('locked_until', '>', now.toISOString());
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((q) => q.whereRaw('lower(username) like lower(?) escape \'\\\'', [like]).orWhereRaw('lower(display_name) like lower(?) escape \'\\\'', [like]));
  }
  const total = Number(((await query.clone().count({ n: '*' }).first()) as unknown as { n: number | string } | undefined)?.n ?? 0);
  const rows = await query.orderBy('username').limit(filter.limit).offset(filter.offset);
  return { total, items: rows.map((u) => view(u, now)) };
}

export async function getUser(db: Db, administrator: Principal, username: string, now = new Date()): Promise<UserView> {
  return view(await administeredUser(db, administrator, username), now);
}

function checkGrant(administrator: Principal, role: Role | undefined, regionCode: string | undefined): void {
  if (role !== undefined && !mayAdminister(administrator.role, role)) throw new AppError('ROLE_NOT_ASSIGNABLE');
  if (regionCode !== undefined && !realRegions(administrator).includes(regionCode)) throw new AppError('REGION_NOT_ASSIGNABLE');
}

export interface NewUser { username: string; displayName: string; role: Role; regionCode: string }

/** Creates a user with a temporary password (answered once) that must be changed at the first sign-in. */
export async function createUser(db: Db, administrator: Principal, input: NewUser, now = new Date()): Promise<{ user: UserView; temporaryPassword: string }> {
  checkGrant(administrator, input.role, input.regionCode);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  const user = await db.transaction(async (trx) => {
    const inserted = await trx('users').insert({
      username: input.username, display_name: input.displayName, role: input.role, region_code: input.regionCode, password_hash: hash,
      is_demo: false, must_change_password: true, created_by: administrator.username, created_at: now.toISOString(),
    }).onConflict('username').ignore().returning('id');
    if (inserted.length === 0) throw new AppError('USERNAME_TAKEN');
    const created = (await User.query(trx).findOne({ username: input.username }))!;
    await recordAct(trx, administrator, created, 'user.created', { regionCode: created.region_code, grantedRole: created.role }, now);
    return created;
  });
  return { user: view(user, now), temporaryPassword: password };
}

export interface UserChange { displayName?: string; role?: Role; regionCode?: string; disabled?: boolean }

/**
 * Changes a user's name, role, region or whether it is disabled. A new role or region ends the user's sessions (their
 * rights changed); disabling ends them too, and the account can sign in no more until it is enabled again.
 */
export async function changeUser(db: Db, administrator: Principal, username: string, change: UserChange, now = new Date()): Promise<UserView> {
  return db.transaction(async (trx) => {
    const user = await administeredUser(trx, administrator, username);
    checkGrant(administrator, change.role, change.regionCode);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const patch: Partial<User> = {};
    if (change.displayName !== undefined && change.displayName !== user.display_name) {
      changes.displayName = { from: user.display_name, to: change.displayName };
      patch.display_name = change.displayName;
    }
    if (change.role !== undefined && change.role !== user.role) {
      changes.role = { from: user.role, to: change.role };
      patch.role = change.role;
    }
    if (change.regionCode !== undefined && change.regionCode !== user.region_code) {
      changes.regionCode = { from: user.region_code, to: change.regionCode };
      patch.region_code = change.regionCode;
    }
    if (change.disabled !== undefined && change.disabled !== (user.disabled_at !== null)) {
      changes.disabled = { from: user.disabled_at !== null, to: change.disabled };
      patch.disabled_at = change.disabled ? now.toISOString() : null;
    }
    if (Object.keys(changes).length === 0) return view(user, now);
    await User.query(trx).patch(patch).where('id', user.id);
    await recordAct(trx, administrator, user, 'user.changed', { changes }, now);
    if (change.disabled === true && changes.disabled) await endSessions(trx, user, 'disabled', now, {}, administrator.username);
    else if (changes.role || changes.regionCode) await endSessions(trx, user, 'rights-changed', now, {}, administrator.username);
    return view((await User.query(trx).findById(user.id))!, now);
  });
}

/**
 * Resets a user's password: a temporary one, answered once, which the user must change at the next sign-in (the
 * session can do nothing else); the lock is lifted and every session of the user ends.
 */
export async function resetPassword(db: Db, administrator: Principal, username: string, now = new Date()): Promise<{ username: string; temporaryPassword: string }> {
  const user = await administeredUser(db, administrator, username);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (trx) => {
    await User.query(trx).patch({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', user.id);
    await recordAct(trx, administrator, user, 'auth.password-reset', {}, now);
    await endSessions(trx, user, 'password-reset', now, {}, administrator.username);
  });
  return { username: user.username, temporaryPassword: password };
}

/**
 * Resets a user's second factor (a lost phone, and its recovery codes with it), for the reason given: the authenticator
 * and every recovery code stop working, the user's sessions end, and the user enrols again at the next sign-in.
 */
export async function resetSecondFactor(db: Db, administrator: Principal, username: string, reason: string, now = new Date()): Promise<void> {
  const user = await administeredUser(db, administrator, username);
  await db.transaction(async (trx) => {
    await User.query(trx).patch({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', user.id);
    const codes = Number(await RecoveryCode.query(trx).delete().where('user_id', user.id));
    await recordAct(trx, administrator, user, 'auth.second-factor-reset', { wasEnrolled: user.totp_enabled_at !== null, recoveryCodesRevoked: codes, reason }, now);
    await endSessions(trx, user, 'second-factor-reset', now, {}, administrator.username);
  });
}

/** Lifts a lock from failed sign-ins (before it runs out by itself). */
export async function unlockUser(db: Db, administrator: Principal, username: string, now = new Date()): Promise<void> {
  const user = await administeredUser(db, administrator, username);
  await db.transaction(async (trx) => {
    await User.query(trx).patch({ failed_logins: 0, locked_until: null }).where('id', user.id);
    await recordAct(trx, administrator, user, 'user.unlocked', { wasLocked: !!user.locked_until && new Date(user.locked_until) > now }, now);
  });
}

export interface SessionView { createdAt: string; lastSeenAt: string | null; expiresAt: string; byCertificate: boolean }

/** The user's live sessions, newest first (never a token or its hash). */
export async function listSessions(db: Db, administrator: Principal, username: string, now = new Date()): Promise<SessionView[]> {
  const user = await administeredUser(db, administrator, username);
  const rows = await Session.query(db).where('user_id', user.id).whereNull('ended_at').where('expires_at', '>', now.toISOString()).orderBy('created_at', 'desc');
  return rows.map((s) => ({ createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, byCertificate: s.certificate_fingerprint !== null }));
}

/** Ends every session of the user (sign-out everywhere, by the administrator); answers how many ended. */
export async function endUserSessions(db: Db, administrator: Principal, username: string, now = new Date()): Promise<number> {
  const user = await administeredUser(db, administrator, username);
  return db.transaction(async (trx) => {
    const ended = await endSessions(trx, user, 'ended-by-administrator', now, {}, administrator.username);
    await recordAct(trx, administrator, user, 'user.sessions-ended', { sessions: ended }, now);
    return ended;
  });
}
