// The 不见面开标 hall through the api, on SQLite and PostgreSQL: three demo bidders (SM2 and P-256) bid; before the
// opening they sign in to the hall (签到) by signing a challenge bound to the opening — refused, on the trail, with a
// wrong signature, a used or another bidder's challenge, a revoked, an expired or another company's certificate; who
// signed in is shown by name only to those who may see it. At the opening two bidders decrypt; objections (异议) are
// raised and answered in the hall (by the agency, and by the centre's staff); the opening record (开标记录) is made
// once the opening is closed and every objection answered — its canonical JSON and HTML in the object store, documents
// of the deal, their hashes on the trail — and two bidders confirm it by signing its SHA-256.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@ggzy/db';
import {
  envelopeSigningText, loadTrustStore, openBidderShare, parseCertificate, privateKeyInfo, readPemBlocks, readPrivateKeyInfo, recordConfirmationText,
  sealBid, seedDemoParties, signData, type OpeningRecordDocument, type SealedBidEnvelope, type SigningKey,
} from '@ggzy/domain';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '@ggzy/process';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { runTask } from '../support/activities';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { certificateSignIn, readKeyFile, type KeyFile } from '../support/parties';
import { openPartyDeal } from '../support/party-deals';

const DEAL = '990100-2026-JS-00091';
const SECTION = `${DEAL}-01`;
const base = `/api/party/deals/${DEAL}/sections/${SECTION}`;
const PRICES = [812_345_678, 834_567_890, 856_789_012];
const FILES = ['bidder-dhjg-sm2.pem', 'bidder-xslq-ecdsa.pem', 'bidder-sfzn-sm2.pem'];

interface Party { token: string; keyFile: KeyFile; key: SigningKey; certificate: ReturnType<typeof parseCertificate>; creditCode: string; name: string }

