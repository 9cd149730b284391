// The sealed bid (双重加密), built in the bidder's browser and opened only at the opening, by both parties together:
//
//   content key K (AES-256-GCM over the bid: price, duration, commitments, document digests) = K1 ⊕ K2
//   K1 — the platform's share — wrapped to the section's opening key (X25519 → HKDF-SHA256 → AES-256-GCM);
//   K2 — the bidder's share — wrapped to the bidder's certificate key: ECDH on P-256 (→ HKDF-SHA256 → AES-256-GCM) for
//        an ECDSA certificate, SM2 public-key encryption (GB/T 32918.4, C1‖C3‖C2) for an SM2 one.
//
// Neither the platform (which holds K1's key) nor the bidder (which holds K2's) can read the bid alone: at the deadline
// the platform removes its seal (K1), and in the opening hall the bidder opens its share (K2) and hands it over. The
// envelope is signed with the bidder's certificate key over its canonical JSON, so it cannot be altered or disowned.
//
// This module runs unchanged in the browser and in Node (WebCrypto, sm-crypto): the browser seals with it, the server
// opens with it, and the demo driver uses exactly what the browser uses. It imports nothing of Node.
import { sm3 } from 'sm-crypto';
import { BigInteger } from 'jsbn';
import * as sm2Utils from 'sm-crypto/src/sm2/utils';
import { canonicalJson } from '@ggzy/process/runtime';

export const ENVELOPE_FORMAT = 'ggzy-sealed-bid/1';
const PLATFORM_ALG = 'X25519-HKDF-SHA256-AES-256-GCM';
const P256_ALG = 'ECDH-P256-HKDF-SHA256-AES-256-GCM';
const SM2_ALG = 'SM2-ENCRYPT-C1C3C2';

/** What a bid says; sealed as a whole, so none of it is readable before the opening. */
export interface BidContent {
  priceFen: number;
  durationDays?: number;
  commitments?: string[];
  documents: Array<{ name: string; sha256: string; sizeBytes: number }>;
}

export interface SealedBidEnvelope {
  format: typeof ENVELOPE_FORMAT;
  sectionCode: string;
  bidder: string;
  sealedAt: string;
  cipher: { alg: 'AES-256-GCM'; iv: string; ciphertext: string };
  platformShare: { alg: typeof PLATFORM_ALG; keyId: string; ephemeral: string; iv: string; wrapped: string };
  bidderShare:
    | { alg: typeof P256_ALG; certificateFingerprint: string; ephemeral: string; iv: string; wrapped: string }
    | { alg: typeof SM2_ALG; certificateFingerprint: string; wrapped: string };
}

/** The bidder's certificate key as the envelope needs it: the SPKI (DER) for P-256, the point (04‖x‖y) for SM2. */
export type RecipientKey = { algorithm: 'ec-p256'; spki: Uint8Array; certificateFingerprint: string } | { algorithm: 'sm2'; point: Uint8Array; certificateFingerprint: string };
/** The bidder's private key for opening its share: PKCS#8 (DER) for P-256, the scalar d for SM2. */
export type ShareKey = { algorithm: 'ec-p256'; pkcs8: Uint8Array } | { algorithm: 'sm2'; d: Uint8Array };

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available here');
  return s;
};
type Key = Awaited<ReturnType<ReturnType<typeof subtle>['importKey']>>;
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
const utf8 = (text: string) => new TextEncoder().encode(text);
const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]!);
// a copy into its own buffer: a Node Buffer is often a view into a larger shared pool
const buf = (bytes: Uint8Array) => Uint8Array.from(bytes).buffer as ArrayBuffer;

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/** What the content cipher authenticates besides the content: the envelope's section and bidder. */
const contentAad = (e: Pick<SealedBidEnvelope, 'format' | 'sectionCode' | 'bidder'>) => utf8(`${e.format}|${e.sectionCode}|${e.bidder}`);
const shareInfo = (e: Pick<SealedBidEnvelope, 'sectionCode' | 'bidder'>, which: string) => utf8(`${ENVELOPE_FORMAT}|${which}|${e.sectionCode}|${e.bidder}`);

async function hkdfAesKey(shared: Uint8Array, salt: Uint8Array, info: Uint8Array): Promise<Key> {
  const base = await subtle().importKey('raw', buf(shared), 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: buf(info) }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function aesGcm(key: Key | Uint8Array, iv: Uint8Array, data: Uint8Array, aad: Uint8Array, mode: 'encrypt' | 'decrypt'): Promise<Uint8Array> {
  const k = key instanceof Uint8Array ? await subtle().importKey('raw', buf(key), 'AES-GCM', false, [mode]) : key;
  const params = { name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) };
  return new Uint8Array(mode === 'encrypt' ? await subtle().encrypt(params, k, buf(data)) : await subtle().decrypt(params, k, buf(data)));
}

