// The parties' own portal through the api, on both databases: real parties signed in with the demo certificates
// (bidders on the SM2 and the P-256 CA, the tenderee, the agency), a bank posting signed deposit notifications, and a
// guarantee issuer — a local HTTP server speaking the issuer protocol of the README — that knows some guarantees, is
// asked for unknown ones and goes down. What a party may see and do follows its relation to the deal.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BANK_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback } from '@ggzy/api';
import { httpGuaranteeIssuers, loadTrustStore, receiptHash, seedDemoParties } from '@ggzy/domain';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type ApiResponse, type RunningPlatform } from '../support/platform';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { DEMO_BASIC_ACCOUNTS, DEMO_BIDDERS, openPartyDeal } from '../support/party-deals';

const DAY = 86_400_000;
const BANK_KEY = 'dhbank-test-key-0123456789abcdefghijklmnop';
const OTHER_BANK_KEY = 'xsbank-test-key-0123456789abcdefghijklmnop';
const ISSUER_TOKEN = 'issuer-token-0123456789abcdef';
const day = (offsetDays: number) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);

interface IssuedGuarantee { applicantCreditCode: string; dealCode: string; sectionCode: string; amountFen: number; validFrom: string; validUntil: string; status?: 'valid' | 'revoked' }

/** A guarantee issuer speaking the protocol: POST /guarantees/verify with its bearer token. */
function issuerServer(): Promise<{ server: Server; url: string; guarantees: Map<string, IssuedGuarantee>; down: { on: boolean }; requests: unknown[] }> {
  const guarantees = new Map<string, IssuedGuarantee>();
  const down = { on: false };
  const requests: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => {
      const reply = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (down.on) return reply(503, { error: 'maintenance' });
      if (req.method !== 'POST' || req.url !== '/guarantees/verify') return reply(405, {});
      if (req.headers.authorization !== `Bearer ${ISSUER_TOKEN}`) return reply(401, {});
      const body = JSON.parse(text) as { guaranteeNo: string };
      requests.push(body);
      const g = guarantees.get(body.guaranteeNo);
      if (!g) return reply(404, { status: 'unknown' });
      if (g.status === 'revoked') return reply(200, { status: 'revoked', guaranteeNo: body.guaranteeNo });
      const { status: _status, ...terms } = g;
      return reply(200, { ...terms, status: 'valid', guaranteeNo: body.guaranteeNo });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, guarantees, down, requests })));
}

