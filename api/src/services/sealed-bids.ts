// Bids sealed by the bidder, through the api: the section's opening key, the signed envelope's upload, and the
// opening hall's part for the bidder (its own envelope back to open, its share handed over, what has been read out).
import type { Db } from '@ggzy/db';
import {
  BusinessError, handOverShare, openingForParty, openingForWatcher, openingHallsOfDeal, sealingKeyForBidder, submitSealedBid,
} from '@ggzy/domain';
import { canSeeRegion, type Principal } from '../auth/principal';
import { sessionOpen } from '../auth/sessions';
import type { AccountPolicy } from '../auth/account-policy';
import { eventStream } from '../http/event-stream';
import { AppError, type ErrorCode } from '../http/errors';
import { actorOf } from './party';

const REFUSALS: Record<string, ErrorCode> = {
  DEAL_NOT_FOUND: 'NOT_FOUND',
  SECTION_NOT_FOUND: 'NOT_FOUND',
  BID_NOT_REGISTERED: 'NOT_FOUND', // a deal section the party has no bid in is none of its business
  BIDDING_NOT_OPEN: 'BIDDING_CLOSED',
  BID_DEADLINE_PASSED: 'BIDDING_CLOSED',
  DEAL_ENDED: 'BIDDING_CLOSED',
  SECTION_CLOSED: 'BIDDING_CLOSED',
  CREDIT_SANCTIONED: 'CREDIT_SANCTIONED',
  ENVELOPE_INVALID: 'VALIDATION_FAILED',
  ENVELOPE_MISMATCH: 'ENVELOPE_REFUSED',
  ENVELOPE_WRONG_KEY: 'ENVELOPE_REFUSED',
  CERTIFICATE_REQUIRED: 'CERTIFICATE_REQUIRED',
  BID_SIGNATURE_INVALID: 'BID_SIGNATURE_INVALID',
  NOT_DECRYPTING: 'NOT_DECRYPTING',
  DECRYPTION_CLOSED: 'NOT_DECRYPTING',
  NO_SEALED_BID: 'NOT_FOUND',
  SHARE_DOES_NOT_OPEN: 'SHARE_DOES_NOT_OPEN',
};

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BusinessError && REFUSALS[err.code]) throw new AppError(REFUSALS[err.code]!, [{ path: '', message: err.en }]);
    throw err;
  }
}


export const sealingKey = (db: Db, principal: Principal, dealCode: string, sectionCode: string) =>
  refusing(() => sealingKeyForBidder(db, { dealCode, sectionCode, actor: actorOf(principal), now: new Date() }));

export const submit = (db: Db, principal: Principal, dealCode: string, sectionCode: string, body: { envelope: unknown; signature: string; deviceId?: string }, client: { userAgent: string | null; address: string }) =>
  refusing(() => submitSealedBid(db, {
    dealCode, sectionCode, envelope: body.envelope, signature: body.signature, certificateFingerprint: principal.party?.certificate?.fingerprint ?? null,
    client: { deviceId: body.deviceId ?? null, userAgent: client.userAgent, address: client.address }, actor: actorOf(principal), now: new Date(),
  }));

export const opening = (db: Db, principal: Principal, dealCode: string, sectionCode: string) =>
  refusing(() => openingForParty(db, { dealCode, sectionCode, actor: actorOf(principal), now: new Date() }));

export const decrypt = (db: Db, principal: Principal, dealCode: string, sectionCode: string, share: string) =>
  refusing(() => handOverShare(db, { dealCode, sectionCode, share, actor: actorOf(principal), now: new Date() }));

/** The hall watched by the supervisors and the centre's staff: outside the caller's regions the deal does not exist. */
export const watch = (db: Db, principal: Principal, dealCode: string, sectionCode: string) =>
  refusing(async () => {
    const { regionCode, hall } = await openingForWatcher(db, { dealCode, sectionCode, role: principal.role, now: new Date() });
    if (!canSeeRegion(principal, regionCode)) throw new AppError('NOT_FOUND');
    return hall;
  });

/** A deal's halls (one per section) for those who watch them, within their regions. */
export const hallsOfDeal = (db: Db, principal: Principal, dealCode: string) =>
  refusing(async () => {
    const { regionCode, halls } = await openingHallsOfDeal(db, { dealCode, now: new Date() });
    if (!canSeeRegion(principal, regionCode)) throw new AppError('NOT_FOUND');
    return halls;
  });

/** How often a live hall rereads its state: a countdown of seconds needs no more. */
const HALL_REFRESH_MS = 1000;

/** A live hall (server-sent events): the state whenever it changes, with the server's clock for the countdowns. */
export function hallEvents(db: Db, principal: Principal, closed: AbortSignal, read: () => Promise<unknown>, policy?: AccountPolicy) {
  const token = principal.sessionToken;
  return eventStream({
    read, closed, event: 'hall', everyMs: HALL_REFRESH_MS,
    sessionOpen: async () => !!token && sessionOpen(db, token, new Date(), policy),
    stamp: () => ({ serverTime: new Date().toISOString() }),
  });
}
