import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authorityCrl, createAuthority, issuePartyCertificate, type Authority } from './pki/authority';
import { writePem } from './pki/pem';
import { CertificateRefused, verifySignInCertificate } from './pki/verify';
import { TrustStoreError, loadTrustStore } from './trust-store';

const DAY = 86_400_000;

describe('the trust store directory', () => {
  let dir: string;
  let ecdsa: Authority;
  let sm2: Authority;
  const now = new Date();
  const crlOf = (ca: Authority, revoked: Buffer[] = [], n = 1) => writePem('X509 CRL', authorityCrl(ca, {
    thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + DAY), revoked: revoked.map((serialNumber) => ({ serialNumber, revokedAt: new Date(now.getTime() - 1000) })), crlNumber: n,
  }));
  const place = (ca: Authority, crl: string, crlName = 'crl.pem') => {
    mkdirSync(path.join(dir, ca.id), { recursive: true });
    writeFileSync(path.join(dir, ca.id, 'ca.pem'), writePem('CERTIFICATE', ca.certificate));
    writeFileSync(path.join(dir, ca.id, crlName), crl);
  };

  beforeAll(() => {
    ecdsa = createAuthority({ id: 'ca-ecdsa', algorithm: 'ec-p256', commonName: 'P-256 根', organization: '甲', now });
    sm2 = createAuthority({ id: 'ca-sm2', algorithm: 'sm2', commonName: 'SM2 根', organization: '乙', now });
  });
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'trust-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('loads every CA of the directory (PEM or DER CRLs); a missing directory is an empty store', () => {
    place(ecdsa, crlOf(ecdsa));
    mkdirSync(path.join(dir, sm2.id));
    writeFileSync(path.join(dir, sm2.id, 'ca.pem'), writePem('CERTIFICATE', sm2.certificate));
    writeFileSync(path.join(dir, sm2.id, 'crl.der'), authorityCrl(sm2, { thisUpdate: new Date(now.getTime() - 1000), nextUpdate: new Date(now.getTime() + DAY), revoked: [], crlNumber: 1 }));
    const store = loadTrustStore(dir);
    expect(store.cas().map((c) => [c.id, c.crls.length])).toEqual([['ca-ecdsa', 1], ['ca-sm2', 1]]);
    expect(loadTrustStore(path.join(dir, 'nowhere')).cas()).toEqual([]);
  });

  test('a broken CA at start is an error naming the file', () => {
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'broken', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => loadTrustStore(dir)).toThrow(TrustStoreError);
    expect(() => loadTrustStore(dir)).toThrow(/broken/);
    const leaf = issuePartyCertificate(ecdsa, { organization: 'o', commonName: 'c', creditCode: '91990100MA0000001X', notBefore: now, notAfter: new Date(now.getTime() + DAY) });
    writeFileSync(path.join(dir, 'broken', 'ca.pem'), writePem('CERTIFICATE', leaf.certificate));
    expect(() => loadTrustStore(dir)).toThrow(/not a self-signed CA certificate/);
  });

  test('a new CRL is read without a restart; a file that stops reading keeps the CA as last read', () => {
    place(ecdsa, crlOf(ecdsa));
    const leaf = issuePartyCertificate(ecdsa, { organization: 'o', commonName: 'c', creditCode: '91990100MA0000001X', notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + DAY) });
    const warnings: string[] = [];
    const store = loadTrustStore(dir, { recheckMs: 0, warn: (m) => warnings.push(m) });
    expect(verifySignInCertificate(leaf.certificate, store.cas(), new Date()).caId).toBe('ca-ecdsa');
    const crlFile = path.join(dir, ecdsa.id, 'crl.pem');
    writeFileSync(crlFile, crlOf(ecdsa, [leaf.serialNumber], 2));
    utimesSync(crlFile, new Date(), new Date(Date.now() + 5000)); // a distinct modification time, whatever the file system's resolution
    expect(() => verifySignInCertificate(leaf.certificate, store.cas(), new Date())).toThrow(CertificateRefused);
    writeFileSync(crlFile, 'garbage');
    utimesSync(crlFile, new Date(), new Date(Date.now() + 10_000));
    expect(store.cas()[0]!.crls[0]!.crlNumber).toBe('02');
    expect(warnings.join('\n')).toMatch(/keeping CA ca-ecdsa as last read/);
    // a second CA appears in the directory while running
    place(sm2, crlOf(sm2));
    expect(store.cas().map((c) => c.id)).toEqual(['ca-ecdsa', 'ca-sm2']);
  });
});