describe.each(DATABASES)('the parties\' portal through the api (%s)', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let issuer: Awaited<ReturnType<typeof issuerServer>>;
  let dataDir: string;
  let dealCode: string;
  let s1: string;
  let s2: string;
  const tokens: Record<string, string> = {};
  const deadline = new Date(Date.now() + 30 * DAY);

  async function signIn(file: string): Promise<string> {
    const res = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', file)));
    expect(res.status).toBe(200);
    return res.body.token;
  }
  const as = (who: string, method: string, url: string, body?: unknown) => call(platform.baseUrl, method, url, { token: tokens[who], ...(body !== undefined ? { body } : {}) });

  function bank(body: Record<string, unknown>, options: { bankId?: string; key?: string; timestamp?: number; unsigned?: boolean } = {}): Promise<ApiResponse> {
    const raw = JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', [BANK_HEADER]: options.bankId ?? 'dhbank' };
    if (!options.unsigned) {
      headers[TIMESTAMP_HEADER] = String(timestamp);
      headers[SIGNATURE_HEADER] = signCallback(options.key ?? BANK_KEY, timestamp, raw);
    }
    return fetch(`${platform.baseUrl}/api/bank/deposit-notifications`, { method: 'POST', headers, body: raw })
      .then(async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }));
  }

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-party-pki-'));
    await seedDemoParties(database.db, dataDir);
    issuer = await issuerServer();
    platform = await startPlatform(database.db, {
      withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')),
      bankKeys: new Map([['dhbank', BANK_KEY], ['xsbank', OTHER_BANK_KEY]]),
      guaranteeIssuers: httpGuaranteeIssuers([
        { id: 'dhbank-bh', name: '东湖银行电子保函中心', url: issuer.url, token: ISSUER_TOKEN },
        { id: 'gone', name: '已停运的出函机构', url: 'http://127.0.0.1:9', token: ISSUER_TOKEN },
      ], { timeoutMs: 2000 }),
    });
    ({ dealCode, sections: [s1, s2] } = await openPartyDeal(database.db, { dealCode: '990100-2026-JS-00031', deadline }));
    tokens.dhjg = await signIn('bidder-dhjg-sm2.pem');
    tokens.sfzn = await signIn('bidder-sfzn-ecdsa.pem');
    tokens.xslq = await signIn('bidder-xslq-ecdsa.pem');
    tokens.tenderee = await signIn('tenderee-dhct-ecdsa.pem');
    tokens.agency = await signIn('agency-sfdl-sm2.pem');
    tokens.staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
    tokens.staff2 = await loginAs(platform.baseUrl, 'staff2', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => issuer?.server.close(resolve));
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('open deals and a deal\'s page: public to any party while open; only parties — not staff, not anonymous — use these routes', async () => {
    const open = await as('xslq', 'GET', '/api/party/open-deals');
    expect(open.status).toBe(200);
    expect(open.body.deals.map((d: { dealCode: string }) => d.dealCode)).toEqual([dealCode]);
    expect(new Date(open.body.deals[0].bidDeadline).toISOString()).toBe(deadline.toISOString());
    const page = await as('xslq', 'GET', `/api/party/deals/${dealCode}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ roles: [], openForBidding: true, documents: null, receipts: [] });
    expect((await as('agency', 'GET', `/api/party/deals/${dealCode}`)).body.roles).toEqual(['agency']);
    expect((await as('tenderee', 'GET', `/api/party/deals/${dealCode}`)).body.roles).toEqual(['tenderee']);
    expect((await as('staff', 'GET', '/api/party/open-deals')).status).toBe(403);
    expect((await call(platform.baseUrl, 'GET', '/api/party/open-deals')).status).toBe(401);
    expect((await as('xslq', 'GET', '/api/party/deals/990100-2026-JS-09999')).status).toBe(404);
    expect((await as('xslq', 'GET', '/api/party/deals/not-a-code')).body.error.code).toBe('VALIDATION_FAILED');
  });

  test('tender documents, 报名 and downloads: only the organiser publishes, only registered bidders download, each download on the trail', async () => {
    const content = Buffer.from('%PDF-1.4 东湖市第二中学体育馆新建工程 招标文件', 'utf8');
    const documents = { fileName: '招标文件.pdf', mediaType: 'application/pdf', contentBase64: content.toString('base64'), deposits: [{ sectionCode: s1, depositFen: 100_000 }, { sectionCode: s2, depositFen: 20_000 }] };
    const byBidder = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/tender-documents`, documents);
    expect([byBidder.status, byBidder.body.error.code]).toEqual([404, 'NOT_FOUND']); // no relation to the deal yet
    const overCap = await as('agency', 'POST', `/api/party/deals/${dealCode}/tender-documents`, { ...documents, deposits: [{ sectionCode: s1, depositFen: 10_000_001 }] });
    expect([overCap.status, overCap.body.error.code]).toEqual([422, 'DEPOSIT_OVER_CAP']);
    expect(overCap.body.error.message).toContain('实施条例》第二十六条');
    const published = await as('agency', 'POST', `/api/party/deals/${dealCode}/tender-documents`, documents);
    expect(published.status).toBe(201);
    const documentId = published.body.document.id;
    expect(published.body.document.sha256).toBe(createHash('sha256').update(content).digest('hex'));

    expect((await as('dhjg', 'GET', `/api/party/deals/${dealCode}/documents/${documentId}`)).status).toBe(404); // not registered: none of its business
    const registered = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/sections/${s1}/registration`);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ replayed: false, sectionCode: s1, depositRequiredFen: 100_000, depositAccountNo: expect.stringMatching(/^990100\d{11}$/) });
    expect(registered.body.receipt.sha256).toBe(receiptHash(registered.body.receipt.receipt));
    const again = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/sections/${s1}/registration`);
    expect([again.status, again.body.replayed, again.body.receipt.sha256]).toEqual([200, true, registered.body.receipt.sha256]);
    expect((await as('sfzn', 'POST', `/api/party/deals/${dealCode}/sections/${s1}/registration`)).status).toBe(201);
    expect((await as('sfzn', 'POST', `/api/party/deals/${dealCode}/sections/${s2}/registration`)).status).toBe(201);

    const res = await fetch(`${platform.baseUrl}/api/party/deals/${dealCode}/documents/${documentId}`, { headers: { authorization: `Bearer ${tokens.dhjg}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('招标文件.pdf')}`);
    expect(res.headers.get('x-content-sha256')).toBe(published.body.document.sha256);
    const downloads = await database.db('supervision_events').where({ deal_code: dealCode, kind: 'party.download' });
    expect(downloads).toHaveLength(1);
    expect(JSON.parse(downloads[0].payload)).toMatchObject({ party: DEMO_BIDDERS.dhjg.creditCode, receipt: { details: { sha256: published.body.document.sha256 } }, receiptSha256: res.headers.get('x-receipt-sha256') });
    expect((await as('xslq', 'GET', `/api/party/deals/${dealCode}/documents/${documentId}`)).status).toBe(404);
    expect((await as('dhjg', 'GET', `/api/party/deals/${dealCode}/documents/999999`)).body.error.code).toBe('DOCUMENT_NOT_FOUND');
    const mine = (await as('dhjg', 'GET', `/api/party/deals/${dealCode}`)).body;
    expect(mine.roles).toEqual(['bidder']);
    expect(mine.documents.map((d: { id: number }) => d.id)).toEqual([documentId]);
    expect(mine.receipts.map((r: { kind: string }) => r.kind)).toEqual(['registration', 'download']);
  });

  test('tender documents as a file: uploaded through the resumable uploads and named by its SHA-256, kept in the object store and not in a row; another\'s upload cannot be named', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.4 东湖市第二中学体育馆新建工程 招标文件（修改）\n', 'utf8'), randomBytes(400_000)]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const upload = async (who: string) => {
      const started = await as(who, 'POST', '/api/uploads', { fileName: '招标文件-修改.pdf', mediaType: 'application/pdf', sizeBytes: content.length, sha256 });
      expect(started.status).toBe(201);
      const sent = await fetch(`${platform.baseUrl}/api/uploads/${started.body.uploadId}`, {
        method: 'PATCH', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' }, body: content,
      });
      expect(sent.status).toBe(200);
    };
    const amendment = { fileName: '招标文件-修改.pdf', mediaType: 'application/pdf', sha256, deposits: [] };
    // the bidder uploaded these bytes, not the tenderee: it cannot publish a file it never sent
    await upload('dhjg');
    const notYours = await as('tenderee', 'POST', `/api/party/deals/${dealCode}/tender-documents`, amendment);
    expect([notYours.status, notYours.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const both = await as('tenderee', 'POST', `/api/party/deals/${dealCode}/tender-documents`, { ...amendment, contentBase64: content.toString('base64') });
    expect(both.status).toBe(400);
    await upload('tenderee');
    const published = await as('tenderee', 'POST', `/api/party/deals/${dealCode}/tender-documents`, amendment);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ amendment: true, document: { sha256, sizeBytes: content.length } });
    const row = await database.db('documents').where('id', published.body.document.id).first();
    expect([row.sha256, row.content]).toEqual([sha256, null]);
    const res = await fetch(`${platform.baseUrl}/api/party/deals/${dealCode}/documents/${published.body.document.id}`, { headers: { authorization: `Bearer ${tokens.dhjg}` } });
    expect([res.status, res.headers.get('content-length')]).toEqual([200, String(content.length)]);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(sha256);
  });

  test('答疑: the asker is hidden from the tenderee, the agency, the other bidders and the public; staff of the deal\'s city see it', async () => {
    const question = { requestId: 'q-dhjg-000001', question: '体育馆钢结构是否允许分包？', sectionCode: s1 };
    expect((await as('xslq', 'POST', `/api/party/deals/${dealCode}/questions`, question)).status).toBe(404);
    expect((await as('agency', 'POST', `/api/party/deals/${dealCode}/questions`, question)).body.error.code).toBe('NOT_REGISTERED_BIDDER');
    const asked = await as('dhjg', 'POST', `/api/party/deals/${dealCode}/questions`, question);
    expect(asked.status).toBe(201);
    expect((await as('dhjg', 'POST', `/api/party/deals/${dealCode}/questions`, question)).status).toBe(200);
    const questionId = asked.body.question.id;
    const organiser = (await as('tenderee', 'GET', `/api/party/deals/${dealCode}`)).body;
    expect(organiser.questions.toAnswer.map((q: { id: number }) => q.id)).toEqual([questionId]);
    const hidden = new RegExp([DEMO_BIDDERS.dhjg.creditCode, DEMO_BIDDERS.dhjg.name, '张伟'].join('|'));
    expect(JSON.stringify(organiser)).not.toMatch(hidden);

    expect((await as('sfzn', 'POST', `/api/party/deals/${dealCode}/questions/${questionId}/answer`, { answer: '可以' })).body.error.code).toBe('NOT_ORGANISER');
    const answered = await as('agency', 'POST', `/api/party/deals/${dealCode}/questions/${questionId}/answer`, { answer: '主体钢结构不得分包。' });
    expect(answered.status).toBe(200);
    expect(answered.body.question).toMatchObject({ status: 'answered', late: false });
    const other = (await as('sfzn', 'GET', `/api/party/deals/${dealCode}`)).body;
    expect(other.questions.answered.map((q: { answer: string }) => q.answer)).toEqual(['主体钢结构不得分包。']);
    expect(JSON.stringify(other)).not.toMatch(hidden);
    const notice = await call(platform.baseUrl, 'GET', `/api/public/notices/${answered.body.question.noticeId}`);
    expect(notice.status).toBe(200);
    expect(JSON.stringify(notice.body)).toContain('主体钢结构不得分包');
    expect(JSON.stringify(notice.body)).not.toMatch(hidden);
    const staff = await as('staff', 'GET', `/api/clarifications?dealCode=${dealCode}`);
    expect(staff.body.questions[0].asker).toEqual({ creditCode: DEMO_BIDDERS.dhjg.creditCode, name: DEMO_BIDDERS.dhjg.name, person: '张伟' });
    expect((await as('staff2', 'GET', `/api/clarifications?dealCode=${dealCode}`)).body.questions).toEqual([]);
    expect((await as('dhjg', 'GET', '/api/clarifications')).status).toBe(403);
  });

  test('the bank\'s notifications: signed with its own key, once per transaction; a payment not from the basic account is refused and kept', async () => {
    const account = (await as('dhjg', 'GET', `/api/party/deals/${dealCode}`)).body.sections[0].registration.depositAccountNo;
    const payment = { transactionId: 'DH20261201-0001', creditedAccount: account, payerAccount: DEMO_BASIC_ACCOUNTS.dhjg, payerName: DEMO_BIDDERS.dhjg.name, amountFen: 100_000, bookedAt: new Date().toISOString() };
    expect((await bank(payment, { unsigned: true })).status).toBe(401);
    expect((await bank(payment, { key: OTHER_BANK_KEY })).status).toBe(401); // xsbank's key does not sign for dhbank
    expect((await bank(payment, { bankId: 'nobank' })).status).toBe(401);
    expect((await bank(payment, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(await database.db('bank_deposit_notifications')).toEqual([]);

    const wrong = await bank({ ...payment, transactionId: 'DH20261201-0000', payerAccount: '6222000011112222' });
    expect(wrong.body).toMatchObject({ status: 'refused', code: 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT', returnToPayer: true });
    const accepted = await bank(payment);
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted']);
    const repeated = await bank(payment);
    expect(repeated.body).toEqual({ ...accepted.body, replayed: true });
    const conflict = await bank({ ...payment, amountFen: 100_001 });
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'BANK_TRANSACTION_CONFLICT']);
    expect(await database.db('deposits').count('* as n').first()).toMatchObject({ n: expect.anything() });
    expect(Number((await database.db('deposits').count('* as n').first())!.n)).toBe(1);
    const deposit = (await as('dhjg', 'GET', `/api/party/deals/${dealCode}`)).body.sections[0].deposit;
    expect(deposit).toMatchObject({ status: 'received', form: 'cash', amountFen: 100_000, payingAccount: DEMO_BASIC_ACCOUNTS.dhjg, refusedPayments: [{ code: 'DEPOSIT_NOT_FROM_BASIC_ACCOUNT', transactionId: 'DH20261201-0000' }] });
    const flagged = await database.db('supervision_events').where({ deal_code: dealCode, kind: 'deposit.payment_refused' });
    expect(flagged.map((e: { actor: string }) => e.actor)).toEqual(['bank:dhbank']);
  });

  test('electronic guarantees checked with the issuer over HTTP: valid, unknown, revoked, too low, expired, issuer down or gone — only a valid one is recorded', async () => {
    const base = { applicantCreditCode: DEMO_BIDDERS.sfzn.creditCode, dealCode, sectionCode: s1, amountFen: 100_000, validFrom: day(-1), validUntil: day(90) };
    issuer.guarantees.set('BH-LOW', { ...base, amountFen: 99_999 });
    issuer.guarantees.set('BH-OLD', { ...base, validFrom: day(-400), validUntil: day(-1) });
    issuer.guarantees.set('BH-SHORT', { ...base, validUntil: day(10) });
    issuer.guarantees.set('BH-REVOKED', { ...base, status: 'revoked' });
    issuer.guarantees.set('BH-OTHER', { ...base, applicantCreditCode: DEMO_BIDDERS.dhjg.creditCode });
    issuer.guarantees.set('BH-OK', base);
    const give = (guaranteeNo: string, issuerId = 'dhbank-bh') => as('sfzn', 'POST', `/api/party/deals/${dealCode}/sections/${s1}/guarantee`, { issuerId, guaranteeNo, requestId: `g-${guaranteeNo}-0001` });
    const expectRefused = async (guaranteeNo: string, status: number, code: string, issuerId?: string) => {
      const res = await give(guaranteeNo, issuerId);
      expect({ guaranteeNo, status: res.status, code: res.body.error?.code }).toEqual({ guaranteeNo, status, code });
    };
    const before = Number((await database.db('deposits').count('* as n').first())!.n);
    await expectRefused('BH-NONE', 422, 'GUARANTEE_UNKNOWN');
    await expectRefused('BH-REVOKED', 422, 'GUARANTEE_NOT_VALID');
    await expectRefused('BH-LOW', 422, 'GUARANTEE_AMOUNT_TOO_LOW');
    await expectRefused('BH-OLD', 422, 'GUARANTEE_EXPIRED');
    await expectRefused('BH-SHORT', 422, 'GUARANTEE_EXPIRES_TOO_SOON');
    await expectRefused('BH-OTHER', 422, 'GUARANTEE_MISMATCH');
    await expectRefused('BH-OK', 503, 'GUARANTEE_ISSUER_UNAVAILABLE', 'gone');
    await expectRefused('BH-OK', 400, 'GUARANTEE_ISSUER_UNKNOWN', 'nobody');
    issuer.down.on = true;
    await expectRefused('BH-OK', 503, 'GUARANTEE_ISSUER_UNAVAILABLE');
    issuer.down.on = false;
    expect(Number((await database.db('deposits').count('* as n').first())!.n)).toBe(before);
    expect(issuer.requests.at(-1)).toEqual({ guaranteeNo: 'BH-OTHER', applicantCreditCode: DEMO_BIDDERS.sfzn.creditCode, dealCode, sectionCode: s1, requestId: 'g-BH-OTHER-0001' });

    const taken = await give('BH-OK');
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ amountFen: 100_000, receipt: { kind: 'guarantee', receipt: { details: { guaranteeNo: 'BH-OK', issuer: '东湖银行电子保函中心' } } } });
    const sections = (await as('sfzn', 'GET', `/api/party/deals/${dealCode}`)).body.sections;
    expect(sections[0].deposit).toMatchObject({ status: 'guaranteed', form: 'guarantee', guarantee: { number: 'BH-OK', issuer: '东湖银行电子保函中心' } });
    expect(sections[1].deposit).toMatchObject({ status: 'none' });
    expect((await give('BH-OK')).body.error.code).toBe('DEPOSIT_ALREADY_COLLECTED');
    expect((await as('sfzn', 'GET', '/api/party/guarantee-issuers')).body.issuers.map((i: { id: string }) => i.id)).toEqual(['dhbank-bh', 'gone']);
  });

  test('withdrawal before the deadline, and my deals for each kind of party', async () => {
    const withdrawn = await as('sfzn', 'POST', `/api/party/deals/${dealCode}/sections/${s2}/registration/withdrawal`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ sectionCode: s2, refund: null, receipt: { kind: 'withdrawal' } });
    expect((await as('sfzn', 'POST', `/api/party/deals/${dealCode}/sections/${s2}/registration/withdrawal`)).body.error.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await as('xslq', 'POST', `/api/party/deals/${dealCode}/sections/${s2}/registration/withdrawal`)).status).toBe(404);
    const mine = (await as('sfzn', 'GET', '/api/party/my-deals')).body.deals;
    expect(mine.map((d: { dealCode: string }) => d.dealCode)).toEqual([dealCode]);
    expect(mine[0].sections.map((s: { registration: { status: string } }) => s.registration.status)).toEqual(['registered', 'withdrawn']);
    expect((await as('xslq', 'GET', '/api/party/my-deals')).body.deals).toEqual([]);
    const agency = (await as('agency', 'GET', '/api/party/my-deals')).body.deals;
    expect(agency[0]).toMatchObject({ dealCode, roles: ['agency'] });
    expect(agency[0].receipts.map((r: { kind: string }) => r.kind)).toEqual(['documents', 'answer']);
  });
});