describe.each(DATABASES)('the opening hall: sign-in, objections, the record and its confirmations, on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  let platform: RunningPlatform;
  let dataDir: string;
  const bidders: Party[] = [];
  let agency: Party;
  let supervisor: string;
  let staff: string;
  const keyPath = (file: string) => path.join(dataDir, 'pki', 'keys', file);
  const as = (p: Party | string, method: string, url: string, body?: unknown) => call(platform.baseUrl, method, url, { token: typeof p === 'string' ? p : p.token, body });

  async function signInParty(file: string): Promise<Party> {
    const keyFile = readKeyFile(keyPath(file));
    const signedIn = await certificateSignIn(platform.baseUrl, keyFile);
    expect(signedIn.status).toBe(200);
    const blocks = readPemBlocks(readFileSync(keyPath(file), 'utf8'));
    return {
      token: signedIn.body.token, keyFile, key: readPrivateKeyInfo(blocks.find((x) => x.label === 'PRIVATE KEY')!.der),
      certificate: parseCertificate(blocks.find((x) => x.label === 'CERTIFICATE')!.der), creditCode: signedIn.body.user.party.creditCode, name: signedIn.body.user.party.subjectName,
    };
  }

  async function submitBid(b: Party, priceFen: number) {
    const key = await as(b, 'GET', `${base}/sealing-key`);
    const pk = b.certificate.publicKey!;
    const envelope = await sealBid({
      content: { priceFen, durationDays: 300, commitments: ['质量合格'], documents: [] }, sectionCode: SECTION, bidder: b.creditCode, platformKey: Buffer.from(key.body.publicKey, 'base64'),
      bidderKey: pk.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', spki: pk.spki, certificateFingerprint: b.certificate.fingerprint } : { algorithm: 'sm2', point: pk.point, certificateFingerprint: b.certificate.fingerprint },
    });
    const res = await as(b, 'POST', `${base}/bids`, { envelope, signature: signData(b.key, Buffer.from(envelopeSigningText(envelope), 'utf8')).toString('base64') });
    expect(res.status).toBe(201);
  }

  /** Asks for a hall challenge and answers it; `tamper` changes what is signed with or sent. */
  async function hallSignIn(b: Party, tamper: { keyFile?: KeyFile; text?: string; challengeId?: string } = {}) {
    const c = await as(b, 'POST', `${base}/opening/sign-in/challenge`);
    expect(c.status).toBe(200);
    const keyFile = tamper.keyFile ?? b.keyFile;
    const res = await as(b, 'POST', `${base}/opening/sign-in`, { challengeId: tamper.challengeId ?? c.body.challengeId, certificate: keyFile.certificatePem, signature: keyFile.sign(tamper.text ?? c.body.text) });
    return { challenge: c.body as { challengeId: string; text: string }, res };
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-hall-'));
    await seedDemoParties(db, dataDir);
    platform = await startPlatform(db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust'), { recheckMs: 0 }) });
    await openPartyDeal(db, { dealCode: DEAL, deadline: new Date(Date.now() + 3_600_000), title: '东湖市第五中学风雨操场工程' });
    for (const file of FILES) bidders.push(await signInParty(file));
    agency = await signInParty('agency-sfdl-sm2.pem');
    supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    for (const b of bidders) expect((await as(b, 'POST', `${base}/registration`)).status).toBe(201);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('签到: a challenge bound to the opening, signed with a certificate of the bidder; every refusal on the trail; names shown only to whom they may be', async () => {
    const [b1, b2] = bidders as [Party, Party, Party];
    const early = await as(b1, 'POST', `${base}/opening/sign-in/challenge`);
    expect([early.status, early.body.error.code]).toEqual([409, 'HALL_SIGN_IN_NEEDS_BID']);
    for (const [i, b] of bidders.entries()) await submitBid(b, PRICES[i]!);

    const first = await hallSignIn(b1);
    expect(first.res.status).toBe(200);
    expect(first.challenge.text).toContain(`section: ${SECTION}`);
    expect(first.challenge.text).toContain(`bidder: ${b1.creditCode}`);
    expect(first.challenge.text).toContain(`origin: ${platform.baseUrl}`);
    expect((await hallSignIn(b1)).res.body.signedInAt).toBe(first.res.body.signedInAt); // signed in once

    const refusals: Array<[string, Awaited<ReturnType<typeof hallSignIn>>['res'], number]> = [];
    refusals.push(['CHALLENGE_SIGNATURE_INVALID', (await hallSignIn(b2, { text: 'something else' })).res, 401]);
    const taken = await hallSignIn(b2, { text: 'once more something else' });
    refusals.push(['CHALLENGE_USED', await as(b2, 'POST', `${base}/opening/sign-in`, { challengeId: taken.challenge.challengeId, certificate: b2.keyFile.certificatePem, signature: b2.keyFile.sign(taken.challenge.text) }), 401]);
    const othersChallenge = (await as(b1, 'POST', `${base}/opening/sign-in/challenge`)).body as { challengeId: string; text: string };
    refusals.push(['CHALLENGE_UNKNOWN', await as(b2, 'POST', `${base}/opening/sign-in`, { challengeId: othersChallenge.challengeId, certificate: b2.keyFile.certificatePem, signature: b2.keyFile.sign(othersChallenge.text) }), 401]);
    refusals.push(['CERT_EXPIRED', (await hallSignIn(b2, { keyFile: readKeyFile(keyPath('expired-xslq-ecdsa.pem')) })).res, 401]);
    refusals.push(['CERT_NOT_BOUND', (await hallSignIn(b2, { keyFile: readKeyFile(keyPath('bidder-sfzn-ecdsa.pem')) })).res, 401]);
    refusals.push(['CERT_REVOKED', (await hallSignIn(b1, { keyFile: readKeyFile(keyPath('revoked-dhjg-ecdsa.pem')) })).res, 401]);
    for (const [code, res, status] of refusals) expect([code, res.status, res.body.error?.code]).toEqual([code, status, code]);
    expect((await hallSignIn(b2)).res.status).toBe(200);

    const trail = await db('supervision_events').where('deal_code', DEAL).whereIn('kind', ['opening.signed_in', 'opening.sign_in_refused']).orderBy('seq');
    expect(trail.filter((e: { kind: string }) => e.kind === 'opening.signed_in').map((e: { payload: string }) => JSON.parse(e.payload).bidder)).toEqual([b1.creditCode, b2.creditCode]);
    expect(trail.filter((e: { kind: string }) => e.kind === 'opening.sign_in_refused').map((e: { payload: string }) => JSON.parse(e.payload).code).sort())
      .toEqual([...refusals.map(([code]) => code), 'CHALLENGE_SIGNATURE_INVALID' /* the used challenge's first, wrong, answer */].sort());

    // before the opening: the bidder knows it signed in, the hosts and staff how many, the supervisors who
    const mine = (await as(b1, 'GET', `${base}/opening`)).body;
    expect(mine.signIns).toEqual({ count: null, bidders: null, mine: first.res.body.signedInAt });
    expect((await as(agency, 'GET', `${base}/opening`)).body).toMatchObject({ as: 'agency', signIns: { count: 2, bidders: null } });
    expect((await as(staff, 'GET', `/api/opening-halls/${DEAL}/${SECTION}`)).body.signIns).toEqual({ count: 2, bidders: null });
    const watched = (await as(supervisor, 'GET', `/api/opening-halls/${DEAL}/${SECTION}`)).body;
    expect(watched.signIns.bidders.map((s: { name: string }) => s.name)).toEqual([b1.name, b2.name]);
    const objection = await as(b1, 'POST', `${base}/opening/objections`, { requestId: 'objection-before-0001', text: '开标前的异议' });
    expect([objection.status, objection.body.error.code]).toEqual([409, 'OPENING_NOT_STARTED']);
  });

  test('the opening: objections answered in the hall; the record made once closed and answered, stored by SHA-256 and confirmed by signatures', async () => {
    const [b1, b2, b3] = bidders as [Party, Party, Party];
    const deadline = new Date(Date.now() - 60_000);
    await db('deals').where('deal_code', DEAL).update({ bid_deadline_at: deadline.toISOString() });
    await runTask(db, { type: 'bids.open', nodeId: 'openBids', workflowId: `wf-${DEAL}`, dealCode: DEAL, input: { sectionCode: SECTION, deadline: deadline.toISOString(), decryptMinutes: 30 } }, { now: () => new Date() });
    const late = await as(b3, 'POST', `${base}/opening/sign-in/challenge`);
    expect([late.status, late.body.error.code]).toEqual([409, 'HALL_SIGN_IN_CLOSED']);
    for (const b of [b1, b2]) {
      const hall = (await as(b, 'GET', `${base}/opening`)).body;
      const share = await openBidderShare(hall.myEnvelope as SealedBidEnvelope, b.key.algorithm === 'ec-p256' ? { algorithm: 'ec-p256', pkcs8: privateKeyInfo(b.key) } : { algorithm: 'sm2', d: Buffer.from(b.key.d, 'hex') }, b.certificate.publicKey!.spki);
      expect((await as(b, 'POST', `${base}/opening/decryption`, { share: Buffer.from(share).toString('base64') })).status).toBe(200);
    }
    // once begun, every bidder sees how many signed in, the host sees who
    expect((await as(b3, 'GET', `${base}/opening`)).body.signIns).toEqual({ count: 2, bidders: null, mine: null });
    expect((await as(agency, 'GET', `${base}/opening`)).body.signIns.bidders.map((s: { bidder: string }) => s.bidder)).toEqual([b1.creditCode, b2.creditCode]);

    const raised = await as(b3, 'POST', `${base}/opening/objections`, { requestId: 'objection-b3-0001', text: '我方解密客户端故障，请求延长解密时间' });
    expect(raised.status).toBe(201);
    expect((await as(b3, 'POST', `${base}/opening/objections`, { requestId: 'objection-b3-0001', text: '我方解密客户端故障，请求延长解密时间' })).body.id).toBe(raised.body.id);
    const byBidder = await as(b1, 'POST', `${base}/opening/objections/${raised.body.id}/answer`, { answer: '不是你答' });
    expect([byBidder.status, byBidder.body.error.code]).toEqual([403, 'NOT_ORGANISER']);
    const answered = await as(agency, 'POST', `${base}/opening/objections/${raised.body.id}/answer`, { answer: '解密时间按招标文件规定执行，不予延长。' });
    expect(answered.body).toMatchObject({ answer: '解密时间按招标文件规定执行，不予延长。', answeredByRole: 'agency' });
    expect((await as(agency, 'POST', `${base}/opening/objections/${raised.body.id}/answer`, { answer: '再答' })).body.error.code).toBe('OBJECTION_ALREADY_ANSWERED');
    const second = await as(b2, 'POST', `${base}/opening/objections`, { requestId: 'objection-b2-0001', text: '第一名的工期是否满足要求？' });
    expect(second.status).toBe(201);
    const tooEarly = await as(agency, 'POST', `${base}/opening/record`, { requestId: 'record-0000001' });
    expect([tooEarly.status, tooEarly.body.error.code]).toEqual([409, 'OPENING_NOT_CLOSED']);

    await runTask(db, { type: 'bids.finalizeOpening', nodeId: 'finalize', workflowId: `wf-${DEAL}`, dealCode: DEAL, input: { sectionCode: SECTION } }, { now: () => new Date(Date.now() + 31 * 60_000) });
    const unanswered = await as(agency, 'POST', `${base}/opening/record`, { requestId: 'record-0000002' });
    expect([unanswered.status, unanswered.body.error.code]).toEqual([409, 'OBJECTIONS_UNANSWERED']);
    // the agency is away: the centre's staff answer
    const byStaff = await as(staff, 'POST', `/api/opening-halls/${DEAL}/${SECTION}/objections/${second.body.id}/answer`, { answer: '工期满足招标文件要求，由评标委员会评审。' });
    expect(byStaff.body).toMatchObject({ answeredByRole: 'staff' });

    const made = await as(agency, 'POST', `${base}/opening/record`, { requestId: 'record-0000003' });
    expect(made.status).toBe(201);
    expect((await as(staff, 'POST', `/api/opening-halls/${DEAL}/${SECTION}/record`, { requestId: 'record-0000004' })).body).toEqual(made.body); // made once
    const closed = await as(b3, 'POST', `${base}/opening/objections`, { requestId: 'objection-b3-0002', text: '记录之后的异议' });
    expect([closed.status, closed.body.error.code]).toEqual([409, 'OPENING_RECORD_CLOSED']);

    // the record: the bytes named by its SHA-256, the prices of the bids opened, the third rejected, both objections answered
    const json = await fetch(`${platform.baseUrl}${base}/opening/record?format=json`, { headers: { authorization: `Bearer ${b3.token}` } });
    const bytes = Buffer.from(await json.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(made.body.recordSha256);
    const record = JSON.parse(bytes.toString('utf8')) as OpeningRecordDocument;
    expect(canonicalJson(record)).toBe(bytes.toString('utf8'));
    expect(record.bids.map((b) => [b.bidder, b.status, b.priceFen, b.rejectedBecause])).toEqual([
      [b1.creditCode, 'opened', PRICES[0], null], [b2.creditCode, 'opened', PRICES[1], null], [b3.creditCode, 'rejected', null, 'not_decrypted'],
    ]);
    expect(record.objections.map((o) => [o.bidder, o.answeredBy.role])).toEqual([[b3.creditCode, 'agency'], [b2.creditCode, 'staff']]);
    expect(record.signIns.map((s) => s.bidder)).toEqual([b1.creditCode, b2.creditCode]);
    expect(record.issuedBy.role).toBe('agency');
    const html = await fetch(`${platform.baseUrl}/api/opening-halls/${DEAL}/${SECTION}/record?format=html`, { headers: { authorization: `Bearer ${supervisor}` } });
    const page = Buffer.from(await html.arrayBuffer());
    expect(createHash('sha256').update(page).digest('hex')).toBe(made.body.htmlSha256);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.toString('utf8')).toContain('¥8,123,456.78');
    expect(page.toString('utf8')).toContain(made.body.recordSha256);
    expect(page.toString('utf8')).not.toContain('8,567,890.12');
    // both are documents of the deal (the archive seals them), their bytes in the object store only
    const files = await db('documents').where({ deal_code: DEAL }).whereIn('kind', ['opening_record', 'opening_record_html']).orderBy('id');
    expect(files.map((f: { kind: string; sha256: string; content: unknown }) => [f.kind, f.sha256, f.content])).toEqual([['opening_record', made.body.recordSha256, null], ['opening_record_html', made.body.htmlSha256, null]]);
    const issued = await db('supervision_events').where({ deal_code: DEAL, kind: 'opening.record_issued' }).first();
    expect(JSON.parse(issued.payload)).toMatchObject({ recordSha256: made.body.recordSha256, htmlSha256: made.body.htmlSha256 });

    // confirmations: the record's SHA-256 signed with each bidder's certificate
    const confirm = (b: Party, tamper: { sha?: string; text?: string } = {}) => {
      const recordSha256 = tamper.sha ?? made.body.recordSha256;
      return as(b, 'POST', `${base}/opening/record/confirmation`, {
        recordSha256, certificate: b.keyFile.certificatePem, signature: b.keyFile.sign(tamper.text ?? recordConfirmationText({ dealCode: DEAL, sectionCode: SECTION, bidder: b.creditCode, recordSha256 })),
      });
    };
    expect((await confirm(b1, { sha: 'ab'.repeat(32) })).body.error.code).toBe('RECORD_HASH_MISMATCH');
    expect((await confirm(b1, { text: recordConfirmationText({ dealCode: DEAL, sectionCode: SECTION, bidder: b2.creditCode, recordSha256: made.body.recordSha256 }) })).body.error.code).toBe('CHALLENGE_SIGNATURE_INVALID');
    expect((await confirm(b1)).status).toBe(200);
    expect((await confirm(b2)).status).toBe(200);
    const hall = (await as(b3, 'GET', `${base}/opening`)).body;
    expect(hall).toMatchObject({ stage: 'recorded', record: { recordSha256: made.body.recordSha256 }, objectionsOpen: false });
    expect(hall.record.confirmations.map((c: { bidder: string }) => c.bidder)).toEqual([b1.creditCode, b2.creditCode]);
    expect(await db('supervision_events').where({ deal_code: DEAL, kind: 'opening.record_confirmed' }).count('* as n').first()).toEqual({ n: expect.anything() });
    expect(Number((await db('supervision_events').where({ deal_code: DEAL, kind: 'opening.record_confirmed' }).count('* as n').first())!.n)).toBe(2);
  });
});
