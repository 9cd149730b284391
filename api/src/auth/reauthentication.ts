// A fresh second factor for an act that needs more than a session (等保2.0 level 3, 身份鉴别: re-authentication before a
// sensitive operation): the caller's authenticator code, good once like a sign-in's, at most MAX_FAILED_LOGINS tries
// in the lock time. Used to terminate a deal alone and to make new recovery codes.
import { User, type Db, type PayloadKeyRing } from '@ggzy/db';
import { AppError, type ErrorCode } from '../http/errors';
import type { Principal } from './principal';
import { hitWindow } from './rate-limit';
import { acceptedStep, openSecret } from './second-factor';
import { LOCK_MS, MAX_FAILED_LOGINS, recordAuthEvent } from './sessions';

/** What the act answers when the caller has no second factor, and when the code is wrong (each act says it its own way). */
export interface Refusals { notEnrolled: ErrorCode; wrongCode: ErrorCode }
const TERMINATION: Refusals = { notEnrolled: 'SECOND_FACTOR_NOT_ENROLLED', wrongCode: 'REAUTHENTICATION_FAILED' };

export async function reauthenticate(deps: { db: Db; secondFactorKeys?: PayloadKeyRing | null }, principal: Principal, code: string, now: Date, during = 'terminate', refusals = TERMINATION): Promise<void> {
  const user = await User.query(deps.db).findById(principal.userId);
  if (!user?.totp_enabled_at || !user.totp_secret) throw new AppError(refusals.notEnrolled);
  if (await hitWindow(deps.db, `reauthenticate:${user.id}`, LOCK_MS, now.getTime()) > MAX_FAILED_LOGINS) throw new AppError('RATE_LIMITED');
  if (!deps.secondFactorKeys) throw new Error('the second factor\'s key ring is not configured');
  const step = acceptedStep(openSecret(deps.secondFactorKeys, user.id, user.totp_secret), user.username, code, now, user.totp_last_step);
  // the step is taken atomically: the same code sent twice at once passes once
  const taken = step !== null && Number(await User.query(deps.db).patch({ totp_last_step: step }).where('id', user.id)
    .where((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))) === 1;
  if (!taken) {
    await deps.db.transaction((trx) => recordAuthEvent(trx, user, 'auth.second-factor-failed', { during }, now));
    throw new AppError(refusals.wrongCode);
  }
}
