// Certificate sign-in of the market's parties (投标人, 招标人, 代理机构): the server hands out a one-time challenge, the
// party signs its text with the certificate's private key (USB key or file), and the signature, the certificate and
// the binding of that certificate to a person of a subject decide. Every success and every refusal is on the
// supervision trail — with the certificate's fingerprint, issuer and serial and the client's address, never the
// nonce or the signature.
import { randomBytes, randomUUID } from 'node:crypto';
import { CaCertificate, Region, SignInChallenge, Subject, SubjectPerson, User, type Db } from '@ggzy/db';
import { appendSupervisionEvent } from '../supervision/trail';
import { certificateBytes } from './pki/pem';
import { CertificateRefused, verifyChallengeSignature, verifySignInCertificate, type RefusalCode, type TrustedCa } from './pki/verify';
import type { Certificate } from './pki/x509';

export const CHALLENGE_TTL_MS = 2 * 60_000;

/** A party's user row holds this instead of a password hash: no password ever verifies against it. */
export const CERTIFICATE_ONLY = 'certificate-only';

export type SignInRefusalCode = RefusalCode | 'CHALLENGE_UNKNOWN' | 'CHALLENGE_EXPIRED' | 'CHALLENGE_USED' | 'CERT_NOT_BOUND';

export class SignInRefused extends Error {
  override name = 'SignInRefused';
  constructor(readonly code: SignInRefusalCode, readonly reason: string, readonly certificate: Certificate | null = null, readonly caId: string | null = null) {
    super(`${code}: ${reason}`);
  }
}

export interface ChallengeFields { id: string; nonce: string; origin: string; issuedAt: string; expiresAt: string }

/**
 * The exact text a party signs (UTF-8): what it is for, the site it is for (a signature made on another site's page
 * does not verify here), the one-time nonce and the time, so a signature is useless anywhere and any time else.
 */
export function challengeText(c: ChallengeFields): string {
  return [
    '公共资源交易平台证书登录 / ggzy certificate sign-in',
    `origin: ${c.origin}`,
    `challenge: ${c.id}`,
    `nonce: ${c.nonce}`,
    `issued-at: ${c.issuedAt}`,
    `expires-at: ${c.expiresAt}`,
  ].join('\n');
}

export async function issueChallenge(db: Db, input: { origin: string; clientAddress: string; now?: Date }): Promise<ChallengeFields & { text: string }> {
  const now = input.now ?? new Date();
  const fields: ChallengeFields = {
    id: randomBytes(18).toString('base64url'), nonce: randomBytes(32).toString('hex'), origin: input.origin,
    issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
  };
  await SignInChallenge.query(db).insert({
    id: fields.id, nonce: fields.nonce, origin: fields.origin, issued_at: fields.issuedAt, expires_at: fields.expiresAt,
    client_address: input.clientAddress.slice(0, 64),
  });
  return { ...fields, text: challengeText(fields) };
}

/**
 * Marks the challenge used, once: one conditional update, so of two sign-ins racing with one challenge exactly one
 * gets it. Answers the challenge's fields for rebuilding the signed text.
 */
