// Certificate sign-in through the api on both databases: the demo PKI of `npm start` (two CAs, P-256 and SM2) made
// into a temporary data directory, parties signing in with their key files, and every refusal — with its code, its
// HTTP status and its event on the supervision trail (which never holds the nonce or the signature).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignInChallenge, SupervisionEvent } from '@ggzy/db';
import {
  authorityCrl, createAuthority, issuePartyCertificate, keyFile, loadTrustStore, parseCertificate, readPemBlocks, readPrivateKeyInfo,
  seedDemoParties, writePem, DEMO_PARTIES, type Authority,
} from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, startPlatform, type RunningPlatform } from '../support/platform';
import { certificateSignIn, challenge, readKeyFile, type KeyFile } from '../support/parties';

const DAY = 86_400_000;

describe.each(DATABASES)('certificate sign-in (%s)', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let dataDir: string;
  let keys: Record<string, KeyFile>;
  const keyPath = (file: string) => path.join(dataDir, 'pki', 'keys', file);

  function demoAuthority(id: 'demo-ecdsa' | 'demo-sm2'): Authority {
    const certificate = readPemBlocks(readFileSync(path.join(dataDir, 'pki', 'trust', id, 'ca.pem'), 'utf8'))[0]!.der;
    const key = readPrivateKeyInfo(readPemBlocks(readFileSync(path.join(dataDir, 'pki', 'ca-keys', `${id}.pem`), 'utf8'))[0]!.der);
    return { id, algorithm: key.algorithm, name: parseCertificate(certificate).subject.raw, key, certificate };
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-pki-'));
    const seeded = await seedDemoParties(database.db, dataDir);
    expect(seeded).toMatchObject({ created: true, bound: DEMO_PARTIES.length });
    keys = Object.fromEntries(DEMO_PARTIES.map((p) => [p.file, readKeyFile(keyPath(p.file))]));
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust'), { recheckMs: 0 }) });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function refusedEvents(): Promise<Array<{ code: string; fingerprint: string | null; issuer: string | null; serialNumber: string | null; clientAddress: string }>> {
    const rows = await SupervisionEvent.query(database.db).where('kind', 'auth.certificate.refused').orderBy('seq');
    return rows.map((r) => JSON.parse(r.payload as unknown as string));
  }

  test('a P-256 and an SM2 bidder sign in; the session shows who they are; the trail records it without nonce or signature', async () => {
    for (const [file, algorithm, subjectName] of [['bidder-xslq-ecdsa.pem', 'ec-p256', '西山路桥工程有限公司'], ['bidder-dhjg-sm2.pem', 'sm2', '东湖建工集团有限公司']] as const) {
      const c = await challenge(platform.baseUrl);
      expect(c.text).toContain(`nonce: ${c.nonce}`);
      expect(c.text).toContain(`origin: ${platform.baseUrl}`);
      expect(new Date(c.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(2 * 60_000);
      const signature = keys[file]!.sign(c.text);
      const res = await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body: { challengeId: c.challengeId, certificate: keys[file]!.certificatePem, signature } });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/ggzy_session=[A-Za-z0-9_-]{43}; path=\/;.*httponly/i);
      const me = await call(platform.baseUrl, 'GET', '/api/auth/me', { token: res.body.token });
      expect(me.status).toBe(200);
      const fingerprint = parseCertificate(readPemBlocks(keys[file]!.certificatePem)[0]!.der).fingerprint;
      expect(me.body).toMatchObject({
        role: 'party', visibleRegions: [],
        party: { subjectName, creditCode: expect.stringMatching(/^91990100MA0000\d{3}[0-9A-Z]$/), certificate: { fingerprint, keyAlgorithm: algorithm } },
      });
      const event = await SupervisionEvent.query(database.db).where('kind', 'auth.certificate.signed-in').where('actor', me.body.username).orderBy('seq', 'desc').first();
      const payload = JSON.parse(event!.payload as unknown as string);
      expect(payload).toMatchObject({ fingerprint, serialNumber: expect.any(String), issuer: expect.stringContaining('CN='), clientAddress: expect.any(String) });
      expect(event!.payload).not.toContain(c.nonce);
      expect(event!.payload).not.toContain(signature);
      // a party holds no permission of the centre's staff
      expect((await call(platform.baseUrl, 'GET', '/api/tasks', { token: res.body.token })).status).toBe(403);
    }
  });

  test('one person with certificates of two CAs is one user; its password login is refused', async () => {
    const sm2 = await certificateSignIn(platform.baseUrl, keys['bidder-sfzn-sm2.pem']!);
    const ecdsa = await certificateSignIn(platform.baseUrl, keys['bidder-sfzn-ecdsa.pem']!);
    expect([sm2.status, ecdsa.status]).toEqual([200, 200]);
    expect(sm2.body.user.userId).toBe(ecdsa.body.user.userId);
    expect(sm2.body.user.party.certificate.caId).toBe('demo-sm2');
    expect(ecdsa.body.user.party.certificate.caId).toBe('demo-ecdsa');
    for (const password of [DEMO_PASSWORD, 'certificate-only', '']) {
      const res = await call(platform.baseUrl, 'POST', '/api/auth/login', { body: { username: sm2.body.user.username, password: password || 'x' } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
  });

  test('each refusal answers its code and status and is on the trail', async () => {
    const expectRefusal = (res: { status: number; body: any }, status: number, code: string) => {
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
      expect(JSON.stringify(res.body)).not.toMatch(/stack|select |at .*\.ts/i);
    };
    const before = (await refusedEvents()).length;
    expectRefusal(await certificateSignIn(platform.baseUrl, keys['expired-xslq-ecdsa.pem']!), 401, 'CERT_EXPIRED');
    expectRefusal(await certificateSignIn(platform.baseUrl, keys['revoked-dhjg-ecdsa.pem']!), 401, 'CERT_REVOKED');
    expectRefusal(await certificateSignIn(platform.baseUrl, keys['revoked-sfdl-sm2.pem']!), 401, 'CERT_REVOKED');

    const now = Date.now();
    const sm2Ca = demoAuthority('demo-sm2');
    const issue = (ca: Authority, o: Partial<Parameters<typeof issuePartyCertificate>[1]> = {}) => {
      const party = issuePartyCertificate(ca, { organization: '未绑定公司', commonName: '赵六', creditCode: '91990100MA0000999X', notBefore: new Date(now - DAY), notAfter: new Date(now + DAY), ...o });
      const file = path.join(dataDir, `extra-${Math.random().toString(36).slice(2)}.pem`);
      writeFileSync(file, keyFile(party));
      return readKeyFile(file);
    };
    expectRefusal(await certificateSignIn(platform.baseUrl, issue(sm2Ca)), 401, 'CERT_NOT_BOUND');
    expectRefusal(await certificateSignIn(platform.baseUrl, issue(sm2Ca, { notBefore: new Date(now + DAY), notAfter: new Date(now + 2 * DAY) })), 401, 'CERT_NOT_YET_VALID');
    expectRefusal(await certificateSignIn(platform.baseUrl, issue(sm2Ca, { keyUsage: ['keyEncipherment'] })), 401, 'CERT_KEY_USAGE');
    const stranger = createAuthority({ id: 'stranger', algorithm: 'sm2', commonName: '陌生认证中心', organization: '陌生', now: new Date() });
    expectRefusal(await certificateSignIn(platform.baseUrl, issue(stranger)), 401, 'CERT_UNKNOWN_CA');
    // a CA with the SM2 demo CA's name but another key: the certificate claims an issuer that did not sign it
    const impostor = createAuthority({ id: 'demo-sm2', algorithm: 'sm2', commonName: '示范国密认证中心 SM2 Root CA', organization: '示范国密认证中心', now: new Date() });
    expectRefusal(await certificateSignIn(platform.baseUrl, issue(impostor)), 401, 'CERT_SIGNATURE_INVALID');
    // the signature of another key over the right text; the right key over other text
    const good = keys['bidder-dhjg-sm2.pem']!;
    const c = await challenge(platform.baseUrl);
    expectRefusal(await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body: { challengeId: c.challengeId, certificate: good.certificatePem, signature: keys['agency-sfdl-sm2.pem']!.sign(c.text) } }), 401, 'CHALLENGE_SIGNATURE_INVALID');
    expectRefusal(await certificateSignIn(platform.baseUrl, good, { signature: good.sign('公共资源交易平台证书登录 / ggzy certificate sign-in') }), 401, 'CHALLENGE_SIGNATURE_INVALID');
    // malformed input: 400
    expectRefusal(await certificateSignIn(platform.baseUrl, good, { certificate: 'A'.repeat(120) }), 400, 'CERT_MALFORMED');
    expectRefusal(await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body: { challengeId: 'x', certificate: good.certificatePem } }), 400, 'VALIDATION_FAILED');
    expectRefusal(await certificateSignIn(platform.baseUrl, good, { challengeId: 'AAAAAAAAAAAAAAAAAAAAAAAA' }), 401, 'CHALLENGE_UNKNOWN');

    const refused = (await refusedEvents()).slice(before);
    expect(refused.map((e) => e.code)).toEqual([
      'CERT_EXPIRED', 'CERT_REVOKED', 'CERT_REVOKED', 'CERT_NOT_BOUND', 'CERT_NOT_YET_VALID', 'CERT_KEY_USAGE', 'CERT_UNKNOWN_CA',
      'CERT_SIGNATURE_INVALID', 'CHALLENGE_SIGNATURE_INVALID', 'CHALLENGE_SIGNATURE_INVALID', 'CERT_MALFORMED', 'CHALLENGE_UNKNOWN',
    ]);
    const revoked = refused[1]!;
    expect(revoked).toMatchObject({ fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), issuer: expect.stringContaining('示范数字认证中心'), serialNumber: expect.stringMatching(/^[0-9a-f]+$/), clientAddress: expect.any(String) });
  });

  test('a challenge signs in once: a replay and the loser of a race are CHALLENGE_USED; an expired one CHALLENGE_EXPIRED', async () => {
    const key = keys['tenderee-dhct-ecdsa.pem']!;
    const c = await challenge(platform.baseUrl);
    const body = { challengeId: c.challengeId, certificate: key.certificatePem, signature: key.sign(c.text) };
    expect((await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body })).status).toBe(200);
    const replay = await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body });
    expect([replay.status, replay.body.error.code]).toEqual([401, 'CHALLENGE_USED']);

    for (let round = 0; round < 3; round++) {
      const r = await challenge(platform.baseUrl);
      const raced = { challengeId: r.challengeId, certificate: key.certificatePem, signature: key.sign(r.text) };
      const answers = await Promise.all([1, 2, 3].map(() => call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body: raced })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
      expect(answers.filter((a) => a.status === 401).map((a) => a.body.error.code)).toEqual(['CHALLENGE_USED', 'CHALLENGE_USED']);
    }

    const old = await challenge(platform.baseUrl);
    await SignInChallenge.query(database.db).patch({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', old.challengeId);
    const late = await call(platform.baseUrl, 'POST', '/api/auth/certificate/sign-in', { body: { challengeId: old.challengeId, certificate: key.certificatePem, signature: key.sign(old.text) } });
    expect([late.status, late.body.error.code]).toEqual([401, 'CHALLENGE_EXPIRED']);
    const codes = (await refusedEvents()).map((e) => e.code);
    expect(codes.filter((x) => x === 'CHALLENGE_USED').length).toBeGreaterThanOrEqual(7);
    expect(codes).toContain('CHALLENGE_EXPIRED');
  });

  test('a CRL past its nextUpdate is refused as CERT_CRL_STALE, and a renewed CRL is read without a restart', async () => {
    const key = keys['bidder-dhjg-sm2.pem']!;
    const crlFile = path.join(dataDir, 'pki', 'trust', 'demo-sm2', 'crl.pem');
    const current = readFileSync(crlFile, 'utf8');
    const ca = demoAuthority('demo-sm2');
    const now = Date.now();
    writeFileSync(crlFile, writePem('X509 CRL', authorityCrl(ca, { thisUpdate: new Date(now - 9 * DAY), nextUpdate: new Date(now - DAY), revoked: [], crlNumber: 7 })));
    const stale = await certificateSignIn(platform.baseUrl, key);
    expect([stale.status, stale.body.error.code]).toEqual([401, 'CERT_CRL_STALE']);
    expect((await refusedEvents()).at(-1)!.code).toBe('CERT_CRL_STALE');
    writeFileSync(crlFile, current);
    expect((await certificateSignIn(platform.baseUrl, key)).status).toBe(200);
  });
});
