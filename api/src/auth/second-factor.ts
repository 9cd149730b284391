// The second factor for the centre's people (等保2.0 level 3, 身份鉴别: two or more authentication techniques, one of
// them cryptographic): TOTP as RFC 6238 has it (HMAC-SHA1, six digits, 30-second steps; what every authenticator app
// reads from an otpauth:// URI). The secret is shown once, at enrolment, and stored sealed with AES-256-GCM under a key
// ring kept outside the database (GGZY_SECOND_FACTOR_KEYS, same shape as the payload keys: the first key seals, all
// open; unset: a key made once into the data directory). The sealed text is bound to its user, so a secret copied to
// another row does not open. A code is accepted once: the step it was for is recorded, and only later steps pass.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { PayloadKeyRing } from '@ggzy/db';

export const SECOND_FACTOR_KEYS_VARIABLE = 'GGZY_SECOND_FACTOR_KEYS';
export const SECOND_FACTOR_KEYS_FILE = 'second-factor-keys';
const ISSUER = '公共资源交易平台';
const PERIOD_S = 30;
const CIPHER = 'ggzy-totp-aes-256-gcm-v1';

const aad = (keyId: string, userId: number) => Buffer.from(`${CIPHER}|${keyId}|${userId}`, 'utf8');

/** `keyId.iv.ciphertext.tag` (base64url parts). */
export function sealSecret(ring: PayloadKeyRing, userId: number, base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.active.key, iv);
  cipher.setAAD(aad(ring.active.id, userId));
  const sealed = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return [ring.active.id, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openSecret(ring: PayloadKeyRing, userId: number, sealed: string): string {
  const [keyId, iv, data, tag] = sealed.split('.');
  const key = keyId ? ring.byId.get(keyId) : undefined;
  if (!key || !iv || !data || !tag) throw new Error(`a second-factor secret is sealed with a key not in ${SECOND_FACTOR_KEYS_VARIABLE} (${keyId ?? '?'})`);
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(aad(keyId!, userId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

function totp(base32: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(base32) });
}

/** A new secret (160 bits, as RFC 4226 recommends) and the otpauth:// URI an authenticator app reads (as text or QR). */
export function newSecret(username: string): { base32: string; uri: string } {
  const base32 = new Secret({ size: 20 }).base32;
  return { base32, uri: totp(base32, username).toString() };
}

/**
 * The time step a code is good for (the current one or one either side, for clocks a little apart), or null.
 * `after`: the last step a code was accepted for; a code of that step or an earlier one is not accepted again.
 */
export function acceptedStep(base32: string, username: string, code: string, now: Date, after: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(base32, username).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
  return after !== null && step <= after ? null : step;
}
