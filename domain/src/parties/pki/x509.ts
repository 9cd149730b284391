// X.509 certificates and CRLs (RFC 5280) read into what certificate sign-in checks: names, validity, key, key usage,
// basic constraints, the signed bytes and their signature. Pure: no clock, no trust decisions here (verify.ts).
import { createHash } from 'node:crypto';
import {
  DerError, TAG, children, contextTag, expectTag, parseDer, readBitString, readBoolean, readOid, readSmallInteger, readString,
  readTime, readUnsignedInteger, type Der,
} from './der';

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  sm2Curve: '1.2.156.10197.1.301',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sm2WithSm3: '1.2.156.10197.1.501',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlNumber: '2.5.29.20',
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  serialNumber: '2.5.4.5',
} as const;

export type KeyAlgorithm = 'ec-p256' | 'sm2';

/** The two signature algorithms the platform accepts, each bound to its key type. */
export const SIGNATURE_ALGORITHMS: Record<string, KeyAlgorithm> = { [OID.ecdsaWithSha256]: 'ec-p256', [OID.sm2WithSm3]: 'sm2' };

/** Key usage bits (RFC 5280 §4.2.1.3), by name. */
export const KEY_USAGE = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;
export type KeyUsage = (typeof KEY_USAGE)[number];

export interface PublicKey {
  algorithm: KeyAlgorithm;
  /** The uncompressed point 04‖x‖y. */
  point: Buffer;
  /** The DER SubjectPublicKeyInfo. */
  spki: Buffer;
}

export interface Name {
  /** The exact DER bytes (names are compared on these). */
  raw: Buffer;
  /** RFC 4514-like text, most significant first as written (C=CN, O=…, CN=…). */
  text: string;
  /** The first value of each attribute, by short name. */
  attributes: Record<string, string>;
}

export interface Extension { oid: string; critical: boolean; value: Buffer }

export interface Certificate {
  der: Buffer;
  /** SHA-256 of the DER certificate, hex. */
  fingerprint: string;
  /** The signed part, exactly as received. */
  tbs: Buffer;
  version: number;
  /** Lower-case hex without leading zeros (at least one digit pair). */
  serialNumber: string;
  signatureAlgorithm: string;
  signature: Buffer;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKey | null;
  /** The key's algorithm OIDs when it is not one the platform accepts (for the refusal). */
  unsupportedKey?: string;
  extensions: Extension[];
  /** null when the certificate has no key usage extension. */
  keyUsage: Set<KeyUsage> | null;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
}

export interface RevokedEntry { serialNumber: string; revokedAt: Date }

