// The banks that keep the deposit accounts notify the api of each payment into a deposit sub-account (保证金子账号).
// Each bank has its own key (a compromised bank key forges nothing for another bank) and signs as the SMS gateways do:
//   X-Ggzy-Bank: <bank id>
//   X-Ggzy-Timestamp: <unix seconds>
//   X-Ggzy-Signature: v1=<hex HMAC-SHA256(bank key, "<timestamp>.<raw body>")>
// within five minutes of the api's clock. A replay is harmless: a notification is recorded once per bank transaction.
import { secretFromEnv } from '@ggzy/db';
import { MIN_SECRET_LENGTH, callbackSignatureValid } from './gateway-signature';

export const BANK_HEADER = 'x-ggzy-bank';

/** Bank id → its key. */
export type BankKeys = ReadonlyMap<string, string>;

/** GGZY_BANK_CALLBACK_KEYS (or …_FILE): `bankId=key,bankId2=key2`; each key at least 32 characters. Unset: none. */
export function bankKeysFromEnv(env: NodeJS.ProcessEnv = process.env): BankKeys {
  const raw = secretFromEnv('GGZY_BANK_CALLBACK_KEYS', env);
  const keys = new Map<string, string>();
  if (!raw) return keys;
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const id = at > 0 ? entry.slice(0, at).trim() : '';
    const key = at > 0 ? entry.slice(at + 1).trim() : '';
    if (!/^[a-z0-9-]{2,32}$/.test(id)) throw new Error('GGZY_BANK_CALLBACK_KEYS: each entry is bankId=key, the id 2–32 of a-z 0-9 -');
    if (key.length < MIN_SECRET_LENGTH) throw new Error(`GGZY_BANK_CALLBACK_KEYS: the key of bank ${id} must be at least ${MIN_SECRET_LENGTH} characters`);
    if (keys.has(id)) throw new Error(`GGZY_BANK_CALLBACK_KEYS: bank ${id} is listed twice`);
    keys.set(id, key);
  }
  return keys;
}

/** The bank whose key signed this body, or null (unknown bank, bad or stale signature). */
export function signingBank(keys: BankKeys, bankHeader: string | undefined, timestampHeader: string | undefined, signatureHeader: string | undefined, body: Buffer, nowMs = Date.now()): string | null {
  if (!bankHeader) return null;
  const key = keys.get(bankHeader);
  if (!key) return null;
  return callbackSignatureValid(key, timestampHeader, signatureHeader, body, nowMs) ? bankHeader : null;
}
