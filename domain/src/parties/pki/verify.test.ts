import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authorityCrl, createAuthority, issuePartyCertificate, type Authority, type IssuedParty } from './authority';
import { bitString, children, parseDer, sequence } from './der';
import { readPrivateKeyInfo } from './issue';
import { readPemBlocks } from './pem';
import { signData } from './signatures';
import { CertificateRefused, verifyChallengeSignature, verifySignInCertificate, type RefusalCode, type TrustedCa } from './verify';
import { parseCertificate, parseCrl } from './x509';

const DAY = 86_400_000;
const NOW = new Date('2026-03-02T03:04:05Z');
const TEXT = 'ggzy certificate sign-in\norigin: http://127.0.0.1:3000\nnonce: 00ff';

function trusted(ca: Authority, crls: Buffer[]): TrustedCa {
  return { id: ca.id, root: parseCertificate(ca.certificate), intermediates: [], crls: crls.map(parseCrl) };
}

function refusal(fn: () => unknown): RefusalCode | 'accepted' {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (err instanceof CertificateRefused) return err.code;
    throw err;
  }
}

describe.each(['ec-p256', 'sm2'] as const)('certificate sign-in verification (%s)', (algorithm) => {
  let ca: Authority;
  let other: Authority;
  let good: IssuedParty;
  let revoked: IssuedParty;
  let store: TrustedCa[];
  const party = (o: Partial<Parameters<typeof issuePartyCertificate>[1]> = {}) => issuePartyCertificate(ca, {
    organization: '示范建设有限公司', commonName: '张三', creditCode: '91990100MA0000001X', notBefore: new Date(NOW.getTime() - DAY),
    notAfter: new Date(NOW.getTime() + 365 * DAY), ...o,
  });

  beforeAll(() => {
    ca = createAuthority({ id: `demo-${algorithm}`, algorithm, commonName: `示范CA ${algorithm}`, organization: '示范', now: NOW });
    other = createAuthority({ id: 'other', algorithm: algorithm === 'sm2' ? 'ec-p256' : 'sm2', commonName: '另一CA', organization: '示范', now: NOW });
    good = party();
    revoked = party({ commonName: '李四' });
    const crl = authorityCrl(ca, { thisUpdate: new Date(NOW.getTime() - DAY), nextUpdate: new Date(NOW.getTime() + 7 * DAY), revoked: [{ serialNumber: revoked.serialNumber, revokedAt: new Date(NOW.getTime() - DAY / 2) }], crlNumber: 2 });
    store = [trusted(other, []), trusted(ca, [crl])];
  });

  test('a good certificate verifies, names its CA, and its key verifies the challenge signature', () => {
    const verified = verifySignInCertificate(good.certificate, store, NOW);
    expect(verified.caId).toBe(ca.id);
    expect(verified.certificate.publicKey?.algorithm).toBe(algorithm);
    expect(verified.certificate.subject.attributes).toMatchObject({ O: '示范建设有限公司', CN: '张三', serialNumber: '91990100MA0000001X' });
    expect(verified.chain).toHaveLength(2);
    expect(refusal(() => verifyChallengeSignature(verified.certificate, TEXT, signData(good.key, Buffer.from(TEXT))))).toBe('accepted');
  });

  test('a signature over other text, by another key, or malformed is refused', () => {
    const { certificate } = verifySignInCertificate(good.certificate, store, NOW);
    expect(refusal(() => verifyChallengeSignature(certificate, TEXT, signData(good.key, Buffer.from(`${TEXT}x`))))).toBe('CHALLENGE_SIGNATURE_INVALID');
    expect(refusal(() => verifyChallengeSignature(certificate, TEXT, signData(revoked.key, Buffer.from(TEXT))))).toBe('CHALLENGE_SIGNATURE_INVALID');
    expect(refusal(() => verifyChallengeSignature(certificate, TEXT, Buffer.from('3006020100020100', 'hex')))).toBe('CHALLENGE_SIGNATURE_INVALID');
    expect(refusal(() => verifyChallengeSignature(certificate, TEXT, Buffer.from('not der')))).toBe('CHALLENGE_SIGNATURE_INVALID');
  });

  test('a certificate of a CA that is not trusted is CERT_UNKNOWN_CA', () => {
    const stranger = createAuthority({ id: 'x', algorithm, commonName: '陌生CA', organization: '陌生', now: NOW });
    const cert = issuePartyCertificate(stranger, { organization: 'o', commonName: 'c', creditCode: '91990100MA0000001X', notBefore: NOW, notAfter: new Date(NOW.getTime() + DAY) });
    expect(refusal(() => verifySignInCertificate(cert.certificate, store, NOW))).toBe('CERT_UNKNOWN_CA');
    expect(refusal(() => verifySignInCertificate(good.certificate, [], NOW))).toBe('CERT_UNKNOWN_CA');
  });

  test('a certificate claiming a trusted issuer but signed by another key is CERT_SIGNATURE_INVALID', () => {
    const impostor = createAuthority({ id: ca.id, algorithm, commonName: `示范CA ${algorithm}`, organization: '示范', now: NOW });
    const forged = issuePartyCertificate(impostor, { organization: '示范建设有限公司', commonName: '张三', creditCode: '91990100MA0000001X', notBefore: NOW, notAfter: new Date(NOW.getTime() + DAY) });
    expect(refusal(() => verifySignInCertificate(forged.certificate, store, NOW))).toBe('CERT_SIGNATURE_INVALID');
    // the good certificate with one bit of its signature flipped
    const [tbs, alg, sig] = children(parseDer(good.certificate));
    const bytes = Buffer.from(sig!.value.subarray(1));
    bytes[bytes.length - 3]! ^= 0x01;
    expect(refusal(() => verifySignInCertificate(sequence(tbs!.raw, alg!.raw, bitString(bytes)), store, NOW))).toBe('CERT_SIGNATURE_INVALID');
  });

  test('expired, not yet valid, wrong key usage and revoked certificates are refused with their codes', () => {
    expect(refusal(() => verifySignInCertificate(party({ notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() - DAY) }).certificate, store, NOW))).toBe('CERT_EXPIRED');
    expect(refusal(() => verifySignInCertificate(party({ notBefore: new Date(NOW.getTime() + DAY), notAfter: new Date(NOW.getTime() + 30 * DAY) }).certificate, store, NOW))).toBe('CERT_NOT_YET_VALID');
    expect(refusal(() => verifySignInCertificate(party({ keyUsage: ['keyEncipherment', 'dataEncipherment'] }).certificate, store, NOW))).toBe('CERT_KEY_USAGE');
    expect(refusal(() => verifySignInCertificate(revoked.certificate, store, NOW))).toBe('CERT_REVOKED');
    // the same good certificate, later than its validity
    expect(refusal(() => verifySignInCertificate(good.certificate, store, new Date(NOW.getTime() + 400 * DAY)))).toBe('CERT_EXPIRED');
  });

  test('a CRL past its nextUpdate is CERT_CRL_STALE; a missing or badly signed CRL is CERT_CRL_UNAVAILABLE', () => {
    const stale = authorityCrl(ca, { thisUpdate: new Date(NOW.getTime() - 10 * DAY), nextUpdate: new Date(NOW.getTime() - DAY), revoked: [], crlNumber: 1 });
    expect(refusal(() => verifySignInCertificate(good.certificate, [trusted(ca, [stale])], NOW))).toBe('CERT_CRL_STALE');
    // the good CRL is past due a week and a day later
    expect(refusal(() => verifySignInCertificate(good.certificate, store, new Date(NOW.getTime() + 8 * DAY)))).toBe('CERT_CRL_STALE');
    expect(refusal(() => verifySignInCertificate(good.certificate, [trusted(ca, [])], NOW))).toBe('CERT_CRL_UNAVAILABLE');
    const impostor = createAuthority({ id: ca.id, algorithm, commonName: `示范CA ${algorithm}`, organization: '示范', now: NOW });
    const forgedCrl = authorityCrl(impostor, { thisUpdate: new Date(NOW.getTime() - DAY), nextUpdate: new Date(NOW.getTime() + 7 * DAY), revoked: [], crlNumber: 9 });
    expect(refusal(() => verifySignInCertificate(revoked.certificate, [trusted(ca, [forgedCrl])], NOW))).toBe('CERT_CRL_UNAVAILABLE');
  });

  test('bytes that are not a certificate are CERT_MALFORMED', () => {
    expect(refusal(() => verifySignInCertificate(Buffer.from('hello'), store, NOW))).toBe('CERT_MALFORMED');
    expect(refusal(() => verifySignInCertificate(good.certificate.subarray(0, good.certificate.length - 1), store, NOW))).toBe('CERT_MALFORMED');
    expect(refusal(() => verifySignInCertificate(Buffer.concat([good.certificate, Buffer.from([0])]), store, NOW))).toBe('CERT_MALFORMED');
  });
});