async function consumeChallenge(db: Db, id: string, now: Date): Promise<ChallengeFields> {
  const taken = Number(await SignInChallenge.query(db).patch({ used_at: now.toISOString() })
    .where('id', id).whereNull('used_at').where('expires_at', '>', now.toISOString()));
  const row = await SignInChallenge.query(db).findById(id);
  if (!row) throw new SignInRefused('CHALLENGE_UNKNOWN', 'no such challenge');
  if (taken !== 1) {
    if (row.used_at) throw new SignInRefused('CHALLENGE_USED', 'the challenge was used already');
    throw new SignInRefused('CHALLENGE_EXPIRED', 'the challenge expired');
  }
  return {
    id: row.id, nonce: row.nonce, origin: row.origin ?? '', issuedAt: new Date(row.issued_at).toISOString(), expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export interface PartyIdentity {
  user: User;
  binding: CaCertificate;
  subject: Subject;
  person: SubjectPerson;
  certificate: Certificate;
  caId: string;
}

export interface CertificateSignIn {
  challengeId: string;
  /** PEM, or base64 of the DER bytes. */
  certificate: string;
  /** base64 of the DER signature over the challenge text. */
  signature: string;
  clientAddress: string;
  cas: readonly TrustedCa[];
  now?: Date;
}

/**
 * Checks a certificate sign-in and answers the party's identity, its user created on first sign-in; the caller opens
 * the session in `openSession` (same transaction as the user row and the trail event). A refusal is written to the
 * trail and thrown as SignInRefused.
 */
export async function signInWithCertificate(db: Db, input: CertificateSignIn, openSession: (trx: Db, identity: PartyIdentity) => Promise<void>): Promise<PartyIdentity> {
  const now = input.now ?? new Date();
  let certificate: Certificate | null = null;
  let caId: string | null = null;
  try {
    const der = certificateBytes(input.certificate);
    if (!der) throw new SignInRefused('CERT_MALFORMED', 'the certificate is neither PEM nor base64 DER');
    const challenge = await consumeChallenge(db, input.challengeId, now);
    const verified = verifySignInCertificate(der, input.cas, now);
    certificate = verified.certificate;
    caId = verified.caId;
    verifyChallengeSignature(certificate, challengeText(challenge), Buffer.from(input.signature, 'base64'));
    const binding = await CaCertificate.query(db).modify('byFingerprint', certificate.fingerprint).where('status', 'active').first();
    if (!binding || binding.person_id === null) throw new SignInRefused('CERT_NOT_BOUND', 'the certificate is not bound to a person of a subject', certificate, caId);
    if (binding.revoked_at) throw new SignInRefused('CERT_REVOKED', 'the binding was revoked on the platform', certificate, caId);
    const person = await SubjectPerson.query(db).findById(binding.person_id);
    const subject = await Subject.query(db).findById(binding.subject_id);
    if (!person || !subject || person.status !== 'active' || person.subject_id !== subject.id) {
      throw new SignInRefused('CERT_NOT_BOUND', 'the person the certificate is bound to no longer acts for the subject', certificate, caId);
    }
    const region = await platformRegion(db);
    return await db.transaction(async (trx) => {
      const user = await partyUser(trx, subject, person, now);
      const identity: PartyIdentity = { user, binding, subject, person, certificate: certificate!, caId: caId! };
      await openSession(trx, identity);
      await appendSupervisionEvent(trx, {
        idempotencyKey: `auth.certificate:${randomUUID()}`, dealCode: null, regionCode: region, kind: 'auth.certificate.signed-in',
        actor: user.username, occurredAt: now.toISOString(),
        payload: { ...certificateFacts(certificate!, caId), subjectId: subject.id, creditCode: subject.credit_code, personId: person.id, clientAddress: input.clientAddress },
      });
      return identity;
    });
  } catch (err) {
    const refusal = err instanceof SignInRefused ? err
      : err instanceof CertificateRefused ? new SignInRefused(err.code, err.reason, err.certificate ?? certificate, err.caId ?? caId)
        : null;
    if (!refusal) throw err;
    await recordRefusal(db, refusal, input, now);
    throw refusal;
  }
}

function certificateFacts(certificate: Certificate | null, caId: string | null) {
  if (!certificate) return { fingerprint: null, issuer: null, serialNumber: null, caId };
  return { fingerprint: certificate.fingerprint, issuer: certificate.issuer.text, serialNumber: certificate.serialNumber, caId };
}

async function recordRefusal(db: Db, refusal: SignInRefused, input: CertificateSignIn, now: Date): Promise<void> {
  const region = await platformRegion(db);
  await db.transaction((trx) => appendSupervisionEvent(trx, {
    idempotencyKey: `auth.certificate:${randomUUID()}`, dealCode: null, regionCode: region, kind: 'auth.certificate.refused',
    actor: refusal.certificate ? `certificate:${refusal.certificate.fingerprint.slice(0, 16)}` : 'anonymous', occurredAt: now.toISOString(),
    payload: { code: refusal.code, reason: refusal.reason.slice(0, 300), ...certificateFacts(refusal.certificate, refusal.caId), challengeId: input.challengeId.slice(0, 64), clientAddress: input.clientAddress },
  }));
}

/** The region of platform-wide events: the province. */
async function platformRegion(db: Db): Promise<string> {
  const province = await Region.query(db).where('level', 'province').orderBy('code').select('code').first();
  if (!province) throw new Error('no province in the regions table: the platform is not set up');
  return province.code;
}

/** The person's `party` user, created on the first sign-in (no password: CERTIFICATE_ONLY never verifies). */
async function partyUser(trx: Db, subject: Subject, person: SubjectPerson, now: Date): Promise<User> {
  const username = `party.${person.id}`;
  const existing = await User.query(trx).findOne({ username });
  if (existing) {
    if (existing.role !== 'party' || existing.person_id !== person.id) throw new Error(`user ${username} exists and is not this person's party user`);
    return existing;
  }
  await User.query(trx).insert({
    username, display_name: person.name.slice(0, 100), role: 'party', region_code: subject.region_code ?? await platformRegion(trx),
    password_hash: CERTIFICATE_ONLY, is_demo: false, subject_id: subject.id, person_id: person.id, created_at: now.toISOString(),
  }).onConflict('username').ignore();
  return (await User.query(trx).findOne({ username }))!;
}
