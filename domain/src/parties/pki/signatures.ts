// The two signature algorithms of certificate sign-in, both as a real signing device produces them:
// - ECDSA P-256 with SHA-256 (ecdsa-with-SHA256, 1.2.840.10045.4.3.2), through Node's OpenSSL;
// - SM2 with SM3 (1.2.156.10197.1.501, GB/T 32918.2 / GM/T 0009): e = SM3(Z ‖ M) with Z over the default
//   distinguishing identifier 1234567812345678, through sm-crypto (Node's OpenSSL cannot be given the identifier).
// Signatures are DER SEQUENCE { r INTEGER, s INTEGER } in both cases; r and s must lie in [1, n−1].
import { createPublicKey, generateKeyPairSync, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto';
import { BigInteger } from 'jsbn';
import { DerError, TAG, children, expectTag, parseDer, readUnsignedInteger, sequence, unsignedInteger } from './der';
import type { KeyAlgorithm, PublicKey } from './x509';

/** GM/T 0009-2012 §10: the distinguishing identifier signers use when none is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

const ORDER: Record<KeyAlgorithm, bigint> = {
  'ec-p256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  sm2: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
};

const toBigInt = (bytes: Buffer) => (bytes.length ? BigInt(`0x${bytes.toString('hex')}`) : 0n);

/** r and s of a DER signature, checked to be in range for the curve; null when malformed. */
export function signatureComponents(signature: Buffer, algorithm: KeyAlgorithm): { r: bigint; s: bigint } | null {
  try {
    const parts = children(expectTag(parseDer(signature), TAG.SEQUENCE, 'signature'));
    if (parts.length !== 2) return null;
    const r = toBigInt(readUnsignedInteger(parts[0]));
    const s = toBigInt(readUnsignedInteger(parts[1]));
    const n = ORDER[algorithm];
    if (r < 1n || r >= n || s < 1n || s >= n) return null;
    return { r, s };
  } catch (err) {
    if (err instanceof DerError) return null;
    throw err;
  }
}

const hex32 = (n: bigint) => n.toString(16).padStart(64, '0');

/** Verifies `signature` (DER) over `data` with `key`; false for any malformed or wrong signature. */
export function verifySignature(key: PublicKey, data: Buffer, signature: Buffer): boolean {
  const rs = signatureComponents(signature, key.algorithm);
  if (!rs) return false;
  if (key.algorithm === 'ec-p256') {
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
    } catch {
      return false;
    }
    return nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
  }
  const point = key.point.toString('hex');
  if (!sm2Point(point)) return false;
  return sm2.doVerifySignature(Array.from(data), hex32(rs.r) + hex32(rs.s), point, { hash: true, der: false, userId: SM2_DEFAULT_USER_ID });
}

// ——— the SM2 curve, to check a public key is a point on it (sm-crypto does not) ———
const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const SM2_A = SM2_P - 3n;
const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;

function sm2Point(hex: string): boolean {
  if (!/^04[0-9a-f]{128}$/.test(hex)) return false;
  const x = BigInt(`0x${hex.slice(2, 66)}`);
  const y = BigInt(`0x${hex.slice(66)}`);
  if (x >= SM2_P || y >= SM2_P) return false;
  return (y * y - (x * x * x + SM2_A * x + SM2_B)) % SM2_P === 0n;
}

// ——— signing: for the demo CAs, the demo parties and the tests (a party signs on its own device) ———

/** A private key to sign with: a Node key for P-256, the scalar d (hex) for SM2. */
export type SigningKey = { algorithm: 'ec-p256'; key: KeyObject } | { algorithm: 'sm2'; d: string; point: string };

/** The SM2 public point for a private scalar. */
export function sm2PointOf(d: string): string {
  // sm-crypto builds a key pair from the constructor arguments of its big integer r, as d = r mod (n−1) + 1
  const scalar = BigInt(`0x${d}`);
  if (scalar < 1n || scalar >= ORDER.sm2) throw new Error('SM2 private key out of range');
  const pair = (sm2.generateKeyPairHex as unknown as (hex: string, radix: number) => { privateKey: string; publicKey: string })(hex32(scalar - 1n), 16);
  if (pair.privateKey !== d) throw new Error('SM2 private key out of range');
  return pair.publicKey;
}

export function generateSigningKey(algorithm: KeyAlgorithm): SigningKey {
  if (algorithm === 'ec-p256') {
    return { algorithm, key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey };
  }
  const d = randomScalar(ORDER.sm2);
  return { algorithm, d, point: sm2PointOf(d) };
}

/** A uniformly random scalar in [1, n−1] from the operating system's generator. */
function randomScalar(n: bigint): string {
  for (;;) {
    const candidate = toBigInt(randomBytes(32));
    if (candidate >= 1n && candidate < n) return hex32(candidate);
  }
}

/** Signs `data`; answers the DER signature. */
export function signData(key: SigningKey, data: Buffer): Buffer {
  if (key.algorithm === 'ec-p256') return nodeSign('sha256', data, { key: key.key, dsaEncoding: 'der' });
  // sm-crypto draws its per-signature k from Math.random under Node: give it one from the operating system instead
  const k = randomScalar(ORDER.sm2);
  const kPoint = sm2PointOf(k);
  const point = { k: new BigInteger(k, 16), x1: new BigInteger(kPoint.slice(2, 66), 16) };
  const rs = sm2.doSignature(Array.from(data), key.d, {
    hash: true, der: false, publicKey: key.point, userId: SM2_DEFAULT_USER_ID, pointPool: [point as never],
  });
  return sequence(unsignedInteger(Buffer.from(rs.slice(0, 64), 'hex')), unsignedInteger(Buffer.from(rs.slice(64), 'hex')));
}
