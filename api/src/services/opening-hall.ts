// The opening hall's acts through the api: a bidder's sign-in (签到) and objections (异议) and its confirmation of the
// record; the host's answers and the record (开标记录) — the tenderee or its agency in the parties' portal, failing them
// the centre's staff of the deal's region. Who may host is the one relation function's answer (domain
// parties/relations.ts); a deal outside a staff member's regions, or none of a party's business, does not exist.
import { Deal, type Db } from '@ggzy/db';
import { recordDownload } from './audit';
import {
  BusinessError, answerObjection, confirmOpeningRecord, fixedTrustStore, hallChallenge, isOrganiser, isRelated, issueOpeningRecord, loadDeal,
  openingRecordFile, raiseObjection, relationOf, signInToHall, type ObjectStore, type Host, type TrustStore,
} from '@ggzy/domain';
import { canSeeRegion, type Principal } from '../auth/principal';
import { storeOf } from './files';
import { AppError, ERRORS, type ErrorCode } from '../http/errors';
import { actorOf } from './party';

/** Domain refusals by code: the api's own name where it has one; a section none of the party's business is not found. */
const RENAMED: Record<string, ErrorCode> = { DEAL_NOT_FOUND: 'NOT_FOUND', SECTION_NOT_FOUND: 'NOT_FOUND', BID_NOT_REGISTERED: 'NOT_FOUND' };

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof BusinessError)) throw err;
    const code: ErrorCode = RENAMED[err.code] ?? (err.code in ERRORS ? err.code as ErrorCode : 'CONFLICT');
    const error = new AppError(code, [{ path: '', message: err.en }]);
    if (!RENAMED[err.code]) error.localized = { zh: err.zh, en: err.en };
    throw error;
  }
}

const NO_CAS = fixedTrustStore([]);
const cas = (trustStore: TrustStore | undefined) => (trustStore ?? NO_CAS).cas();

/** The tenderee or its agency of the deal, as the host of its halls. */
async function partyHost(db: Db, principal: Principal, dealCode: string): Promise<Host> {
  const actor = actorOf(principal);
  const relation = await relationOf(db, actor.subjectId, dealCode);
  if (!relation || !isRelated(relation)) throw new AppError('NOT_FOUND');
  if (!isOrganiser(relation)) throw new AppError('NOT_ORGANISER');
  return { role: relation.roles.includes('tenderee') ? 'tenderee' : 'agency', username: actor.username, name: `${actor.subjectName}（${actor.personName}）` };
}

/** The centre's staff (or a supervisor who watches) acting on a deal of their regions. */
async function staffHost(db: Db, principal: Principal, dealCode: string): Promise<Host> {
  const deal = await loadDeal(db, dealCode, new Date());
  if (!deal || !canSeeRegion(principal, deal.regionCode)) throw new AppError('NOT_FOUND');
  return { role: 'staff', username: principal.username, name: principal.displayName };
}

export const challenge = (db: Db, principal: Principal, dealCode: string, sectionCode: string, origin: string) =>
  refusing(async () => {
    const c = await hallChallenge(db, { dealCode, sectionCode, origin, actor: actorOf(principal), now: new Date() });
    return { challengeId: c.id, text: c.text, expiresAt: c.expiresAt };
  });

export const signIn = (db: Db, trustStore: TrustStore | undefined, principal: Principal, dealCode: string, sectionCode: string, body: { challengeId: string; certificate: string; signature: string }) =>
  refusing(() => signInToHall(db, { dealCode, sectionCode, ...body, cas: cas(trustStore), actor: actorOf(principal), now: new Date() }));

export const object = (db: Db, principal: Principal, dealCode: string, sectionCode: string, body: { requestId: string; text: string }) =>
  refusing(() => raiseObjection(db, { dealCode, sectionCode, ...body, actor: actorOf(principal), now: new Date() }));

export async function answer(db: Db, principal: Principal, dealCode: string, sectionCode: string, objectionId: number, text: string) {
  const host = principal.role === 'party' ? await partyHost(db, principal, dealCode) : await staffHost(db, principal, dealCode);
  return refusing(() => answerObjection(db, { dealCode, sectionCode, objectionId, answer: text, host, now: new Date() }));
}

export async function makeRecord(db: Db, objects: ObjectStore | null | undefined, principal: Principal, dealCode: string, sectionCode: string) {
  const host = principal.role === 'party' ? await partyHost(db, principal, dealCode) : await staffHost(db, principal, dealCode);
  return refusing(() => issueOpeningRecord(db, storeOf(objects), { dealCode, sectionCode, host, now: new Date() }));
}

export const confirm = (db: Db, trustStore: TrustStore | undefined, principal: Principal, dealCode: string, sectionCode: string, body: { recordSha256: string; certificate: string; signature: string }) =>
  refusing(() => confirmOpeningRecord(db, {
    dealCode, sectionCode, recordSha256: body.recordSha256, signature: body.signature, certificatePem: body.certificate, cas: cas(trustStore), actor: actorOf(principal), now: new Date(),
  }));

/** The record's file: for the deal's parties (its bidders, tenderee, agency), and for the watchers of its region. */
export async function recordFile(db: Db, objects: ObjectStore | null | undefined, principal: Principal, dealCode: string, sectionCode: string, format: 'json' | 'html') {
  if (principal.role === 'party') {
    const relation = await relationOf(db, actorOf(principal).subjectId, dealCode);
    if (!relation || !isRelated(relation)) throw new AppError('NOT_FOUND');
  } else {
    await staffHost(db, principal, dealCode); // within the caller's regions, else not found
  }
  const file = await refusing(() => openingRecordFile(db, storeOf(objects), { dealCode, sectionCode, format, now: new Date() }));
  const deal = await Deal.query(db).modify('byDealCode', dealCode).select('region_code').first();
  await recordDownload(db, principal, { what: 'opening-record', sha256: file.sha256, dealCode, regionCode: deal?.region_code ?? null, details: { sectionCode, format } });
  return {
    status: 200, body: file.bytes,
    headers: {
      'content-type': file.mediaType, 'x-content-sha256': file.sha256, 'x-content-type-options': 'nosniff',
      // the document is shown, never run: no script, no request of its own
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      'content-disposition': `inline; filename="opening-record-${sectionCode}.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  };
}
