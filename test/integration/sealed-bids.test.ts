// Bids sealed by the bidders (双重加密) through the api, and their opening in the hall: three demo bidders (SM2 and
// P-256 certificates) sign in, register, fetch the section's opening key, seal and sign their bids with the same code
// the browser uses, and upload them; until the opening no price is anywhere in the database. At the deadline the
// platform removes its seal; two bidders open their shares in "their browsers" and hand them over — their bids are read
// out — and the third does not: the opening record rejects it (not decrypted).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { User, type Db } from '@ggzy/db';
import {
  DEMO_PARTIES, envelopeSigningText, loadTrustStore, openBidderShare, parseCertificate, privateKeyInfo, readPemBlocks, readPrivateKeyInfo, registerForSection,
  sealBid, seedDemoParties, signData, type PartyActor, type SealedBidEnvelope, type ShareKey, type SigningKey,
} from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { accept } from '../support/deal-fixtures';
import { DEAL, dumpDatabase, runTask } from '../support/activities';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { certificateSignIn, readKeyFile } from '../support/parties';

const SECTION = `${DEAL}-01`;
const base = `/api/party/deals/${DEAL}/sections/${SECTION}`;
const PRICES = [912_345_678, 934_567_890, 956_789_012];

interface Bidder { file: string; token: string; actor: PartyActor; key: SigningKey; certificate: ReturnType<typeof parseCertificate> }

function shareKey(key: SigningKey): ShareKey {
  return key.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', pkcs8: privateKeyInfo(key) } : { algorithm: 'sm2', d: Buffer.from(key.d, 'hex') };
}

