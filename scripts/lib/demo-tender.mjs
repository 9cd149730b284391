// One construction tender driven through the platform's HTTP api only, as the people do it: the centre's staff start
// it in the training sandbox (演练区) and do their steps; the tenderee signs in with its certificate and publishes the
// tender documents with the deposit; three bidders sign in with their certificates (SM2 and P-256 CAs), register
// (报名), pay the deposit — one by electronic guarantee from the demo issuer, two from their basic accounts, which the
// demo bank notifies — and seal and sign their bids with the module the browser seals with (@ggzy/domain/sealed-bid).
// With `until: 'opened'` each bidder then decrypts its bid in the opening hall, and the opening record is awaited.
// Shared by `npm run demo:tender` and by `npm start`, which leaves two sandbox tenders in flight on a fresh platform.
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './paths.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));

const PROCESS_KEY = 'construction_open_tender';
const BIDDER_FILES = ['bidder-dhjg-sm2.pem', 'bidder-xslq-ecdsa.pem', 'bidder-sfzn-sm2.pem'];
/** The bidder that gives an electronic guarantee; the others pay from their basic accounts. */
const GUARANTEED = 0;
const MIN_PRICE_FEN = 100_000_000;
const ESTIMATE_FEN = 5_000_000_000;
const DEPOSIT_FEN = 20_000_000; // 20 万元, under 2 % of the estimate (实施条例 §26)

export class DemoError extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function packages() {
  const domain = require('@ggzy/domain');
  return {
    domain, sealed: require('@ggzy/domain/sealed-bid'), partners: require('@ggzy/api/demo-partners'), db: require('@ggzy/db'), process: require('@ggzy/process'),
  };
}

/** A small api client: JSON in and out, the session's bearer token, refusals thrown with their code. */
function client(baseUrl) {
  async function call(method, url, { token, body, headers, raw } = {}) {
    const text = body === undefined ? undefined : raw ?? JSON.stringify(body);
    let res;
    try {
      res = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...(text !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: text,
      });
    } catch (err) {
      throw new DemoError(`cannot reach the platform at ${baseUrl} (${err.cause?.code ?? err.message}); start it with npm start, or set PORT`);
    }
    const answer = await res.text();
    let parsed;
    try { parsed = answer ? JSON.parse(answer) : undefined; } catch { parsed = answer; }
    return { status: res.status, body: parsed };
  }
  async function ok(method, url, options, expected = [200, 201]) {
    const res = await call(method, url, options);
    if (!expected.includes(res.status)) {
      const error = res.body?.error;
      const err = new DemoError(`${method} ${url}: ${res.status} ${error ? `${error.code}: ${error.message}` : JSON.stringify(res.body)}`);
      err.code = error?.code;
      throw err;
    }
    return res.body;
  }
  return { call, ok };
}

/** Waits until `probe` answers something (retrying its refusals), or fails with what it waited for. */
async function until(what, probe, timeoutMs, everyMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const found = await probe();
      if (found) return found;
    } catch (err) {
      if (!(err instanceof DemoError)) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new DemoError(`gave up waiting for ${what}${last ? ` (last answer: ${last.message})` : ''}`);
    await sleep(everyMs);
  }
}

/** A demo key file: the certificate and its private key, as the portal's demo certificate adapter reads it. */
function keyFile(pkg, dataDir, file) {
  const { domain } = pkg;
  const blocks = domain.readPemBlocks(readFileSync(path.join(dataDir, 'pki', 'keys', file), 'utf8'));
  const certificate = blocks.find((b) => b.label === 'CERTIFICATE');
  const keyBlock = blocks.find((b) => b.label === 'PRIVATE KEY');
  if (!certificate || !keyBlock) throw new DemoError(`${file} is not a demo key file (certificate and private key)`);
  const key = domain.readPrivateKeyInfo(keyBlock.der);
  const parsed = domain.parseCertificate(certificate.der);
  return {
    file, key, certificate: parsed, certificatePem: domain.writePem('CERTIFICATE', certificate.der),
    sign: (text) => domain.signData(key, Buffer.from(text, 'utf8')).toString('base64'),
  };
}