export interface Crl {
  der: Buffer;
  tbs: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
  issuer: Name;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: Map<string, RevokedEntry>;
  crlNumber: string | null;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  [OID.commonName]: 'CN', [OID.countryName]: 'C', [OID.localityName]: 'L', [OID.stateOrProvinceName]: 'ST',
  [OID.organizationName]: 'O', [OID.organizationalUnitName]: 'OU', [OID.serialNumber]: 'serialNumber',
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function hexSerial(bytes: Buffer): string {
  const hex = bytes.toString('hex').replace(/^(00)+(?=..)/, '');
  return hex || '00';
}

export function readName(element: Der | undefined): Name {
  const name = expectTag(element, TAG.SEQUENCE, 'name');
  const parts: string[] = [];
  const attributes: Record<string, string> = {};
  for (const rdn of children(name)) {
    for (const atv of children(expectTag(rdn, TAG.SET, 'relative distinguished name'))) {
      const [type, value] = children(expectTag(atv, TAG.SEQUENCE, 'attribute'));
      const key = readOid(type);
      const short = ATTRIBUTE_NAMES[key] ?? key;
      if (!value) throw new DerError('attribute without value');
      const text = readString(value);
      parts.push(`${short}=${text.replace(/([,+"\\<>;=])/g, '\\$1')}`);
      if (!(short in attributes)) attributes[short] = text;
    }
  }
  return { raw: name.raw, text: parts.join(', '), attributes };
}

function readAlgorithm(element: Der | undefined): { oid: string; raw: Buffer } {
  const seq = expectTag(element, TAG.SEQUENCE, 'algorithm identifier');
  const [id, params] = children(seq);
  const oid = readOid(id);
  // the ECDSA and SM2 signature algorithms take no parameters (RFC 5758 §3.2; GM/T 0015); NULL is seen in the wild
  if (SIGNATURE_ALGORITHMS[oid] && params && params.tag !== TAG.NULL) throw new DerError('signature algorithm with parameters');
  return { oid, raw: seq.raw };
}

export function readPublicKey(element: Der | undefined): { key: PublicKey | null; unsupported?: string } {
  const spki = expectTag(element, TAG.SEQUENCE, 'subject public key info');
  const [algorithm, bits] = children(spki);
  const [keyOid, curve] = children(expectTag(algorithm, TAG.SEQUENCE, 'key algorithm'));
  const keyType = readOid(keyOid);
  const curveOid = curve?.tag === TAG.OID ? readOid(curve) : null;
  const { bytes, unusedBits } = readBitString(bits);
  let kind: KeyAlgorithm | null = null;
  if (keyType === OID.ecPublicKey && curveOid === OID.prime256v1) kind = 'ec-p256';
  // SM2 keys are id-ecPublicKey on the SM2 curve (GM/T 0015); some issuers write the SM2 OID as the key type itself
  else if ((keyType === OID.ecPublicKey || keyType === OID.sm2Curve) && curveOid === OID.sm2Curve) kind = 'sm2';
  if (!kind) return { key: null, unsupported: [keyType, curveOid].filter(Boolean).join('/') };
  if (unusedBits !== 0 || bytes.length !== 65 || bytes[0] !== 0x04) throw new DerError('the public key is not an uncompressed 256-bit point');
  return { key: { algorithm: kind, point: Buffer.from(bytes), spki: spki.raw } };
}

function readExtensions(element: Der | undefined): Extension[] {
  if (!element) return [];
  const list = children(expectTag(children(element)[0], TAG.SEQUENCE, 'extensions'));
  const seen = new Set<string>();
  return list.map((ext) => {
    const parts = children(expectTag(ext, TAG.SEQUENCE, 'extension'));
    const oid = readOid(parts[0]);
    if (seen.has(oid)) throw new DerError(`extension ${oid} appears twice`);
    seen.add(oid);
    const critical = parts.length === 3 ? readBoolean(parts[1]) : false;
    const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extension value').value;
    return { oid, critical, value };
  });
}

function keyUsageOf(extensions: Extension[]): Set<KeyUsage> | null {
  const ext = extensions.find((e) => e.oid === OID.keyUsage);
  if (!ext) return null;
  const { bytes } = readBitString(parseDer(ext.value));
  const usage = new Set<KeyUsage>();
  KEY_USAGE.forEach((name, bit) => {
    const byte = bytes[bit >> 3];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) usage.add(name);
  });
  return usage;
}

function basicConstraintsOf(extensions: Extension[]): Certificate['basicConstraints'] {
  const ext = extensions.find((e) => e.oid === OID.basicConstraints);
  if (!ext) return null;
  const parts = children(expectTag(parseDer(ext.value), TAG.SEQUENCE, 'basic constraints'));
  let index = 0;
  let ca = false;
  if (parts[index]?.tag === TAG.BOOLEAN) ca = readBoolean(parts[index++]);
  const pathLength = parts[index]?.tag === TAG.INTEGER ? readSmallInteger(parts[index]) : null;
  return { ca, pathLength };
}