// Material made by the openssl command line — not by this code — must verify, and openssl must accept ours.
describe('interoperability with OpenSSL', () => {
  let dir: string;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'pki-openssl-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function opensslCa(curve: 'prime256v1' | 'SM2', digest: 'sha256' | 'sm3') {
    const sm2 = curve === 'SM2' ? ['-sigopt', 'distid:1234567812345678'] : [];
    const vsm2 = curve === 'SM2' ? ['-vfyopt', 'distid:1234567812345678'] : [];
    writeFileSync(path.join(dir, 'ca.cnf'), [
      '[req]', 'distinguished_name=dn', 'prompt=no', 'utf8=yes', 'string_mask=utf8only', '[dn]', 'C=CN', 'O=OpenSSL 测试CA', 'CN=OpenSSL Root',
      '[v3_ca]', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash',
      '[v3_leaf]', 'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,nonRepudiation', 'authorityKeyIdentifier=keyid',
      '[ca]', 'default_ca=demo', '[demo]', `database=${dir}/index.txt`, `crlnumber=${dir}/crlnumber`, `default_md=${digest}`, 'default_crl_days=7',
    ].join('\n'));
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'crlnumber'), '01\n');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', 'ca.key');
    openssl('req', '-new', '-x509', '-config', 'ca.cnf', '-extensions', 'v3_ca', '-key', 'ca.key', `-${digest}`, ...sm2, '-days', '30', '-out', 'ca.pem');
    for (const who of ['alice', 'bob']) {
      openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', `${who}.key`);
      openssl('req', '-new', '-key', `${who}.key`, '-subj', `/C=CN/O=示范/CN=${who}`, '-utf8', `-${digest}`, ...sm2, '-out', `${who}.csr`);
      openssl('x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', `-${digest}`, ...sm2, ...vsm2,
        '-extfile', 'ca.cnf', '-extensions', 'v3_leaf', '-days', '10', '-out', `${who}.pem`);
    }
    openssl('ca', '-config', 'ca.cnf', '-keyfile', 'ca.key', '-cert', 'ca.pem', '-revoke', 'bob.pem', '-md', digest);
    openssl('ca', '-config', 'ca.cnf', '-keyfile', 'ca.key', '-cert', 'ca.pem', '-gencrl', '-md', digest, ...sm2, '-out', 'crl.pem');
    const pem = (file: string) => readPemBlocks(readFileSync(path.join(dir, file), 'utf8'))[0]!.der;
    return { root: pem('ca.pem'), crl: pem('crl.pem'), alice: pem('alice.pem'), bob: pem('bob.pem'), aliceKey: pem('alice.key') };
  }

  test.each([['ec-p256', 'prime256v1', 'sha256'], ['sm2', 'SM2', 'sm3']] as const)('%s: an openssl CA, its certificates, its CRL and an openssl signature verify', (algorithm, curve, digest) => {
    const made = opensslCa(curve, digest);
    const now = new Date();
    const store: TrustedCa[] = [{ id: 'openssl', root: parseCertificate(made.root), intermediates: [], crls: [parseCrl(made.crl)] }];
    const verified = verifySignInCertificate(made.alice, store, now);
    expect(verified.certificate.publicKey?.algorithm).toBe(algorithm);
    expect(verified.certificate.subject.attributes.O).toBe('示范');
    expect(refusal(() => verifySignInCertificate(made.bob, store, now))).toBe('CERT_REVOKED');

    // a challenge signed by openssl with alice's key
    writeFileSync(path.join(dir, 'challenge.txt'), TEXT);
    const sm2 = curve === 'SM2' ? ['-pkeyopt', 'distid:1234567812345678'] : [];
    openssl('pkeyutl', '-sign', '-rawin', '-digest', digest, '-inkey', 'alice.key', ...sm2, '-in', 'challenge.txt', '-out', 'challenge.sig');
    const signature = readFileSync(path.join(dir, 'challenge.sig'));
    expect(refusal(() => verifyChallengeSignature(verified.certificate, TEXT, signature))).toBe('accepted');
    expect(refusal(() => verifyChallengeSignature(verified.certificate, `${TEXT} `, signature))).toBe('CHALLENGE_SIGNATURE_INVALID');

    // and the other way: openssl verifies a signature made here with the key openssl generated
    const ours = signData(readPrivateKeyInfo(made.aliceKey), Buffer.from(TEXT));
    writeFileSync(path.join(dir, 'ours.sig'), ours);
    openssl('x509', '-in', 'alice.pem', '-pubkey', '-noout', '-out', 'alice.pub');
    const out = openssl('pkeyutl', '-verify', '-rawin', '-digest', digest, '-pubin', '-inkey', 'alice.pub', ...sm2, '-in', 'challenge.txt', '-sigfile', 'ours.sig').toString();
    expect(out).toMatch(/Signature Verified Successfully/);
  });

  test.each(['ec-p256', 'sm2'] as const)('%s: openssl accepts a certificate chain and CRL issued here', (algorithm) => {
    const now = new Date();
    const ca = createAuthority({ id: 'ours', algorithm, commonName: '示范根CA', organization: '示范', now });
    const leaf = issuePartyCertificate(ca, { organization: '示范公司', commonName: '王五', creditCode: '91990100MA0000001X', notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + DAY) });
    const crl = authorityCrl(ca, { thisUpdate: new Date(now.getTime() - 60_000), nextUpdate: new Date(now.getTime() + DAY), revoked: [], crlNumber: 1 });
    const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
    writeFileSync(path.join(dir, 'our-ca.pem'), pem('CERTIFICATE', ca.certificate));
    writeFileSync(path.join(dir, 'our-leaf.pem'), pem('CERTIFICATE', leaf.certificate));
    writeFileSync(path.join(dir, 'our-crl.pem'), pem('X509 CRL', crl));
    const sm2 = algorithm === 'sm2' ? ['-vfyopt', 'distid:1234567812345678'] : [];
    // OpenSSL 3.0 checks an SM2 CRL's signature without the distinguishing identifier (-vfyopt reaches certificates
    // only), so it cannot check a GM/T 0009 CRL; the SM2 CRL is cross-checked the other way above (openssl's verifies here)
    const crlCheck = algorithm === 'sm2' ? [] : ['-crl_check', '-CRLfile', 'our-crl.pem'];
    const out = openssl('verify', ...crlCheck, '-CAfile', 'our-ca.pem', ...sm2, 'our-leaf.pem').toString();
    expect(out).toMatch(/our-leaf.pem: OK/);
    // tampered: openssl refuses it too
    const tampered = Buffer.from(leaf.certificate);
    tampered[tampered.length - 5]! ^= 0x40;
    writeFileSync(path.join(dir, 'bad-leaf.pem'), pem('CERTIFICATE', tampered));
    expect(() => openssl('verify', '-CAfile', 'our-ca.pem', ...sm2, 'bad-leaf.pem')).toThrow();
  });
});
