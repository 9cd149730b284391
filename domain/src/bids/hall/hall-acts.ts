// What every act in the opening hall shares: the opening of the section as it stands, the hall's trail events for
// those who act without a party's receipt (the centre's staff), and the checks of a certificate a bidder signs with
// there — the same chain, validity, key usage and CRL checks as the certificate sign-in, and the binding to the bidder.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { BidOpening, CaCertificate, OpeningRecord, isPostgres } from '@ggzy/db';
import { appendSupervisionEvent } from '../../supervision/trail';
import { certificateBytes } from '../../parties/pki/pem';
import { CertificateRefused, verifyChallengeSignature, verifySignInCertificate, type TrustedCa } from '../../parties/pki/verify';
import type { Certificate } from '../../parties/pki/x509';
import type { PartyDeal } from '../../parties/online/context';
import { refuse } from '../party-section';

export type HallStage = 'before_opening' | 'decrypting' | 'complete' | 'recorded';

export async function hallStage(db: Knex, sectionId: number): Promise<{ stage: HallStage; opening: BidOpening | undefined; record: OpeningRecord | undefined }> {
  const opening = await BidOpening.query(db).modify('ofSection', sectionId).first();
  const record = opening ? await OpeningRecord.query(db).findById(sectionId) : undefined;
  const stage: HallStage = !opening ? 'before_opening' : record ? 'recorded' : opening.status === 'complete' ? 'complete' : 'decrypting';
  return { stage, opening, record };
}

/** Who hosts the hall's answers and its record: the tenderee, its agency, or — failing them — the centre's staff. */
export type Host = { role: 'tenderee' | 'agency'; username: string; name: string } | { role: 'staff'; username: string; name: string };

/** A trail event of the hall under the deal's chain, keyed by the act so a retried request writes it once. */
export async function hallEvent(trx: Knex, deal: PartyDeal, event: { key: string; kind: string; actor: string; payload: Record<string, unknown>; now: Date }): Promise<void> {
  await appendSupervisionEvent(trx, {
    idempotencyKey: event.key, dealCode: deal.code, regionCode: deal.regionCode, kind: event.kind, actor: event.actor,
    payload: { via: 'opening-hall', ...event.payload }, occurredAt: event.now.toISOString(),
  });
}

export interface CheckedSignature { certificate: Certificate; caId: string; fingerprint: string }

/**
 * A bidder's signature over `text` with a certificate: trusted (chain, validity, key usage, CRL, as at sign-in), bound
 * on the platform to the bidder's subject and not revoked there, and the signature verifies. Throws a BusinessError
 * whose code is the certificate refusal's own (CERT_…, CHALLENGE_SIGNATURE_INVALID, CERT_NOT_BOUND).
 */
export async function checkBidderSignature(db: Knex, input: { certificate: string; signature: string; text: string; subjectId: number; cas: readonly TrustedCa[]; now: Date }): Promise<CheckedSignature> {
  const der = certificateBytes(input.certificate);
  if (!der) throw refuse('CERT_MALFORMED', '证书格式不正确', 'the certificate is neither PEM nor base64 DER');
  let checked: CheckedSignature;
  try {
    const verified = verifySignInCertificate(der, input.cas, input.now);
    verifyChallengeSignature(verified.certificate, input.text, Buffer.from(input.signature, 'base64'));
    checked = { certificate: verified.certificate, caId: verified.caId, fingerprint: verified.certificate.fingerprint };
  } catch (err) {
    if (!(err instanceof CertificateRefused)) throw err;
    throw refuse(err.code, `证书或签名未通过校验（${err.code}）`, err.reason, { code: err.code, fingerprint: err.certificate?.fingerprint ?? null, caId: err.caId });
  }
  const binding = await CaCertificate.query(db).modify('byFingerprint', checked.fingerprint).where('status', 'active').first();
  if (!binding || Number(binding.subject_id) !== input.subjectId) {
    throw refuse('CERT_NOT_BOUND', '该证书未绑定到本单位', 'the certificate is not bound to your company', { fingerprint: checked.fingerprint });
  }
  if (binding.revoked_at) throw refuse('CERT_REVOKED', '该证书在平台上已被注销', 'the certificate\'s binding was revoked on the platform', { fingerprint: checked.fingerprint });
  return checked;
}

/** A certificate refusal in the hall goes on the trail in a transaction of its own (the act itself wrote nothing). */
export async function recordRefusal(db: Knex, deal: PartyDeal, input: { kind: string; actor: string; code: string; reason: string; sectionCode: string; bidder: string; details: Record<string, unknown>; now: Date }): Promise<void> {
  await db.transaction((trx) => hallEvent(trx, deal, {
    key: `${input.kind}:${randomUUID()}`, kind: input.kind, actor: input.actor, now: input.now,
    payload: { sectionCode: input.sectionCode, bidder: input.bidder, code: input.code, reason: input.reason.slice(0, 300), ...input.details },
  }));
}


/** Acts that change the hall's stage or what its record holds take the section's row first (PostgreSQL; SQLite writes one at a time). */
export async function lockHall(trx: Knex, sectionId: number): Promise<void> {
  if (isPostgres(trx)) await trx('sections').where('id', sectionId).forUpdate().first('id');
}