/** SHA-256 (hex) of bytes, through WebCrypto. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await subtle().digest('SHA-256', buf(bytes))));
}

// ——— X25519 / P-256 ECDH shares ———

async function wrapEcdh(alg: 'X25519' | 'P-256', recipientSpki: Uint8Array, secret: Uint8Array, info: Uint8Array) {
  const params = alg === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
  const recipient = await subtle().importKey('spki', buf(recipientSpki), params, false, []);
  const ephemeral = await subtle().generateKey(params, true, ['deriveBits']) as { publicKey: Key; privateKey: Key };
  const shared = new Uint8Array(await subtle().deriveBits({ name: params.name, public: recipient }, ephemeral.privateKey, 256));
  const ephemeralSpki = new Uint8Array(await subtle().exportKey('spki', ephemeral.publicKey));
  const key = await hkdfAesKey(shared, new Uint8Array([...ephemeralSpki, ...recipientSpki]), info);
  const iv = random(12);
  return { ephemeral: b64(ephemeralSpki), iv: b64(iv), wrapped: b64(await aesGcm(key, iv, secret, info, 'encrypt')) };
}

async function unwrapEcdh(alg: 'X25519' | 'P-256', privatePkcs8: Uint8Array, ownSpki: Uint8Array, share: { ephemeral: string; iv: string; wrapped: string }, info: Uint8Array): Promise<Uint8Array> {
  const params = alg === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
  const own = await subtle().importKey('pkcs8', buf(privatePkcs8), params, false, ['deriveBits']);
  const ephemeralSpki = unb64(share.ephemeral);
  const ephemeral = await subtle().importKey('spki', buf(ephemeralSpki), params, false, []);
  const shared = new Uint8Array(await subtle().deriveBits({ name: params.name, public: ephemeral }, own, 256));
  const key = await hkdfAesKey(shared, new Uint8Array([...ephemeralSpki, ...ownSpki]), info);
  return aesGcm(key, unb64(share.iv), unb64(share.wrapped), info, 'decrypt');
}

// ——— SM2 public-key encryption (GB/T 32918.4), with the random k from WebCrypto ———

const SM2_N = BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123');
const hex32 = (n: bigint) => n.toString(16).padStart(64, '0');

function randomScalar(): bigint {
  for (;;) {
    const k = BigInt(`0x${hex(random(32))}`);
    if (k >= 1n && k < SM2_N) return k;
  }
}

function sm2Kdf(z: number[], length: number): number[] {
  const out: number[] = [];
  for (let ct = 1; out.length < length; ct++) {
    out.push(...unhex(sm3([...z, (ct >>> 24) & 0xff, (ct >>> 16) & 0xff, (ct >>> 8) & 0xff, ct & 0xff])));
  }
  return out.slice(0, length);
}

/** C1‖C3‖C2 (hex, C1 without its 04 prefix, as sm-crypto and most Chinese libraries exchange it). */
export function sm2Encrypt(pointHex: string, message: Uint8Array): string {
  const curve = sm2Utils.getGlobalCurve();
  const recipient = curve.decodePointHex(pointHex);
  if (!recipient) throw new EnvelopeError('the SM2 public key is not a point');
  const k = randomScalar();
  // sm-crypto derives its key pair as d = r mod (n−1) + 1: r = k − 1 gives C1 = kG
  const c1 = sm2Utils.generateKeyPairHex(hex32(k - 1n), 16).publicKey.slice(2);
  const s = recipient.multiply(new BigInteger(hex32(k), 16));
  const x2 = Array.from(unhex(hex32(BigInt(`0x${s.getX().toBigInteger().toString(16)}`))));
  const y2 = Array.from(unhex(hex32(BigInt(`0x${s.getY().toBigInteger().toString(16)}`))));
  const t = sm2Kdf([...x2, ...y2], message.length);
  if (t.every((b) => b === 0)) return sm2Encrypt(pointHex, message); // GB/T 32918.4 A5: t all zero, choose k again
  const c2 = Array.from(message, (m, i) => m ^ t[i]!);
  const c3 = sm3([...x2, ...Array.from(message), ...y2]);
  return c1 + c3 + hex(Uint8Array.from(c2));
}

/** Opens C1‖C3‖C2 with the scalar d; the check value C3 must match, else it throws. */
export function sm2Decrypt(dHex: string, cipherHex: string): Uint8Array {
  if (!/^[0-9a-f]+$/.test(cipherHex) || cipherHex.length < 128 + 64 + 2) throw new EnvelopeError('not an SM2 ciphertext');
  const curve = sm2Utils.getGlobalCurve();
  const c1 = curve.decodePointHex(`04${cipherHex.slice(0, 128)}`);
  if (!c1) throw new EnvelopeError('not an SM2 ciphertext');
  const c3 = cipherHex.slice(128, 192);
  const c2 = unhex(cipherHex.slice(192));
  const s = c1.multiply(new BigInteger(dHex, 16));
  const x2 = Array.from(unhex(hex32(BigInt(`0x${s.getX().toBigInteger().toString(16)}`))));
  const y2 = Array.from(unhex(hex32(BigInt(`0x${s.getY().toBigInteger().toString(16)}`))));
  const t = sm2Kdf([...x2, ...y2], c2.length);
  const message = c2.map((c, i) => c ^ t[i]!);
  if (sm3([...x2, ...Array.from(message), ...y2]) !== c3) throw new EnvelopeError('the SM2 ciphertext does not open with this key');
  return message;
}