/** A file sent through the resumable uploads in one piece (its SHA-256 announced and checked); answers the digest. */
async function upload(api, token, fileName, mediaType, bytes) {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const session = await api.ok('POST', '/api/uploads', { token, body: { fileName, mediaType, sizeBytes: bytes.length, sha256 } });
  await api.ok('PATCH', `/api/uploads/${session.uploadId}`, {
    token, body: bytes, raw: bytes, headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
  });
  return sha256;
}

/** The party's own open step of the deal (its 待办), once the process has opened it. */
async function partyTask(api, token, dealCode, nodeId, timeoutMs) {
  return until(`the step ${nodeId}`, async () => {
    const view = await api.ok('GET', `/api/party/deals/${dealCode}/tasks`, { token });
    return (view.tasks ?? view).find?.((t) => t.nodeId === nodeId);
  }, timeoutMs);
}

async function signIn(api, party) {
  const challenge = await api.ok('POST', '/api/auth/certificate/challenge');
  const session = await api.ok('POST', '/api/auth/certificate/sign-in', { body: { challengeId: challenge.challengeId, certificate: party.certificatePem, signature: party.sign(challenge.text) } });
  return session.token;
}

/** The instant `ms` from now, rounded up to the whole minute (the sandbox's rooms are booked by the minute). */
const minuteAfter = (ms) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
/** `at` plus `minutes`, but not past the local (UTC+8) midnight: a booking lies within one day. */
function endOfBooking(at, minutes) {
  const midnight = Math.floor((at.getTime() + 8 * 3600_000) / 86_400_000 + 1) * 86_400_000 - 8 * 3600_000;
  return new Date(Math.min(at.getTime() + minutes * 60_000, midnight));
}
const cstDate = (at) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const iso = (at) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function openTask(api, staff, workflowId, nodeId, timeoutMs) {
  return until(`the task ${nodeId}`, async () => {
    const view = await api.ok('GET', `/api/process-instances/${encodeURIComponent(workflowId)}`, { token: staff });
    if (view.incidents?.length) throw new Error(`the deal has an incident: ${view.incidents.join('; ')}`);
    if (['failed', 'terminated', 'completed'].includes(view.lifecycle)) throw new Error(`the deal ended (${view.lifecycle}) before ${nodeId}`);
    return view.openTasks.find((t) => t.nodeId === nodeId);
  }, timeoutMs);
}

/**
 * Drives the tender; `until`: 'sealed' (three bids in) or 'opened' (decrypted in the hall and the opening record
 * written). `openingAfterMs`: how long after the sandbox's bidding period the opening is announced (a deal left taking
 * bids gets a distant one). Answers {dealCode, workflowId, bids, bidPricesFen}.
 */
