import { z } from 'zod';
import { defineRoute } from '../http/routes';
import { AppError } from '../http/errors';
import * as party from '../services/party';
import * as postponements from '../services/postponements';

const dealCode = z.string().regex(/^\d{6}-\d{4}-[A-Z]{2}-\d{5}$/, 'a unified deal code (统一交易标识码), e.g. 990100-2026-JS-00017');
const sectionCode = z.string().regex(/^\d{6}-\d{4}-[A-Z]{2}-\d{5}-\d{2}$/, 'a section code, e.g. 990100-2026-JS-00017-01');
const id = z.coerce.number().int().min(1).max(2_147_483_647);
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -: the client chooses it once per act, so a retry is the same act');
const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const anyObject = z.record(z.string(), z.unknown());
const MEDIA_TYPES = ['application/pdf', 'application/zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/octet-stream', 'text/plain'] as const;
const noBody = z.object({}).strict().optional();

/** A file name as a party names it: no path, no control characters. */
const fileName = z.string().trim().min(1).max(200)
  .refine((n) => ![...n].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20) && n !== '.' && n !== '..', 'a plain file name');

function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const partyRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/party/open-deals',
    summary: 'Deals open for bidding: the tender notice is public and the bid deadline has not passed (sections and the deposit each asks for)',
    tag: 'party',
    permission: 'party-deal:read',
    responses: { 200: { description: 'Open deals, the nearest deadline first', schema: z.object({ deals: z.array(anyObject) }) } },
    async handler({ deps }) {
      return { status: 200, body: { deals: await party.listOpenDeals(deps.db) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/my-deals',
    summary: 'The deals the signed-in party is tenderee, agency or bidder of: its registrations, deposits (received, refunded, interest), receipts and the questions to answer',
    tag: 'party',
    permission: 'party-deal:read',
    responses: { 200: { description: 'My deals, newest first', schema: z.object({ deals: z.array(anyObject) }) } },
    async handler({ deps, principal }) {
      return { status: 200, body: { deals: await party.listMyDeals(deps.db, principal!) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/deals/:dealCode',
    summary: 'One deal as the party may see it: sections with its registration and deposit status, the tender documents and answered questions (registered bidders, tenderee, agency), its receipts',
    tag: 'party',
    permission: 'party-deal:read',
    params: z.object({ dealCode }),
    responses: { 200: { description: 'The deal', schema: anyObject }, 404: { description: 'No such deal, or none of this party\'s business and not open for bidding' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await party.deal(deps.db, principal!, params.dealCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/sections/:sectionCode/registration',
    summary: '投标报名 for a section before the bid deadline (credit check, one per section); answers the receipt and the deposit sub-account. Again: the same registration (200)',
    tag: 'party',
    permission: 'party-registration:write',
    params: z.object({ dealCode, sectionCode }),
    body: noBody,
    responses: {
      201: { description: 'Registered: receipt, deposit sub-account', schema: anyObject },
      200: { description: 'Registered before: the same registration' },
      403: { description: 'Under a barring credit sanction' },
      409: { description: 'Not open, past the deadline, or registered and withdrawn before' },
    },
    async handler({ params, deps, principal }) {
      const answer = await party.register(deps.db, principal!, params.dealCode, params.sectionCode);
      return { status: answer.replayed ? 200 : 201, body: answer };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/sections/:sectionCode/registration/withdrawal',
    summary: 'Withdraw one\'s registration before the bid deadline; a cash deposit is paid back with interest (实施条例 §35)',
    tag: 'party',
    permission: 'party-registration:write',
    params: z.object({ dealCode, sectionCode }),
    body: noBody,
    responses: { 200: { description: 'Withdrawn: the receipt and the refund', schema: anyObject }, 409: { description: 'Past the deadline, or a bid was submitted' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await party.withdraw(deps.db, principal!, params.dealCode, params.sectionCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/tender-documents',
    summary: 'The tenderee or its agency publishes the tender documents — a file it uploaded (POST /api/uploads), named by its SHA-256, or a small one in base64 (up to about 700 KiB) — with the deposit each section asks for (at most 2 % of its estimate)',
    tag: 'party',
    permission: 'party-document:publish',
    params: z.object({ dealCode }),
    body: z.object({
      fileName, mediaType: z.enum(MEDIA_TYPES),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional().describe('SHA-256 of a completed upload of yours'),
      contentBase64: z.base64().min(4).max(1_000_000).optional(),
      deposits: z.array(z.object({ sectionCode, depositFen: fen }).strict()).max(99).default([]),
    }).strict().refine((b) => (b.sha256 === undefined) !== (b.contentBase64 === undefined), { message: 'give either sha256 (an upload) or contentBase64', path: ['sha256'] }),
    responses: { 201: { description: 'Published: the document (SHA-256), whether an amendment, whether late (§21)', schema: anyObject }, 403: { description: 'Not the tenderee or agency' } },
    async handler({ params, body, deps, principal }) {
      const published = await party.publishDocuments(deps.db, deps.objects, principal!, params.dealCode, body);
      if (published.late) await postponements.tellProcedure(deps, params.dealCode); // 顺延 (§21): the opening timer follows
      return { status: 201, body: published };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/deals/:dealCode/documents/:documentId',
    summary: 'Download a tender document (registered bidders, tenderee, agency); each download is recorded on the trail with the file\'s SHA-256',
    tag: 'party',
    permission: 'party-document:read',
    params: z.object({ dealCode, documentId: id }),
    responses: { 200: { description: 'The file; X-Content-SHA256 and X-Receipt-SHA256 headers' }, 403: { description: 'Not registered for the deal' }, 404: { description: 'No such document' } },
    async handler({ params, deps, principal, requestId: rid }) {
      const file = await party.download(deps.db, deps.objects, principal!, params.dealCode, params.documentId, rid);
      return {
        status: 200, body: file.body,
        headers: { 'content-type': file.mediaType, 'content-length': String(file.sizeBytes), 'content-disposition': attachment(file.fileName), 'x-content-sha256': file.sha256, 'x-receipt-sha256': file.receipt.sha256 },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/questions',
    summary: '答疑: a registered bidder asks a question (who asked is shown to staff and supervisors only); requestId makes a retry the same question',
    tag: 'party',
    permission: 'party-question:write',
    params: z.object({ dealCode }),
    body: z.object({ requestId, question: z.string().trim().min(2).max(2000), sectionCode: sectionCode.optional() }).strict(),
    responses: { 201: { description: 'Asked: the question and the receipt', schema: anyObject }, 403: { description: 'Not a registered bidder' } },
    async handler({ params, body, deps, principal }) {
      const answer = await party.ask(deps.db, principal!, params.dealCode, body);
      return { status: answer.replayed ? 200 : 201, body: answer };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/questions/:questionId/answer',
    summary: 'The tenderee or agency answers; the answer goes to all registered bidders and out as a public clarification notice, without the asker; under 15 days before the deadline it is flagged (§21)',
    tag: 'party',
    permission: 'party-question:write',
    params: z.object({ dealCode, questionId: id }),
    body: z.object({ answer: z.string().trim().min(1).max(20_000) }).strict(),
    responses: { 200: { description: 'Answered and published', schema: anyObject }, 403: { description: 'Not the tenderee or agency' }, 409: { description: 'Already answered, or past the deadline' } },
    async handler({ params, body, deps, principal }) {
      const answered = await party.answer(deps.db, principal!, params.dealCode, params.questionId, body.answer);
      if (answered.question.late && !answered.replayed) await postponements.tellProcedure(deps, params.dealCode); // 顺延 (§21)
      return { status: 200, body: answered };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/party/guarantee-issuers',
    summary: 'The institutions whose electronic guarantees (电子保函) the platform can check',
    tag: 'party',
    permission: 'party-deal:read',
    responses: { 200: { description: 'Issuers', schema: z.object({ issuers: z.array(z.object({ id: z.string(), name: z.string() })) }) } },
    async handler({ deps }) {
      return { status: 200, body: { issuers: deps.guaranteeIssuers?.list() ?? [] } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/party/deals/:dealCode/sections/:sectionCode/guarantee',
    summary: 'Give an electronic guarantee (电子保函) as the section\'s deposit: checked with its issuer (README, "Electronic guarantees"), then recorded',
    tag: 'party',
    permission: 'party-deposit:write',
    params: z.object({ dealCode, sectionCode }),
    body: z.object({ issuerId: z.string().regex(/^[a-z0-9-]{2,32}$/), guaranteeNo: z.string().trim().min(1).max(64), requestId }).strict(),
    responses: {
      201: { description: 'Accepted as the deposit', schema: anyObject },
      422: { description: 'Unknown, revoked, for someone else, too low or too short' },
      503: { description: 'The issuer cannot say now: try again later' },
    },
    async handler({ params, body, deps, principal }) {
      return { status: 201, body: await party.guarantee(deps.db, deps.guaranteeIssuers, principal!, params.dealCode, params.sectionCode, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/clarifications',
    summary: 'Clarification questions of the deals of one\'s regions, with who asked (staff, supervisors, auditors)',
    tag: 'party',
    permission: 'clarification:read',
    query: z.object({ dealCode: dealCode.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
    responses: { 200: { description: 'Questions, newest first', schema: z.object({ questions: z.array(anyObject) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { questions: await party.staffQuestions(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/bank/deposit-notifications',
    summary: 'A bank notifies a payment into a deposit sub-account (signed with the bank\'s own key; README, "Deposits: the bank notification"); once per bank transaction id',
    tag: 'party',
    permission: 'bank',
    body: z.object({
      transactionId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), creditedAccount: z.string().regex(/^\d{8,32}$/), payerAccount: z.string().regex(/^\d{6,64}$/),
      payerName: z.string().trim().min(1).max(300), amountFen: fen.refine((v) => v > 0, 'a positive amount in fen'), bookedAt: z.iso.datetime({ offset: true }),
    }).strict(),
    responses: {
      200: { description: '{status: accepted, depositId} or {status: refused, code, message, returnToPayer} — recorded either way; a repeat answers the same', schema: anyObject },
      401: { description: 'Not signed by a known bank' },
      409: { description: 'The transaction id was notified with other content' },
    },
    async handler({ body, deps, bankId }) {
      if (!bankId) throw new AppError('SIGNATURE_INVALID');
      return { status: 200, body: await party.bankNotification(deps.db, { bankId, ...body }) };
    },
  }),
];