// ——— the envelope ———

function checkContent(content: BidContent): void {
  if (!Number.isSafeInteger(content.priceFen) || content.priceFen <= 0) throw new EnvelopeError('priceFen must be a positive whole number of fen');
  for (const d of content.documents) if (!/^[0-9a-f]{64}$/.test(d.sha256)) throw new EnvelopeError(`document ${d.name}: not a SHA-256 digest`);
}

/** Seals a bid for a section: to the platform's opening key (X25519 SPKI) and to the bidder's certificate key. */
export async function sealBid(input: {
  content: BidContent; sectionCode: string; bidder: string; platformKey: Uint8Array; bidderKey: RecipientKey; sealedAt?: Date;
}): Promise<SealedBidEnvelope> {
  checkContent(input.content);
  const head = { format: ENVELOPE_FORMAT, sectionCode: input.sectionCode, bidder: input.bidder } as const;
  const contentKey = random(32);
  const k1 = random(32);
  const k2 = xor(contentKey, k1);
  const iv = random(12);
  const ciphertext = await aesGcm(contentKey, iv, utf8(canonicalJson(input.content)), contentAad(head), 'encrypt');
  const platform = await wrapEcdh('X25519', input.platformKey, k1, shareInfo(head, 'platform'));
  const bidderShare: SealedBidEnvelope['bidderShare'] = input.bidderKey.algorithm === 'ec-p256'
    ? { alg: P256_ALG, certificateFingerprint: input.bidderKey.certificateFingerprint, ...await wrapEcdh('P-256', input.bidderKey.spki, k2, shareInfo(head, 'bidder')) }
    : { alg: SM2_ALG, certificateFingerprint: input.bidderKey.certificateFingerprint, wrapped: sm2Encrypt(hex(input.bidderKey.point), k2) };
  return {
    ...head, sealedAt: (input.sealedAt ?? new Date()).toISOString(),
    cipher: { alg: 'AES-256-GCM', iv: b64(iv), ciphertext: b64(ciphertext) },
    platformShare: { alg: PLATFORM_ALG, keyId: await sha256Hex(input.platformKey), ...platform },
    bidderShare,
  };
}

/** The exact text the bidder signs: the envelope's canonical JSON. */
export function envelopeSigningText(envelope: SealedBidEnvelope): string {
  return canonicalJson(envelope);
}

/** The platform removes its seal: K1, with the section's X25519 private key (PKCS#8) and its public key (SPKI). */
export async function openPlatformShare(envelope: SealedBidEnvelope, privatePkcs8: Uint8Array, publicSpki: Uint8Array): Promise<Uint8Array> {
  if (envelope.platformShare.keyId !== await sha256Hex(publicSpki)) throw new EnvelopeError('sealed to another opening key');
  return unwrapEcdh('X25519', privatePkcs8, publicSpki, envelope.platformShare, shareInfo(envelope, 'platform'));
}

/** The bidder opens its share (K2) with its certificate's private key — in its browser or on its key. */
export async function openBidderShare(envelope: SealedBidEnvelope, key: ShareKey, ownSpki?: Uint8Array): Promise<Uint8Array> {
  const share = envelope.bidderShare;
  if (share.alg === SM2_ALG) {
    if (key.algorithm !== 'sm2') throw new EnvelopeError('the share is sealed to an SM2 key');
    return sm2Decrypt(hex(key.d), share.wrapped);
  }
  if (key.algorithm !== 'ec-p256' || !ownSpki) throw new EnvelopeError('the share is sealed to a P-256 key (give its SPKI too)');
  return unwrapEcdh('P-256', key.pkcs8, ownSpki, share, shareInfo(envelope, 'bidder'));
}

/** Both shares together open the bid; a wrong share, or an altered envelope, does not. */
export async function openBid(envelope: SealedBidEnvelope, k1: Uint8Array, k2: Uint8Array): Promise<BidContent> {
  if (k1.length !== 32 || k2.length !== 32) throw new EnvelopeError('a key share is 32 bytes');
  let plain: Uint8Array;
  try {
    plain = await aesGcm(xor(k1, k2), unb64(envelope.cipher.iv), unb64(envelope.cipher.ciphertext), contentAad(envelope), 'decrypt');
  } catch {
    throw new EnvelopeError('the bid does not open with these shares');
  }
  const content = JSON.parse(new TextDecoder().decode(plain)) as BidContent;
  checkContent(content);
  return content;
}

export const base64 = { encode: b64, decode: unb64 };
