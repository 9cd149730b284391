// RFC 6238 computed on its own (HMAC-SHA1, 30-second steps, six digits), so the tests check the platform's codes
// against the standard rather than against the library the platform uses.
import { createHmac } from 'node:crypto';

function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(ch);
    if (value < 0) throw new Error(`not base32: ${ch}`);
    bits += value.toString(2).padStart(5, '0');
  }
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

/** The code for the step `offset` steps from the one of `at`. */
export function totpCode(secretBase32: string, at = Date.now(), offset = 0): string {
  const step = Math.floor(at / 1000 / 30) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secretBase32)).update(counter).digest();
  const start = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(start) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The secret of an otpauth:// URI. */
export function secretOfUri(uri: string): string {
  return new URL(uri).searchParams.get('secret')!;
}
