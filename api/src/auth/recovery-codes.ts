// Recovery codes for the second factor (等保2.0 level 3, 身份鉴别; ASVS 5 V6 "backup codes"): a lost phone must not
// lock a person out for good, nor send them to the security administrator for every slip. At enrolment the user gets
// ten one-time codes, shown once; each may stand in for the authenticator's code at one sign-in and is then spent.
// Only a keyed hash of each is kept: HMAC-SHA256 under a key derived from the second-factor key ring's (named by its id in
// the row, so a rotated ring still checks older codes), bound to the user — a code is 50 random bits, so without the
// key, which is kept outside the database, the hashes cannot be searched. Never in clear, never logged.
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import { RecoveryCode, type Db, type PayloadKeyRing } from '@ggzy/db';

export const RECOVERY_CODE_COUNT = 10;
const CODE_LENGTH = 10;
// Crockford's base32: no i, l, o, u, so what is read aloud or copied by hand is what was given
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PURPOSE = 'ggzy-recovery-code-v1';

/** `xxxxx-xxxxx` codes, each of 50 random bits. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The code as typed, in its canonical form (case, spaces, hyphens and the look-alikes o/i/l forgiven), or null. */
export function canonicalCode(typed: string): string | null {
  const text = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return text.length === CODE_LENGTH && [...text].every((c) => ALPHABET.includes(c)) ? text : null;
}

/** The hash key is derived from the ring's key for this purpose alone (HKDF), never the sealing key itself. */
function digest(key: Buffer, userId: number, canonical: string): string {
  const hashKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), PURPOSE, 32));
  return createHmac('sha256', hashKey).update(`${userId}|${canonical}`).digest('hex');
}

/** What is stored for a code: `keyId.hex(HMAC)`. */
export function recoveryCodeHash(ring: PayloadKeyRing, userId: number, code: string): string {
  const canonical = canonicalCode(code);
  if (!canonical) throw new Error('not a recovery code');
  return `${ring.active.id}.${digest(ring.active.key, userId, canonical)}`;
}

/** Replaces the user's recovery codes with new ones (inside the caller's transaction); answers them, to show once. */
export async function replaceRecoveryCodes(trx: Db, ring: PayloadKeyRing, userId: number, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await RecoveryCode.query(trx).delete().where('user_id', userId);
  await trx('recovery_codes').insert(codes.map((code) => ({ user_id: userId, code_hash: recoveryCodeHash(ring, userId, code), created_at: now.toISOString() })));
  return codes;
}

/** How many of the user's recovery codes are not spent yet. */
export async function remainingRecoveryCodes(db: Db, userId: number): Promise<number> {
  const row = await RecoveryCode.query(db).where('user_id', userId).whereNull('used_at').count({ n: '*' }).first() as unknown as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * Spends one of the user's codes: answers how many remain after it, or null when the code is not one of the user's
 * unspent codes. The spending is one guarded update, so a code sent twice at once is good once.
 */
export async function spendRecoveryCode(db: Db, ring: PayloadKeyRing, userId: number, typed: string, now: Date): Promise<number | null> {
  const canonical = canonicalCode(typed);
  if (!canonical) return null;
  const unspent = await RecoveryCode.query(db).where('user_id', userId).whereNull('used_at').select('id', 'code_hash');
  const match = unspent.find((row) => {
    const [keyId, hex] = row.code_hash.split('.');
    const key = keyId ? ring.byId.get(keyId) : undefined;
    if (!key || !hex) return false;
    const expected = Buffer.from(digest(key.key, userId, canonical), 'hex');
    const stored = Buffer.from(hex, 'hex');
    return stored.length === expected.length && timingSafeEqual(stored, expected);
  });
  if (!match) return null;
  const spent = await RecoveryCode.query(db).patch({ used_at: now.toISOString() }).where('id', match.id).whereNull('used_at');
  if (Number(spent) !== 1) return null;
  return remainingRecoveryCodes(db, userId);
}