describe.each(DATABASES)('bids sealed by the bidders on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  let platform: RunningPlatform;
  let dataDir: string;
  const bidders: Bidder[] = [];
  const as = (b: Bidder, method: string, p: string, body?: unknown) => call(platform.baseUrl, method, p, { token: b.token, body });

  async function sealFor(b: Bidder, priceFen: number, overrides: Partial<{ sectionCode: string; bidder: string; platformKey: Buffer }> = {}) {
    const keyAnswer = await as(b, 'GET', `${base}/sealing-key`);
    expect(keyAnswer.status).toBe(200);
    const pk = b.certificate.publicKey!;
    const envelope = await sealBid({
      content: { priceFen, durationDays: 365, commitments: ['质量合格'], documents: [{ name: '投标文件.pdf', sha256: 'cd'.repeat(32), sizeBytes: 1024 }] },
      sectionCode: overrides.sectionCode ?? SECTION, bidder: overrides.bidder ?? b.actor.creditCode,
      platformKey: overrides.platformKey ?? Buffer.from(keyAnswer.body.publicKey, 'base64'),
      bidderKey: pk.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', spki: pk.spki, certificateFingerprint: b.certificate.fingerprint } : { algorithm: 'sm2', point: pk.point, certificateFingerprint: b.certificate.fingerprint },
    });
    return { envelope, signature: signData(b.key, Buffer.from(envelopeSigningText(envelope), 'utf8')).toString('base64') };
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-sealed-'));
    await seedDemoParties(db, dataDir);
    platform = await startPlatform(db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust'), { recheckMs: 0 }) });
    const now = new Date();
    await runTask(db, accept, { now: () => now });
    await runTask(db, {
      type: 'notices.publish', nodeId: 'publishTender', variables: { openingAt: new Date(now.getTime() + 3_600_000).toISOString() },
      input: { noticeType: 'tender', title: '东湖市第一中学教学楼新建工程招标公告', body: '招标公告正文' },
    }, { now: () => now });
    await runTask(db, { type: 'bids.openBidding', nodeId: 'openBidding', input: {} }, { now: () => now });
    // three bidders, two on the SM2 CA and one on the P-256 CA
    for (const file of ['bidder-dhjg-sm2.pem', 'bidder-xslq-ecdsa.pem', 'bidder-sfzn-sm2.pem']) {
      expect(DEMO_PARTIES.some((p) => p.file === file)).toBe(true);
      const keyPath = path.join(dataDir, 'pki', 'keys', file);
      const signedIn = await certificateSignIn(platform.baseUrl, readKeyFile(keyPath));
      expect(signedIn.status).toBe(200);
      const blocks = readPemBlocks(readFileSync(keyPath, 'utf8'));
      const user = (await User.query(db).findById(signedIn.body.user.userId))!;
      const party = signedIn.body.user.party;
      const actor: PartyActor = { userId: user.id, username: user.username, subjectId: party.subjectId, creditCode: party.creditCode, subjectName: party.subjectName, personId: party.personId, personName: party.personName };
      bidders.push({
        file, token: signedIn.body.token, actor, key: readPrivateKeyInfo(blocks.find((x) => x.label === 'PRIVATE KEY')!.der),
        certificate: parseCertificate(blocks.find((x) => x.label === 'CERTIFICATE')!.der),
      });
    }
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('sealed, signed, uploaded; refused when not registered, not signed by the bidder, or not for this section and key', async () => {
    const [b1, b2, b3] = bidders as [Bidder, Bidder, Bidder];
    const early = await as(b1, 'GET', `${base}/sealing-key`);
    expect([early.status, early.body.error.code]).toEqual([404, 'NOT_FOUND']); // the key is for registered bidders only
    for (const b of bidders) await registerForSection(db, { dealCode: DEAL, sectionCode: SECTION, actor: b.actor, now: new Date() });

    const first = await sealFor(b1, 900_000_000);
    const answer = await as(b1, 'POST', `${base}/bids`, { ...first, deviceId: 'device-of-bidder-one' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ sectionCode: SECTION, version: 1, receipt: { kind: 'bid' } });
    // the same envelope again is the same submission; a new one replaces it as version 2
    expect((await as(b1, 'POST', `${base}/bids`, { ...first, deviceId: 'device-of-bidder-one' })).body.version).toBe(1);
    const replaced = await as(b1, 'POST', `${base}/bids`, { ...(await sealFor(b1, PRICES[0]!)), deviceId: 'device-of-bidder-one' });
    expect(replaced.body.version).toBe(2);

    const forged = await sealFor(b2, PRICES[1]!);
    const refusals: Array<[Bidder, unknown, number, string]> = [
      [b2, { ...forged, signature: first.signature }, 422, 'BID_SIGNATURE_INVALID'],
      [b2, await sealFor(b2, PRICES[1]!, { bidder: b1.actor.creditCode }), 422, 'ENVELOPE_REFUSED'],
      [b2, await sealFor(b2, PRICES[1]!, { sectionCode: `${DEAL}-02` }), 422, 'ENVELOPE_REFUSED'],
      [b2, await sealFor(b2, PRICES[1]!, { platformKey: generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }) }), 422, 'ENVELOPE_REFUSED'],
      [b2, { envelope: { ...forged.envelope, format: 'other' }, signature: forged.signature }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [b, body, status, code] of refusals) {
      const res = await as(b, 'POST', `${base}/bids`, body);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
    }
    expect((await as(b2, 'POST', `${base}/bids`, { ...forged, deviceId: 'device-of-bidder-two' })).status).toBe(201);
    expect((await as(b3, 'POST', `${base}/bids`, { ...(await sealFor(b3, PRICES[2]!)), deviceId: 'device-of-bidder-three' })).status).toBe(201);

    // nothing of any price is in the database before the opening
    const dump = JSON.stringify(await dumpDatabase(db));
    for (const price of [...PRICES, 900_000_000]) expect(dump).not.toContain(String(price));
    const submitted = await db('supervision_events').where('kind', 'bid.submitted').orderBy('seq');
    expect(submitted.map((e: { payload: string }) => JSON.parse(e.payload).toolFingerprint.deviceId)).toEqual(['device-of-bidder-one', 'device-of-bidder-one', 'device-of-bidder-two', 'device-of-bidder-three']);
  });

  test('the opening: the platform\'s seal removed at the deadline, two bidders decrypt in the hall, the third is rejected', async () => {
    const [b1, b2, b3] = bidders as [Bidder, Bidder, Bidder];
    expect((await as(b1, 'GET', `${base}/opening`)).body).toMatchObject({ status: 'before_opening', myEnvelope: null, readOut: [] });
    // the deadline passes
    const deadline = new Date(Date.now() - 60_000);
    await db('deals').where('deal_code', DEAL).update({ bid_deadline_at: deadline.toISOString() });
    const late = await as(b1, 'GET', `${base}/sealing-key`);
    expect([late.status, late.body.error.code]).toEqual([409, 'BIDDING_CLOSED']);
    const opened = await runTask(db, { type: 'bids.open', nodeId: 'openBids', input: { sectionCode: SECTION, deadline: deadline.toISOString(), decryptMinutes: 30 } }, { now: () => new Date() });
    expect(opened.variables).toEqual({ decryptUntil: expect.any(String) });
    expect(JSON.stringify(opened)).not.toContain(String(PRICES[0]));

    const open = async (b: Bidder) => {
      const hall = await as(b, 'GET', `${base}/opening`);
      expect(hall.body.status).toBe('decrypting');
      const envelope = hall.body.myEnvelope as SealedBidEnvelope;
      const share = await openBidderShare(envelope, shareKey(b.key), b.certificate.publicKey!.spki);
      return Buffer.from(share).toString('base64');
    };
    // a wrong share does not open it (and may be corrected within the window)
    const wrong = await as(b1, 'POST', `${base}/opening/decryption`, { share: Buffer.alloc(32, 7).toString('base64') });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'SHARE_DOES_NOT_OPEN']);
    const first = await as(b1, 'POST', `${base}/opening/decryption`, { share: await open(b1) });
    expect(first.body.readOut.map((r: { priceFen: number }) => r.priceFen)).toEqual([PRICES[0]]);
    const second = await as(b2, 'POST', `${base}/opening/decryption`, { share: await open(b2) });
    expect(second.body.readOut.map((r: { bidder: string; priceFen: number }) => [r.bidder, r.priceFen])).toEqual([[b1.actor.creditCode, PRICES[0]], [b2.actor.creditCode, PRICES[1]]]);
    // b3 never hands its share over: before the window ends the opening cannot be closed, after it b3 is rejected
    const early = await runTask(db, { type: 'bids.finalizeOpening', nodeId: 'finalize', input: { sectionCode: SECTION } }, { now: () => new Date() }).catch((e: unknown) => e);
    expect(String((early as Error).message ?? early)).toContain('DECRYPTION_WINDOW_OPEN');
    const finalized = await runTask(db, { type: 'bids.finalizeOpening', nodeId: 'finalize', key: 'wf-test:finalize#2', input: { sectionCode: SECTION } }, { now: () => new Date(Date.now() + 31 * 60_000) });
    expect(finalized.variables).toMatchObject({ validBidCount: 2, openedBids: [expect.objectContaining({ priceFen: PRICES[0] }), expect.objectContaining({ priceFen: PRICES[1] })] });
    expect((finalized.result as { invalid: unknown[] }).invalid).toEqual([expect.objectContaining({ creditCode: b3.actor.creditCode, reason: 'not_decrypted' })]);
    const lines = await db('bid_opening_lines').orderBy('line_no');
    expect(lines.map((l: { price_fen: unknown; invalid_reason: string | null }) => [l.price_fen === null ? null : Number(l.price_fen), l.invalid_reason]))
      .toEqual([[PRICES[0], null], [PRICES[1], null], [null, 'not_decrypted']]);
    expect(JSON.stringify(await dumpDatabase(db))).not.toContain(String(PRICES[2])); // never opened, never known

    // the hall as the supervisor watches it, and as the third bidder sees it: closed, two read out, the third rejected
    const watched = await call(platform.baseUrl, 'GET', `/api/opening-halls/${DEAL}/${SECTION}`, { token: await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD) });
    expect(watched.status).toBe(200);
    expect(watched.body).toMatchObject({ status: 'complete', bidCount: 3, rejected: [{ bidder: b3.actor.creditCode, reason: 'not_decrypted' }] });
    expect(watched.body.readOut.map((r: { priceFen: number }) => r.priceFen)).toEqual([PRICES[0], PRICES[1]]);
    expect(watched.body).not.toHaveProperty('myEnvelope');
    const third = await as(b3, 'GET', `${base}/opening`);
    expect(third.body).toMatchObject({ status: 'complete', decrypted: false, mySubmission: { version: 1 }, rejected: [{ bidder: b3.actor.creditCode }] });
  });
});
