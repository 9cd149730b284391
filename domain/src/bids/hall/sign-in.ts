// 签到: before the opening each bidder signs in to the section's hall by signing a one-time challenge with its
// certificate key. The challenge is bound to the opening — it names the site, the deal, the section and the bidder —
// and is used once within two minutes; the certificate passes the sign-in checks (chain, validity, key usage, CRL) and
// must be bound to the bidder. Who signed in, and any refusal, is on the supervision trail.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { OpeningHallChallenge, OpeningSignIn } from '@ggzy/db';
import { BusinessError } from '../../step';
import type { TrustedCa } from '../../parties/pki/verify';
import { partyStepContext, type PartyActor } from '../../parties/online/context';
import { issueReceipt } from '../../parties/online/receipts';
import { dealAndSection, liveBid, refuse } from '../party-section';
import { checkBidderSignature, hallStage, recordRefusal } from './hall-acts';
import { hallSignInText, type HallChallengeFields } from './texts';

export const HALL_CHALLENGE_TTL_MS = 2 * 60_000;

/** Signing in is for a bidder with a sealed bid in the section, before the opening begins. */
async function assertMaySignIn(db: Knex, sectionId: number, sectionCode: string, bid: { status: string }): Promise<void> {
  const { stage } = await hallStage(db, sectionId);
  if (stage !== 'before_opening') throw refuse('HALL_SIGN_IN_CLOSED', '开标已开始，不能再签到', 'the opening has begun: signing in is closed', { sectionCode });
  if (bid.status !== 'submitted') throw refuse('HALL_SIGN_IN_NEEDS_BID', '递交投标文件后才能签到', 'submit your bid before you sign in to the hall', { sectionCode });
}

export async function hallChallenge(db: Knex, input: { dealCode: string; sectionCode: string; origin: string; actor: PartyActor; now: Date }): Promise<HallChallengeFields & { text: string }> {
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, input.now);
  const bid = await liveBid(db, section.id, input.actor.subjectId, section.section_code);
  await assertMaySignIn(db, section.id, section.section_code, bid);
  const fields: HallChallengeFields = {
    id: randomBytes(18).toString('base64url'), nonce: randomBytes(32).toString('hex'), origin: input.origin.slice(0, 200), dealCode: deal.code,
    sectionCode: section.section_code, bidder: input.actor.creditCode, issuedAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + HALL_CHALLENGE_TTL_MS).toISOString(),
  };
  await OpeningHallChallenge.query(db).insert({
    id: fields.id, section_id: section.id, subject_id: input.actor.subjectId, nonce: fields.nonce, origin: fields.origin, issued_at: fields.issuedAt, expires_at: fields.expiresAt,
  });
  return { ...fields, text: hallSignInText(fields) };
}

export interface HallSignInView { sectionCode: string; signedInAt: string; certificateFingerprint: string }

/**
 * Takes the signed challenge: used once (one conditional update, so of two racing requests one gets it), for this
 * section and bidder, before it expires; then the certificate and the signature as at sign-in. Signing in again
 * answers the first sign-in.
 */
export async function signInToHall(db: Knex, input: {
  dealCode: string; sectionCode: string; challengeId: string; certificate: string; signature: string; cas: readonly TrustedCa[]; actor: PartyActor; now: Date;
}): Promise<HallSignInView> {
  const { actor, now } = input;
  const { deal, section } = await dealAndSection(db, input.dealCode, input.sectionCode, now);
  const bid = await liveBid(db, section.id, actor.subjectId, section.section_code);
  await assertMaySignIn(db, section.id, section.section_code, bid);
  const taken = Number(await OpeningHallChallenge.query(db).patch({ used_at: now.toISOString() })
    .where({ id: input.challengeId, section_id: section.id, subject_id: actor.subjectId }).whereNull('used_at').where('expires_at', '>', now.toISOString()));
  const challenge = await OpeningHallChallenge.query(db).findById(input.challengeId);
  const refused = async (code: string, zh: string, en: string, details: Record<string, unknown> = {}) => {
    await recordRefusal(db, deal, { kind: 'opening.sign_in_refused', actor: actor.username, code, reason: en, sectionCode: section.section_code, bidder: actor.creditCode, details: { challengeId: input.challengeId.slice(0, 64), ...details }, now });
    return refuse(code, zh, en, details);
  };
  if (!challenge || Number(challenge.section_id) !== section.id || Number(challenge.subject_id) !== actor.subjectId) {
    throw await refused('CHALLENGE_UNKNOWN', '签到挑战不存在，请重新签到', 'no such sign-in challenge for this hall: sign in again');
  }
  if (taken !== 1) {
    throw challenge.used_at
      ? await refused('CHALLENGE_USED', '签到挑战已使用过，请重新签到', 'the sign-in challenge was used already: sign in again')
      : await refused('CHALLENGE_EXPIRED', '签到挑战已过期，请重新签到', 'the sign-in challenge expired: sign in again');
  }
  const text = hallSignInText({
    id: challenge.id, nonce: challenge.nonce, origin: challenge.origin, dealCode: deal.code, sectionCode: section.section_code, bidder: actor.creditCode,
    issuedAt: new Date(challenge.issued_at).toISOString(), expiresAt: new Date(challenge.expires_at).toISOString(),
  });
  let checked;
  try {
    checked = await checkBidderSignature(db, { certificate: input.certificate, signature: input.signature, text, subjectId: actor.subjectId, cas: input.cas, now });
  } catch (err) {
    if (!(err instanceof BusinessError)) throw err;
    throw await refused(err.code, err.zh, err.en, err.details);
  }
  return db.transaction(async (trx) => {
    const at = now.toISOString();
    // two sign-ins racing with two challenges: the first row stands, the second answers it
    await trx('opening_sign_ins').insert({
      section_id: section.id, subject_id: actor.subjectId, person_id: actor.personId, person_name: actor.personName.slice(0, 100), challenge_id: challenge.id,
      certificate_fingerprint: checked.fingerprint, ca_id: checked.caId, signature: input.signature, signed_in_by: actor.username, signed_in_at: at,
    }).onConflict(['section_id', 'subject_id']).ignore();
    const row = (await OpeningSignIn.query(trx).where({ section_id: section.id, subject_id: actor.subjectId }).first())!;
    const view = { sectionCode: section.section_code, signedInAt: row.signed_in_at, certificateFingerprint: row.certificate_fingerprint };
    if (row.challenge_id !== challenge.id) return view;
    const ctx = partyStepContext(trx, { key: `opening-sign-in:${section.section_code}:${actor.creditCode}`, deal, actor: actor.username, party: actor, now });
    await ctx.emit('opening.signed_in', {
      sectionCode: section.section_code, bidder: actor.creditCode, name: actor.subjectName, certificateFingerprint: checked.fingerprint,
      issuer: checked.certificate.issuer.text, serialNumber: checked.certificate.serialNumber, caId: checked.caId, challengeId: challenge.id,
    });
    await issueReceipt(ctx, { kind: 'sign_in', deal, actor, section: { id: section.id, code: section.section_code }, details: { certificateFingerprint: checked.fingerprint, caId: checked.caId } });
    return view;
  });
}