/** Reads a DER certificate; a DerError says what is malformed. */
export function parseCertificate(der: Buffer): Certificate {
  const [tbsElement, algorithm, signatureBits, ...rest] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'certificate'));
  if (rest.length) throw new DerError('certificate has trailing elements');
  const tbs = children(expectTag(tbsElement, TAG.SEQUENCE, 'tbsCertificate'));
  let i = 0;
  const version = tbs[0]?.tag === contextTag(0) ? readSmallInteger(children(tbs[i++]!)[0]) + 1 : 1;
  const serial = readUnsignedInteger(tbs[i++]);
  const innerAlgorithm = readAlgorithm(tbs[i++]);
  const issuer = readName(tbs[i++]);
  const [notBefore, notAfter] = children(expectTag(tbs[i++], TAG.SEQUENCE, 'validity')).map(readTime);
  const subject = readName(tbs[i++]);
  const { key, unsupported } = readPublicKey(tbs[i++]);
  const extensionsElement = tbs.slice(i).find((e) => e.tag === contextTag(3));
  const outer = readAlgorithm(algorithm);
  // RFC 5280 §4.1.1.2: the algorithm outside must be the one inside the signed part, byte for byte
  if (!outer.raw.equals(innerAlgorithm.raw)) throw new DerError('the signature algorithm differs inside and outside the signed part');
  const { bytes: signature, unusedBits } = readBitString(signatureBits);
  if (unusedBits) throw new DerError('signature bit string with unused bits');
  const extensions = readExtensions(extensionsElement);
  if (!notBefore || !notAfter) throw new DerError('validity needs two times');
  return {
    der, fingerprint: sha256(der), tbs: tbsElement!.raw, version, serialNumber: hexSerial(serial), signatureAlgorithm: outer.oid, signature,
    issuer, subject, notBefore, notAfter, publicKey: key, ...(unsupported ? { unsupportedKey: unsupported } : {}), extensions,
    keyUsage: keyUsageOf(extensions), basicConstraints: basicConstraintsOf(extensions),
  };
}

/** Reads a DER CRL (v1 or v2). */
export function parseCrl(der: Buffer): Crl {
  const [tbsElement, algorithm, signatureBits] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'certificate list'));
  const tbs = children(expectTag(tbsElement, TAG.SEQUENCE, 'tbsCertList'));
  let i = 0;
  if (tbs[0]?.tag === TAG.INTEGER) i++; // version v2
  const innerAlgorithm = readAlgorithm(tbs[i++]);
  const issuer = readName(tbs[i++]);
  const thisUpdate = readTime(tbs[i++]);
  let nextUpdate: Date | null = null;
  if (tbs[i] && (tbs[i]!.tag === TAG.UTC_TIME || tbs[i]!.tag === TAG.GENERALIZED_TIME)) nextUpdate = readTime(tbs[i++]);
  const revoked = new Map<string, RevokedEntry>();
  if (tbs[i]?.tag === TAG.SEQUENCE) {
    for (const entry of children(tbs[i++]!)) {
      const [serial, when] = children(expectTag(entry, TAG.SEQUENCE, 'revoked certificate'));
      const serialNumber = hexSerial(readUnsignedInteger(serial));
      revoked.set(serialNumber, { serialNumber, revokedAt: readTime(when) });
    }
  }
  const extensions = tbs[i]?.tag === contextTag(0) ? readExtensions(tbs[i]) : [];
  const critical = extensions.find((e) => e.critical && e.oid !== OID.crlNumber && e.oid !== OID.authorityKeyIdentifier);
  if (critical) throw new DerError(`CRL has an unsupported critical extension ${critical.oid}`);
  const number = extensions.find((e) => e.oid === OID.crlNumber);
  const outer = readAlgorithm(algorithm);
  if (!outer.raw.equals(innerAlgorithm.raw)) throw new DerError('the CRL signature algorithm differs inside and outside the signed part');
  const { bytes: signature } = readBitString(signatureBits);
  return {
    der, tbs: tbsElement!.raw, signatureAlgorithm: outer.oid, signature, issuer, thisUpdate, nextUpdate, revoked,
    crlNumber: number ? hexSerial(readUnsignedInteger(parseDer(number.value))) : null,
  };
}
