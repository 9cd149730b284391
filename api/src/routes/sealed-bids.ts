import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as sealed from '../services/sealed-bids';

const params = z.object({ dealCode: z.string().regex(/^[0-9A-Za-z-]{1,64}$/), sectionCode: z.string().regex(/^[0-9A-Za-z-]{1,64}$/) });
const base = '/api/party/deals/:dealCode/sections/:sectionCode';

export const sealedBidRoutes = [
  defineRoute({
    method: 'get',
    path: `${base}/sealing-key`,
    summary: 'The section\'s opening key (X25519, SPKI base64) a registered bidder seals its bid to, with its id and the bid deadline',
    tag: 'bids',
    permission: 'bid:submit',
    params,
    responses: { 200: { description: 'The key', schema: z.object({ dealCode: z.string(), sectionCode: z.string(), publicKey: z.string(), keyId: z.string(), bidDeadline: z.string().nullable() }) } },
    async handler({ params: p, deps, principal }) {
      return { status: 200, body: await sealed.sealingKey(deps.db, principal!, p.dealCode, p.sectionCode) };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/bids`,
    summary: 'Submit (or replace) a bid sealed and signed in the browser (ggzy-sealed-bid/1) before the deadline; answers a receipt',
    tag: 'bids',
    permission: 'bid:submit',
    params,
    body: z.object({
      envelope: z.record(z.string(), z.unknown()),
      signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(1000),
      /** A random id the browser keeps for itself: the same device uploading for two bidders is collusion evidence. */
      deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/).optional(),
    }).strict(),
    responses: { 201: { description: 'Submitted; the receipt (回执)', schema: z.record(z.string(), z.unknown()) } },
    async handler({ params: p, body, deps, principal, headers, clientKey }) {
      return { status: 201, body: await sealed.submit(deps.db, principal!, p.dealCode, p.sectionCode, body, { userAgent: headers['user-agent'] ?? null, address: clientKey }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/opening`,
    summary: 'The opening hall for the party in it: state, decryption deadline, the bids read out so far, sign-ins, objections and the record; a bidder\'s own envelope to open once the platform\'s seal is removed; for the tenderee or agency, the host\'s view',
    tag: 'bids',
    permission: 'opening-hall:attend',
    params,
    responses: { 200: { description: 'The hall', schema: z.record(z.string(), z.unknown()) } },
    async handler({ params: p, deps, principal }) {
      return { status: 200, body: await sealed.opening(deps.db, principal!, p.dealCode, p.sectionCode) };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/opening/events`,
    summary: 'The opening hall for the party in it, live (text/event-stream): an `hall` event with the state of GET …/opening and the server\'s time whenever it changes; ends with the session',
    tag: 'bids',
    permission: 'opening-hall:attend',
    params,
    responses: { 200: { description: 'The event stream' } },
    async handler({ params: p, deps, principal, closed }) {
      return sealed.hallEvents(deps.db, principal!, closed, () => sealed.opening(deps.db, principal!, p.dealCode, p.sectionCode), deps.accountPolicy);
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/opening/decryption`,
    summary: 'Hand over the bidder\'s share of its bid\'s key (opened in its browser) within the decryption window: the bid opens and is read out',
    tag: 'bids',
    permission: 'bid:submit',
    params,
    body: z.object({ share: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'the 32-byte share in base64') }).strict(),
    responses: { 200: { description: 'Opened; the bids read out so far', schema: z.record(z.string(), z.unknown()) } },
    async handler({ params: p, body, deps, principal }) {
      return { status: 200, body: await sealed.decrypt(deps.db, principal!, p.dealCode, p.sectionCode, body.share) };
    },
  }),
];

const watched = '/api/opening-halls/:dealCode/:sectionCode';

/** The same hall watched read-only by the supervisors and the deal's staff, within their regions. */
export const openingHallRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/opening-halls/:dealCode',
    summary: 'A deal\'s opening halls, one per section, with where each stands (supervisors, the centre\'s staff; region-scoped)',
    tag: 'bids',
    permission: 'opening-hall:watch',
    params: params.pick({ dealCode: true }),
    responses: { 200: { description: 'The halls', schema: z.object({ dealCode: z.string(), title: z.string(), bidDeadline: z.string().nullable(), sections: z.array(z.object({ sectionCode: z.string(), name: z.string(), status: z.string() })) }) } },
    async handler({ params: p, deps, principal }) {
      return { status: 200, body: await sealed.hallsOfDeal(deps.db, principal!, p.dealCode) };
    },
  }),
  defineRoute({
    method: 'get',
    path: watched,
    summary: 'An opening hall watched read-only (supervisors, the centre\'s staff; region-scoped): state, windows, bids read out, bids rejected',
    tag: 'bids',
    permission: 'opening-hall:watch',
    params,
    responses: { 200: { description: 'The hall', schema: z.record(z.string(), z.unknown()) } },
    async handler({ params: p, deps, principal }) {
      return { status: 200, body: await sealed.watch(deps.db, principal!, p.dealCode, p.sectionCode) };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${watched}/events`,
    summary: 'An opening hall watched live (text/event-stream): an `hall` event with its state whenever it changes; ends with the session',
    tag: 'bids',
    permission: 'opening-hall:watch',
    params,
    responses: { 200: { description: 'The event stream' } },
    async handler({ params: p, deps, principal, closed }) {
      return sealed.hallEvents(deps.db, principal!, closed, () => sealed.watch(deps.db, principal!, p.dealCode, p.sectionCode), deps.accountPolicy);
    },
  }),
];
