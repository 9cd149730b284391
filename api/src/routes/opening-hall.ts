import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as hall from '../services/opening-hall';

// The opening hall's acts (不见面开标): the parties' side under the section, the centre's staff's beside the watched hall.
const params = z.object({ dealCode: z.string().regex(/^[0-9A-Za-z-]{1,64}$/), sectionCode: z.string().regex(/^[0-9A-Za-z-]{1,64}$/) });
const objectionParams = params.extend({ objectionId: z.coerce.number().int().min(1).max(2_147_483_647) });
const base = '/api/party/deals/:dealCode/sections/:sectionCode/opening';
const watched = '/api/opening-halls/:dealCode/:sectionCode';
const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '8–64 letters, digits or -: the client chooses it once per act, so a retry is the same act');
const certificate = z.string().min(100).max(16_000).describe('the signing certificate: PEM, or base64 of its DER encoding');
const signature = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400).describe('base64 of the DER-encoded (r, s) signature');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const anyObject = z.record(z.string(), z.unknown());
const formatQuery = z.object({ format: z.enum(['json', 'html']).default('html') }).strict();
const objectionView = z.object({
  id: z.number(), bidder: z.string(), name: z.string(), text: z.string(), raisedAt: z.string(),
  answer: z.string().nullable(), answeredByRole: z.string().nullable(), answeredByName: z.string().nullable(), answeredAt: z.string().nullable(),
});
const recordView = z.object({ sectionCode: z.string(), recordSha256: z.string(), htmlSha256: z.string(), issuedAt: z.string(), issuedByRole: z.string() });
const recordFileResponses = {
  200: { description: 'The record: its canonical JSON (what bidders sign), or the printable HTML; X-Content-SHA256 names it' },
  404: { description: 'No such deal or section for you' },
  409: { description: 'The record is not made yet (NO_OPENING_RECORD)' },
};

export const hallPartyRoutes = [
  defineRoute({
    method: 'post',
    path: `${base}/sign-in/challenge`,
    summary: '签到: a one-time challenge (two minutes) naming this site, the deal, the section and the bidder, for the bidder to sign with its certificate key before the opening',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    responses: { 200: { description: 'The challenge and the exact text to sign', schema: z.object({ challengeId: z.string(), text: z.string(), expiresAt: z.string() }) }, 409: { description: 'The opening has begun, or no bid was submitted' } },
    async handler({ params: p, deps, principal, origin }) {
      return { status: 200, body: await hall.challenge(deps.db, principal!, p.dealCode, p.sectionCode, origin) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/sign-in`,
    summary: '签到: the signed challenge; the certificate is checked as at sign-in (chain, validity, key usage, CRL) and must be bound to the bidder',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    body: z.object({ challengeId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), certificate, signature }).strict(),
    responses: {
      200: { description: 'Signed in (again: the first sign-in)', schema: z.object({ sectionCode: z.string(), signedInAt: z.string(), certificateFingerprint: z.string() }) },
      401: { description: 'The certificate or the signature is refused (CERT_…, CHALLENGE_…), on the trail' },
    },
    async handler({ params: p, body, deps, principal }) {
      return { status: 200, body: await hall.signIn(deps.db, deps.trustStore, principal!, p.dealCode, p.sectionCode, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/objections`,
    summary: '异议: a bidder raises an objection in the hall, from the opening until the record is made; everyone in the hall sees it at once',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    body: z.object({ requestId, text: z.string().trim().min(2).max(2000) }).strict(),
    responses: { 201: { description: 'Raised', schema: objectionView }, 409: { description: 'Before the opening, or the record is made' } },
    async handler({ params: p, body, deps, principal }) {
      return { status: 201, body: await hall.object(deps.db, principal!, p.dealCode, p.sectionCode, body) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/objections/:objectionId/answer`,
    summary: 'The tenderee or its agency answers an objection in the hall, once',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params: objectionParams,
    body: z.object({ answer: z.string().trim().min(1).max(4000) }).strict(),
    responses: { 200: { description: 'Answered', schema: objectionView }, 403: { description: 'Not the tenderee or agency' }, 409: { description: 'Answered before' } },
    async handler({ params: p, body, deps, principal }) {
      return { status: 200, body: await hall.answer(deps.db, principal!, p.dealCode, p.sectionCode, p.objectionId, body.answer) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/record`,
    summary: '开标记录: the tenderee or its agency makes the record once the opening is closed and every objection answered (JSON and HTML into the object store, documents of the deal)',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    body: z.object({ requestId }).strict(),
    responses: { 201: { description: 'Made (or made before)', schema: recordView }, 403: { description: 'Not the tenderee or agency' }, 409: { description: 'The opening is not closed, or an objection is unanswered' } },
    async handler({ params: p, deps, principal }) {
      return { status: 201, body: await hall.makeRecord(deps.db, deps.objects, principal!, p.dealCode, p.sectionCode) };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/record`,
    summary: 'The opening record for the deal\'s parties: ?format=json (canonical, what bidders sign) or html (printable)',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    query: formatQuery,
    responses: recordFileResponses,
    async handler({ params: p, query, deps, principal }) {
      return hall.recordFile(deps.db, deps.objects, principal!, p.dealCode, p.sectionCode, query.format);
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/record/confirmation`,
    summary: 'A bidder confirms the opening record: its signature, with its certificate key, over the confirmation text naming the record\'s SHA-256',
    tag: 'opening-hall',
    permission: 'opening-hall:attend',
    params,
    body: z.object({ recordSha256: sha256, certificate, signature }).strict(),
    responses: { 200: { description: 'Confirmed (again: the first confirmation)', schema: anyObject }, 401: { description: 'The certificate or the signature is refused' }, 409: { description: 'No record yet, or another record' } },
    async handler({ params: p, body, deps, principal }) {
      return { status: 200, body: await hall.confirm(deps.db, deps.trustStore, principal!, p.dealCode, p.sectionCode, body) };
    },
  }),
];

export const hallStaffRoutes = [
  defineRoute({
    method: 'post',
    path: `${watched}/objections/:objectionId/answer`,
    summary: 'The centre\'s staff answer an objection in the hall when the tenderee and its agency do not (region-scoped)',
    tag: 'opening-hall',
    permission: 'opening-hall:host',
    params: objectionParams,
    body: z.object({ answer: z.string().trim().min(1).max(4000) }).strict(),
    responses: { 200: { description: 'Answered', schema: objectionView }, 409: { description: 'Answered before' } },
    async handler({ params: p, body, deps, principal }) {
      return { status: 200, body: await hall.answer(deps.db, principal!, p.dealCode, p.sectionCode, p.objectionId, body.answer) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${watched}/record`,
    summary: 'The centre\'s staff make the opening record when the tenderee and its agency do not (region-scoped)',
    tag: 'opening-hall',
    permission: 'opening-hall:host',
    params,
    body: z.object({ requestId }).strict(),
    responses: { 201: { description: 'Made (or made before)', schema: recordView }, 409: { description: 'The opening is not closed, or an objection is unanswered' } },
    async handler({ params: p, deps, principal }) {
      return { status: 201, body: await hall.makeRecord(deps.db, deps.objects, principal!, p.dealCode, p.sectionCode) };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${watched}/record`,
    summary: 'The opening record for the supervisors and the centre\'s staff (region-scoped): ?format=json or html',
    tag: 'opening-hall',
    permission: 'opening-hall:watch',
    params,
    query: formatQuery,
    responses: recordFileResponses,
    async handler({ params: p, query, deps, principal }) {
      return hall.recordFile(deps.db, deps.objects, principal!, p.dealCode, p.sectionCode, query.format);
    },
  }),
];
