// A small certificate authority in memory: a root, the certificates it issues and its CRL. The demo trust store of
// `npm start` and the tests are made with it; it keeps nothing itself (the caller writes the files).
import { randomBytes } from 'node:crypto';
import { distinguishedName, issueCertificate, issueCrl, generateSigningKey, privateKeyInfo, type SigningKey } from './issue';
import { writePem } from './pem';
import type { KeyAlgorithm, KeyUsage } from './x509';

const DAY = 86_400_000;

export interface Authority {
  id: string;
  algorithm: KeyAlgorithm;
  name: Buffer;
  key: SigningKey;
  /** The root certificate, DER. */
  certificate: Buffer;
}

export interface IssuedParty {
  key: SigningKey;
  certificate: Buffer;
  serialNumber: Buffer;
}

/** A random positive serial number of 16 bytes (CA/Browser Forum: at least 64 random bits). */
export function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x10;
  return serial;
}

export function createAuthority(options: { id: string; algorithm: KeyAlgorithm; commonName: string; organization: string; now: Date; years?: number; key?: SigningKey }): Authority {
  const key = options.key ?? generateSigningKey(options.algorithm);
  const name = distinguishedName([['C', 'CN'], ['O', options.organization], ['CN', options.commonName]]);
  const certificate = issueCertificate({
    issuer: { name, key }, subjectName: name, subjectKey: key, serialNumber: randomSerial(), ca: true,
    notBefore: new Date(options.now.getTime() - DAY), notAfter: new Date(options.now.getTime() + (options.years ?? 10) * 365 * DAY),
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  return { id: options.id, algorithm: options.algorithm, name, key, certificate };
}

export function issuePartyCertificate(ca: Authority, options: {
  organization: string; commonName: string; creditCode: string; notBefore: Date; notAfter: Date; keyUsage?: readonly KeyUsage[];
  algorithm?: KeyAlgorithm;
}): IssuedParty {
  const key = generateSigningKey(options.algorithm ?? ca.algorithm);
  const serialNumber = randomSerial();
  const certificate = issueCertificate({
    issuer: { name: ca.name, key: ca.key },
    subjectName: distinguishedName([['C', 'CN'], ['O', options.organization], ['serialNumber', options.creditCode], ['CN', options.commonName]]),
    subjectKey: key, serialNumber, notBefore: options.notBefore, notAfter: options.notAfter,
    keyUsage: options.keyUsage ?? ['digitalSignature', 'nonRepudiation'],
  });
  return { key, certificate, serialNumber };
}

export function authorityCrl(ca: Authority, options: { thisUpdate: Date; nextUpdate: Date; revoked: ReadonlyArray<{ serialNumber: Buffer; revokedAt: Date }>; crlNumber: number }): Buffer {
  return issueCrl({ issuer: { name: ca.name, key: ca.key }, ...options });
}

/** A party's key file: its certificate and its PKCS#8 private key in one PEM text. */
export function keyFile(party: { certificate: Buffer; key: SigningKey }): string {
  return writePem('CERTIFICATE', party.certificate) + writePem('PRIVATE KEY', privateKeyInfo(party.key));
}
