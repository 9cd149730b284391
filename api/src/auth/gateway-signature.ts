// Callbacks from the SMS and voice gateways carry no user session: they are signed. The gateway sends
//   X-Ggzy-Timestamp: <unix seconds>
//   X-Ggzy-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
// and the api accepts a signature made with the shared secret within five minutes of its own clock. A replayed
// callback inside the window is harmless: recording an answer is idempotent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretFromEnv } from '@ggzy/db';

export const SIGNATURE_HEADER = 'x-ggzy-signature';
export const TIMESTAMP_HEADER = 'x-ggzy-timestamp';
export const MAX_SKEW_SECONDS = 300;
export const MIN_SECRET_LENGTH = 32;

export function signCallback(secret: string, timestamp: number, body: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** True when the signature is the secret's over this timestamp and body, and the timestamp is recent. */
export function callbackSignatureValid(secret: string, timestampHeader: string | undefined, signatureHeader: string | undefined, body: Buffer, nowMs = Date.now()): boolean {
  if (!timestampHeader || !signatureHeader || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(signCallback(secret, timestamp, body));
  const given = Buffer.from(signatureHeader.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GGZY_GATEWAY_CALLBACK_SECRET, checked: unset is null (callbacks refused); a short one is a configuration error. */
export function gatewaySecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const secret = secretFromEnv('GGZY_GATEWAY_CALLBACK_SECRET', env);
  if (!secret) return null;
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`GGZY_GATEWAY_CALLBACK_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  return secret;
}
