// The audit events the api itself writes to the trail (等保2.0 level 3, 安全审计: every security-relevant act with who,
// when, what and from where): a refused request for an object or route the caller may not reach, a deal's file taken
// out of the platform, a sign-in with a name nobody has. The business changes write their own events in the
// transaction of the change (deploys, calendars, user administration, the deals' steps).
import { randomUUID } from 'node:crypto';
import { Region, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '@ggzy/domain';
import type { Principal } from '../auth/principal';

export interface Refusal {
  method: string;
  /** The route's pattern, as in the route table. */
  route: string;
  /** The path parameters, as the caller sent them: the objects it asked for. */
  params: Record<string, string>;
  status: number;
  code: string;
  client: string;
}

/**
 * A 403 or 404 a signed-in caller got: on the platform chain of the trail, under the caller's province — the
 * province's auditors read it; the city's own feed does not show which objects of other cities its users asked for.
 */
export async function recordRefusal(db: Db, principal: Principal, refusal: Refusal, now = new Date()): Promise<void> {
  const region = await Region.query(db).findById(principal.regionCode).select('code', 'parent_code');
  await db.transaction((trx) => appendSupervisionEvent(trx, {
    idempotencyKey: `access.refused:${randomUUID()}`, dealCode: null, regionCode: region?.parent_code ?? principal.regionCode, kind: 'access.refused',
    actor: principal.username, payload: { role: principal.role, ...refusal }, occurredAt: now.toISOString(),
  }));
}

export interface Download {
  /** What was taken: a stored file (by SHA-256) or an opening record. */
  what: 'file' | 'opening-record';
  sha256: string;
  /** The deals whose documents or archives hold these bytes (a deal's region is the event's). */
  dealCode: string | null;
  regionCode: string | null;
  details?: Record<string, unknown>;
  client?: string;
}

/** A deal's document, archive entry or record taken out (downloaded, exported): on the deal's chain when it has one. */
export async function recordDownload(db: Db, principal: Principal, download: Download, now = new Date()): Promise<void> {
  const { dealCode, regionCode, ...payload } = download;
  await db.transaction((trx) => appendSupervisionEvent(trx, {
    idempotencyKey: `document.downloaded:${randomUUID()}`, dealCode, regionCode: regionCode ?? principal.regionCode, kind: 'document.downloaded',
    actor: principal.username, payload: { role: principal.role, ...payload }, occurredAt: now.toISOString(),
  }));
}

/**
 * A sign-in with a name no centre user has: on the trail without the name (it may be a password typed in the wrong
 * field), with the address it came from, in the province's region.
 */
export async function recordUnknownSignIn(db: Db, client: string | undefined, now = new Date()): Promise<void> {
  const province = await Region.query(db).whereNull('parent_code').orderBy('code').select('code').first();
  if (!province) return;
  await db.transaction((trx) => appendSupervisionEvent(trx, {
    idempotencyKey: `auth.login-failed:${randomUUID()}`, dealCode: null, regionCode: province.code, kind: 'auth.login-failed',
    actor: 'anonymous', payload: { knownUser: false, ...(client ? { client } : {}) }, occurredAt: now.toISOString(),
  }));
}
