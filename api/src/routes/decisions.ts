// Decision tables (DMN) for designers: deploy, read, review (four eyes, as for procedure versions) and try a table
// over sample variables. The same permissions as procedure versions: a table decides for every later deal of its
// region just as a procedure does.
import { z } from 'zod';
import { defineRoute } from '../http/routes';
import * as decisions from '../services/decisions';

const RegionCode = z.string().regex(/^\d{6,12}$/);
const DecisionKey = z.string().min(1).max(200);
const DecisionRef = z.object({ key: z.string(), regionCode: z.string(), version: z.number(), hash: z.string() });
const Status = z.enum(['pending', 'active', 'rejected'])
  .describe('pending: waits for a second designer\'s or the system administrator\'s approval and decides no deal; active: approved, business rule tasks use the newest active version; rejected: never used');
const VersionParams = z.object({ key: DecisionKey, regionCode: RegionCode, version: z.coerce.number().int().min(1) });
const Reviewed = z.object({ decision: DecisionRef, status: Status });
const REVIEW_REFUSED = { description: 'DEFINITION_SELF_APPROVAL: the caller deployed the version; DEFINITION_NOT_PENDING: it was approved or rejected already' };
const Variables = z.record(z.string().max(100), z.unknown());
const Problems = z.array(z.object({ path: z.string().describe('the element id, or (document)'), code: z.string(), message: z.string() }));
const Xml = z.string().min(1).max(2 * 1024 * 1024);

export const decisionRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/decision-definitions',
    summary: 'Deploy the decision tables of a DMN file for a region: each changed table a new immutable version, pending until a second designer or the system administrator approves it; the same content again returns the existing version',
    tag: 'decisions',
    permission: 'definition:deploy',
    body: z.object({ xml: Xml, regionCode: RegionCode.optional().describe('default: the caller\'s region') }).strict(),
    responses: {
      201: { description: 'Deployed (pending approval)', schema: z.object({ decisions: z.array(z.object({ decision: DecisionRef, status: Status, created: z.boolean() })), created: z.boolean(), warnings: z.array(z.unknown()) }) },
      200: { description: 'Nothing changed: every table is an existing version' },
      422: { description: 'DECISION_DEPLOY_REFUSED: the compiler\'s problems are in error.details (element, code, message)', schema: z.object({ error: z.object({ details: Problems }) }) },
    },
    async handler({ body, deps, principal }) {
      const result = await decisions.deploy(deps, principal!, body);
      return { status: result.created ? 201 : 200, body: result };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/decision-definitions',
    summary: 'Versions of the decision tables of the caller\'s regions and its province, with their status and reviewers',
    tag: 'decisions',
    permission: 'definition:read',
    query: z.object({
      key: DecisionKey.optional(),
      regionCode: RegionCode.optional(),
      status: Status.optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(z.unknown()) }) } },
    async handler({ query, deps, principal }) {
      return { status: 200, body: { items: await decisions.listVersions(deps.db, principal!, query) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/decision-definitions/evaluate',
    summary: 'Try a decision table over sample variables, as a business rule task would evaluate it: a deployed version (key, regionCode, version) or a DMN file not deployed (xml, and the decision\'s key when it has several). Nothing is stored',
    tag: 'decisions',
    permission: 'definition:deploy',
    body: z.union([
      z.object({ key: DecisionKey, regionCode: RegionCode, version: z.number().int().min(1), variables: Variables }).strict(),
      z.object({ xml: Xml, key: DecisionKey.optional(), variables: Variables }).strict(),
    ]),
    responses: {
      200: { description: 'The result (an object by output name when the table has several outputs; a list for COLLECT and the ORDER policies) and the ids of the rules that decided it', schema: z.object({ key: z.string(), hitPolicy: z.string(), hash: z.string(), result: z.unknown(), matchedRules: z.array(z.string()) }) },
      404: { description: 'NOT_FOUND: no such version in the caller\'s regions' },
      422: { description: 'DECISION_INVALID: the file has problems (error.details); DECISION_EVALUATION_FAILED: the table cannot decide for these variables (UNIQUE with two matches, an expression that fails …)' },
    },
    async handler({ body, deps, principal }) {
      return { status: 200, body: await decisions.evaluate(deps.db, principal!, body) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/decision-definitions/:key/:regionCode/:version',
    summary: 'One version of a decision table: its DMN XML and the compiled table',
    tag: 'decisions',
    permission: 'definition:read',
    params: VersionParams,
    responses: { 200: { description: 'The version', schema: z.object({ decision: DecisionRef, status: Status, xml: z.string(), model: z.unknown() }) }, 404: { description: 'NOT_FOUND' } },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await decisions.version(deps.db, principal!, params) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/decision-definitions/:key/:regionCode/:version/approval',
    summary: 'Approve a pending version (four eyes): from now on business rule tasks of the region\'s deals use it. Not by the designer who deployed it',
    tag: 'decisions',
    permission: 'definition:approve',
    params: VersionParams,
    responses: { 200: { description: 'Approved', schema: Reviewed }, 404: { description: 'NOT_FOUND: no such version in the caller\'s regions' }, 409: REVIEW_REFUSED },
    async handler({ params, deps, principal }) {
      return { status: 200, body: await decisions.review(deps.db, principal!, params, 'approve') };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/decision-definitions/:key/:regionCode/:version/rejection',
    summary: 'Reject a pending version with a reason: it never decides a deal. Not by the designer who deployed it',
    tag: 'decisions',
    permission: 'definition:approve',
    params: VersionParams,
    body: z.object({ reason: z.string().trim().min(2).max(1000) }).strict(),
    responses: { 200: { description: 'Rejected', schema: Reviewed }, 404: { description: 'NOT_FOUND: no such version in the caller\'s regions' }, 409: REVIEW_REFUSED },
    async handler({ params, body, deps, principal }) {
      return { status: 200, body: await decisions.review(deps.db, principal!, params, 'reject', body.reason) };
    },
  }),
];
