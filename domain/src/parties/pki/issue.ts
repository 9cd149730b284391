// Issuing certificates and CRLs — what a CA does. The platform is no CA: this makes the demo CAs of `npm start` and the
// material of the tests, in the same shapes a real CA issues (X.509 v3, CRL v2), for P-256 and for SM2.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  TAG, bitString, boolean, children, expectTag, explicit, octetString, oid, parseDer, printableString, readOid,
  readSmallInteger, sequence, set, time, unsignedInteger, utf8String,
} from './der';
import { KEY_USAGE, OID, type KeyUsage, type KeyAlgorithm } from './x509';
import { generateSigningKey, signData, sm2PointOf, type SigningKey } from './signatures';

export { generateSigningKey, type SigningKey };

const SHORT_NAMES: Record<string, string> = {
  C: OID.countryName, ST: OID.stateOrProvinceName, L: OID.localityName, O: OID.organizationName, OU: OID.organizationalUnitName,
  CN: OID.commonName, serialNumber: OID.serialNumber,
};

/** A distinguished name from (short name, value) pairs, most significant first: [['C','CN'], ['O','…'], ['CN','…']]. */
export function distinguishedName(parts: ReadonlyArray<readonly [string, string]>): Buffer {
  return sequence(...parts.map(([short, value]) => {
    const type = SHORT_NAMES[short];
    if (!type) throw new Error(`unknown name attribute ${short}`);
    // C and serialNumber are PrintableString (RFC 5280 appendix A); the rest UTF8String, as Chinese names need
    const encoded = short === 'C' || short === 'serialNumber' ? printableString(value) : utf8String(value);
    return set(sequence(oid(type), encoded));
  }));
}

function signatureAlgorithm(algorithm: KeyAlgorithm): Buffer {
  return sequence(oid(algorithm === 'sm2' ? OID.sm2WithSm3 : OID.ecdsaWithSha256));
}

/** The DER SubjectPublicKeyInfo of a key. */
export function publicKeyInfo(key: SigningKey): Buffer {
  if (key.algorithm === 'ec-p256') return createPublicKey(key.key).export({ format: 'der', type: 'spki' });
  return sequence(sequence(oid(OID.ecPublicKey), oid(OID.sm2Curve)), bitString(Buffer.from(key.point, 'hex')));
}

/** The key as PKCS#8 (RFC 5208 / RFC 5915), as `openssl genpkey` writes it for either curve. */
export function privateKeyInfo(key: SigningKey): Buffer {
  if (key.algorithm === 'ec-p256') return key.key.export({ format: 'der', type: 'pkcs8' });
  const ecPrivateKey = sequence(unsignedInteger(1), octetString(Buffer.from(key.d, 'hex')), explicit(1, bitString(Buffer.from(key.point, 'hex'))));
  return sequence(unsignedInteger(0), sequence(oid(OID.ecPublicKey), oid(OID.sm2Curve)), octetString(ecPrivateKey));
}

/** Reads a PKCS#8 private key of either curve (also one made by openssl). */
export function readPrivateKeyInfo(der: Buffer): SigningKey {
  const [version, algorithm, inner] = children(expectTag(parseDer(der), TAG.SEQUENCE, 'private key info'));
  readSmallInteger(version);
  const [, curveElement] = children(expectTag(algorithm, TAG.SEQUENCE, 'private key algorithm'));
  const curve = readOid(curveElement);
  if (curve === OID.prime256v1) return { algorithm: 'ec-p256', key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  if (curve !== OID.sm2Curve) throw new Error(`unsupported private key curve ${curve}`);
  const ec = children(expectTag(parseDer(expectTag(inner, TAG.OCTET_STRING, 'private key').value), TAG.SEQUENCE, 'EC private key'));
  const d = expectTag(ec[1], TAG.OCTET_STRING, 'private scalar').value.toString('hex').padStart(64, '0');
  return { algorithm: 'sm2', d, point: sm2PointOf(d) };
}

function keyUsageExtension(usages: readonly KeyUsage[]): Buffer {
  const bits = usages.map((u) => KEY_USAGE.indexOf(u));
  const last = Math.max(...bits);
  const bytes = Buffer.alloc((last >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  const unused = 7 - (last & 7);
  return sequence(oid(OID.keyUsage), boolean(true), octetString(bitString(bytes, unused)));
}

export interface CertificateRequest {
  issuer: { name: Buffer; key: SigningKey };
  subjectName: Buffer;
  subjectKey: SigningKey;
  serialNumber: Buffer;
  notBefore: Date;
  notAfter: Date;
  keyUsage: readonly KeyUsage[];
  /** A CA certificate: basicConstraints cA=TRUE (critical). */
  ca?: boolean;
}

/** Issues an X.509 v3 certificate signed by the issuer's key; answers its DER bytes. */
export function issueCertificate(request: CertificateRequest): Buffer {
  const algorithm = signatureAlgorithm(request.issuer.key.algorithm);
  const extensions = [keyUsageExtension(request.keyUsage)];
  if (request.ca) extensions.push(sequence(oid(OID.basicConstraints), boolean(true), octetString(sequence(boolean(true)))));
  const tbs = sequence(
    explicit(0, unsignedInteger(2)),
    unsignedInteger(request.serialNumber),
    algorithm,
    request.issuer.name,
    sequence(time(request.notBefore), time(request.notAfter)),
    request.subjectName,
    publicKeyInfo(request.subjectKey),
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, algorithm, bitString(signData(request.issuer.key, tbs)));
}

export interface CrlRequest {
  issuer: { name: Buffer; key: SigningKey };
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: ReadonlyArray<{ serialNumber: Buffer; revokedAt: Date }>;
  crlNumber: number;
}

/** Issues a CRL v2 signed by the issuer's key; answers its DER bytes. */
export function issueCrl(request: CrlRequest): Buffer {
  const algorithm = signatureAlgorithm(request.issuer.key.algorithm);
  const entries = request.revoked.map((r) => sequence(unsignedInteger(r.serialNumber), time(r.revokedAt)));
  const tbs = sequence(
    unsignedInteger(1),
    algorithm,
    request.issuer.name,
    time(request.thisUpdate),
    time(request.nextUpdate),
    ...(entries.length ? [sequence(...entries)] : []),
    explicit(0, sequence(sequence(oid(OID.crlNumber), octetString(unsignedInteger(request.crlNumber))))),
  );
  return sequence(tbs, algorithm, bitString(signData(request.issuer.key, tbs)));
}