export async function driveTender({ baseUrl, dataDir, password, until: stage = 'sealed', title, openingAfterMs = 30_000, log = () => {} }) {
  if (!['bidding', 'sealed', 'opened'].includes(stage)) throw new DemoError(`--until ${stage}: sealed or opened (or bidding: the documents issued, no bid yet)`);
  if (!password) throw new DemoError('the demo staff password is needed: set GGZY_DEMO_PASSWORD (the one npm start was given, or printed on its first start)');
  const pkg = packages();
  const api = client(baseUrl);
  const partners = pkg.partners.ensureDemoPartners(dataDir);
  const parties = Object.fromEntries(pkg.domain.DEMO_PARTIES.map((p) => [p.file, p]));
  const tenderee = parties['tenderee-dhct-ecdsa.pem'].subject;
  const agency = parties['agency-sfdl-sm2.pem'].subject;

  // — the centre's staff register the deal in the sandbox and schedule it
  const staff = (await api.ok('POST', '/api/auth/login', { body: { username: 'staff', password } })).token;
  const name = title ?? `演练工程${cstDate(new Date()).replaceAll('-', '')}-${randomInt(1000, 9999)}施工`;
  const started = await api.ok('POST', '/api/process-instances', {
    token: staff,
    body: {
      processKey: PROCESS_KEY, regionCode: pkg.db.DEMO_SANDBOX.code,
      variables: {
        title: name, approvalReference: '示演发改〔2026〕1号', fundingSource: 'fiscal', estimateFen: ESTIMATE_FEN, tenderee: { creditCode: tenderee.creditCode, name: tenderee.name },
        agent: { creditCode: agency.creditCode, name: agency.name }, sections: [{ name: '施工总承包', estimateFen: ESTIMATE_FEN }],
      },
    },
  });
  const { workflowId, dealCode } = started;
  const daySeconds = started.sandbox?.daySeconds;
  const shortestSeconds = started.sandbox?.shortestSeconds;
  if (!daySeconds) throw new DemoError(`the deal ${dealCode} was not started in a sandbox region`);
  log(`deal ${dealCode} started in the sandbox (one day lasts ${daySeconds} s)`);
  const sectionCode = `${dealCode}-01`;
  // the 20-day bidding period lasts 20 sandbox days (compressed as the process compresses it); the opening a little after
  const biddingPeriodMs = pkg.process.compressPeriod(20 * 86_400_000, { daySeconds, shortestSeconds });
  const openingAt = minuteAfter(biddingPeriodMs + openingAfterMs);
  const evaluationAt = minuteAfter(openingAt.getTime() - Date.now() + 5 * 60_000);
  const review = await openTask(api, staff, workflowId, 'review', 60_000);
  await api.ok('POST', `/api/process-instances/${encodeURIComponent(workflowId)}/tasks/complete`, {
    token: staff,
    body: {
      taskId: review.taskId,
      data: {
        openingAt: iso(openingAt), openingEndsAt: iso(endOfBooking(openingAt, 30)), evaluationAt: iso(evaluationAt),
        evaluationEndsAt: iso(endOfBooking(evaluationAt, 120)), evaluationVenue: '示范省演练区评标室', documentsOnSaleUntil: iso(openingAt),
        noticeBody: `## 招标条件\n${name}已具备招标条件，现进行公开招标（演练）。`, committeeSize: 5,
        specialties: [{ specialtyCode: 'A01', count: 4, backups: 2, kind: 'technical' }, { specialtyCode: 'B01', count: 1, backups: 1, kind: 'economic' }],
      },
    },
  });

  // — the tenderee uploads and publishes the tender documents with the deposit the section asks for, then issues them:
  // its own step of the process (发出招标文件), done in its name
  const tendereeToken = await signIn(api, keyFile(pkg, dataDir, 'tenderee-dhct-ecdsa.pem'));
  const documents = Buffer.from(`${name} 招标文件（演练）\n投标保证金：${DEPOSIT_FEN / 100} 元\n`, 'utf8');
  const documentsSha256 = await upload(api, tendereeToken, '招标文件.txt', 'text/plain', documents);
  const issueTask = await partyTask(api, tendereeToken, dealCode, 'issueDocuments', 60_000);
  await until('the tender notice', () => api.ok('POST', `/api/party/deals/${dealCode}/tender-documents`, {
    token: tendereeToken,
    body: { fileName: '招标文件.txt', mediaType: 'text/plain', sha256: documentsSha256, deposits: [{ sectionCode, depositFen: DEPOSIT_FEN }] },
  }), 30_000);
  await api.ok('POST', '/api/party/tasks/complete', {
    token: tendereeToken, body: { taskId: issueTask.taskId, data: { documentsSha256, documentsIssuedOn: cstDate(new Date()) } },
  });
  log(`tender documents issued; bids until ${openingAt.toISOString()}`);
  if (stage === 'bidding') return { dealCode, workflowId, bids: 0, bidPricesFen: [] };

  // — three bidders: sign in, 报名, deposit, sealed bid
  const bidders = [];
  for (const [i, file] of BIDDER_FILES.entries()) {
    const party = keyFile(pkg, dataDir, file);
    const token = await signIn(api, party);
    const subject = parties[file].subject;
    const base = `/api/party/deals/${dealCode}/sections/${sectionCode}`;
    const registration = await api.ok('POST', `${base}/registration`, { token });
    if (i === GUARANTEED) {
      const issuers = await api.ok('GET', '/api/party/guarantee-issuers', { token });
      if (!issuers.issuers.some((x) => x.id === partners.issuer.id)) throw new DemoError(`the platform does not know the demo guarantee issuer (${partners.issuer.id}); is it started by npm start?`);
      const issuer = JSON.parse(readFileSync(partners.issuersFile, 'utf8')).find((x) => x.id === partners.issuer.id);
      const res = await fetch(`${issuer.url}/guarantees`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ applicantCreditCode: subject.creditCode, dealCode, sectionCode, amountFen: DEPOSIT_FEN, validUntil: cstDate(new Date(openingAt.getTime() + 120 * 86_400_000)) }),
      });
      if (res.status !== 201) throw new DemoError(`the demo guarantee issuer refused: ${res.status}`);
      const guarantee = await res.json();
      await api.ok('POST', `${base}/guarantee`, { token, body: { issuerId: partners.issuer.id, guaranteeNo: guarantee.guaranteeNo, requestId: `demo-${guarantee.guaranteeNo}` } });
      log(`${subject.name}: registered, guarantee ${guarantee.guaranteeNo}`);
    } else {
      const body = JSON.stringify({
        transactionId: `DEMO-${registration.depositAccountNo}`, creditedAccount: registration.depositAccountNo, payerAccount: subject.basicAccount,
        payerName: subject.name, amountFen: DEPOSIT_FEN, bookedAt: new Date().toISOString(),
      });
      const paid = await api.ok('POST', '/api/bank/deposit-notifications', { raw: body, body: {}, headers: pkg.partners.bankSignatureHeaders(partners.bank, body) });
      if (paid.status !== 'accepted') throw new DemoError(`the deposit of ${subject.name} was refused: ${paid.code} ${paid.message?.zh ?? ''}`);
      log(`${subject.name}: registered, deposit from ${subject.basicAccount}`);
    }
    bidders.push({ party, token, subject, base });
  }
  const prices = [];
  for (const b of bidders) {
    const key = await until('the section\'s opening key', () => api.ok('GET', `${b.base}/sealing-key`, { token: b.token }), 60_000);
    const priceFen = randomInt(MIN_PRICE_FEN, 4 * MIN_PRICE_FEN);
    const pk = b.party.certificate.publicKey;
    const envelope = await pkg.sealed.sealBid({
      content: { priceFen, durationDays: randomInt(300, 600), commitments: ['质量合格', '安全文明施工'], documents: [] },
      sectionCode, bidder: b.subject.creditCode, platformKey: pkg.sealed.base64.decode(key.publicKey),
      bidderKey: pk.algorithm === 'ec-p256'
        ? { algorithm: 'ec-p256', spki: pk.spki, certificateFingerprint: b.party.certificate.fingerprint }
        : { algorithm: 'sm2', point: pk.point, certificateFingerprint: b.party.certificate.fingerprint },
    });
    const signature = b.party.sign(pkg.sealed.envelopeSigningText(envelope));
    await api.ok('POST', `${b.base}/bids`, { token: b.token, body: { envelope, signature, deviceId: `demo-driver-${b.subject.creditCode.slice(-6)}` } });
    prices.push(priceFen);
    log(`${b.subject.name}: bid sealed and submitted`);
  }
  const result = { dealCode, workflowId, bids: bidders.length, bidPricesFen: prices };
  if (stage === 'sealed') return result;

  // — the opening (不见面开标): at the deadline the platform's seal comes off; each bidder decrypts in the hall
  const waitMs = openingAt.getTime() - Date.now() + 5 * 60_000;
  log(`waiting for the opening at ${openingAt.toISOString()}`);
  for (const b of bidders) {
    const hall = await until('the decryption window', async () => {
      const h = await api.ok('GET', `${b.base}/opening`, { token: b.token });
      return h.myEnvelope ? h : null;
    }, waitMs, 1000);
    const share = await pkg.sealed.openBidderShare(hall.myEnvelope, b.party.key.algorithm === 'ec-p256'
      ? { algorithm: 'ec-p256', pkcs8: pkg.domain.privateKeyInfo(b.party.key) }
      : { algorithm: 'sm2', d: Buffer.from(b.party.key.d, 'hex') }, b.party.certificate.publicKey.spki);
    await api.ok('POST', `${b.base}/opening/decryption`, { token: b.token, body: { share: pkg.sealed.base64.encode(share) } });
    log(`${b.subject.name}: decrypted in the hall`);
  }
  const closed = await until('the opening record', async () => {
    const h = await api.ok('GET', `${bidders[0].base}/opening`, { token: bidders[0].token });
    return h.status === 'complete' ? h : null;
  }, 5 * 60_000, 1000);
  const readOut = closed.readOut.map((line) => Number(line.priceFen));
  if (readOut.length !== prices.length || [...readOut].sort().join() !== [...prices].sort().join()) {
    throw new DemoError(`the opening record does not read out the bids sealed: ${JSON.stringify(closed.readOut)}`);
  }
  log('opening record written: every bid read out');
  return result;
}
