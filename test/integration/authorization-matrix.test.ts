// Every route of the api's route table × every role × a user of the resource's own city and of another city.
// Without a session a route answers 401 (unless public; a gateway or bank callback answers 401 to anyone without its
// signature, session or not); a role without the route's permission gets 403; a user of
// another city gets 404 for a read (and 403/404 for a write) of a resource of this city, and never sees it in a
// list; everyone else is admitted. For a party the "city" of a deal is its relation to it: the own-city party is a
// registered bidder of the fixture's deal (its bidding period over, so nothing of it is public), the other-city party
// has no relation to it. The table drives it: a new route is covered as soon as it is added.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiRoutes, PERMISSIONS, type Permission } from '@ggzy/api';
import { createHash } from 'node:crypto';
import { StoredDocument, User, hashPassword, withCheckCharacter, type Role } from '@ggzy/db';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { buildBpmn } from '../support/bpmn-builder';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { deployApprovedVia, deployDecisionsApproved } from '../support/definitions';
import { drawnExperts } from '../support/expert-fixtures';
import { certificateSignIn, readKeyFile } from '../support/parties';
import { openPartyDeal } from '../support/party-deals';

// `party` signs in with a certificate (a bidder of each city from the demo PKI), every other role with a password
const ROLES: Role[] = ['designer', 'staff', 'supervisor', 'admin', 'security_admin', 'auditor', 'party'];
const PARTY_KEY_FILES: Record<string, string> = { '990100': 'bidder-dhjg-sm2.pem', '990200': 'bidder-xslq-ecdsa.pem' };
const OWN = '990100';
const OTHER = '990200';
const YEAR = 2031;
const SUBJECT = withCheckCharacter('91990100MA8000001');
const PARTY_DEAL = '990100-2026-JS-00077';
const BANK_KEY = 'matrix-bank-key-0123456789abcdefghijklmnop';
/**
 * A staff user of the own city whom the security administrators administer (reset, unlock, sessions ended; no one
 * else signs in as it): the own city's security administrator reaches it, the other city's does not, and the system
 * administrators never do (they administer security administrators only).
 */
const RESET_USER = 'm_reset_990100';

const route = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/** The fixture deal's variables: one anyone with process-variables:read sees, one secret by nature nobody sees. */
const DEAL_VARIABLES = { matrixTitle: '权限矩阵示范工程', bidder: { basicAccount: '6222000011112222' } };

interface Fixture {
  workflowId: string; taskId: string; processKey: string; probeId: number; drawId: number; reviewId: number; documentId: number; questionId: number; uploadId: string; sha256: string;
}

/** Path parameters by name, for a resource of the own city; a new name must be given a sample here. */
function paramSamples(f: Fixture): Record<string, string> {
  return { workflowId: f.workflowId, regionCode: OWN, key: f.processKey, version: '1', year: String(YEAR), id: String(f.probeId), drawId: String(f.drawId),
    dealCode: PARTY_DEAL, sectionCode: `${PARTY_DEAL}-01`, documentId: String(f.documentId), questionId: String(f.questionId), creditCode: SUBJECT,
    reviewId: String(f.reviewId), uploadId: f.uploadId, digest: f.sha256, objectionId: '1', username: RESET_USER };
}

/**
 * Reads of what belongs to one user rather than a city: who gets it (200); every other admitted caller gets 404 as if it
 * did not exist. The fixture's upload is 东湖's staff's; a stored file is also read by the centre's roles.
 */
const OWNER_READS: Record<string, (who: string) => number> = {
  'GET /api/uploads/:uploadId': (who) => (who === `staff@${OWN}` ? 200 : 404),
  'GET /api/files/:digest': (who) => (['staff', 'supervisor', 'auditor'].includes(who.split('@')[0]!) ? 200 : 404),
  // the section's opening key: the own-city party is registered, but the fixture's bidding period is over
  'GET /api/party/deals/:dealCode/sections/:sectionCode/sealing-key': (who) => (who === `party@${OWN}` ? 409 : 404),
  // the opening record: the fixture's section was never opened, so whoever may read it is told it is not made yet
  'GET /api/party/deals/:dealCode/sections/:sectionCode/opening/record': (who) => (who === `party@${OWN}` ? 409 : 404),
  'GET /api/opening-halls/:dealCode/:sectionCode/record': (who) => ([`staff@${OWN}`, `supervisor@${OWN}`].includes(who) ? 409 : 404),
  // the fixture's section was never opened, so it is not screened: whoever may read it is told so, to the others it does not exist
  'GET /api/screens/:dealCode/:sectionCode': (who) => ([`supervisor@${OWN}`, `auditor@${OWN}`].includes(who) ? 409 : 404),
  // the fixture's deal is a tender, not a land listing: whoever may read its board is told so, to the others it does not exist
  'GET /api/party/deals/:dealCode/listing': (who) => (who === `party@${OWN}` ? 409 : 404),
  'GET /api/process-instances/:workflowId/listing': (who) => ([`staff@${OWN}`, `supervisor@${OWN}`, `auditor@${OWN}`].includes(who) ? 409 : 404),
  // a business user: the own city's security administrator administers it; to anyone else it does not exist
  'GET /api/users/:username': (who) => (who === `security_admin@${OWN}` ? 200 : 404),
  'GET /api/users/:username/sessions': (who) => (who === `security_admin@${OWN}` ? 200 : 404),
};

/**
 * Writes whose target is out of reach for a caller the city scope admits: a business user is not the system
 * administrator's to administer (404, as if it did not exist).
 */
const OUT_OF_REACH: Record<string, (who: string) => boolean> = Object.fromEntries(
  ['PATCH /api/users/:username', 'POST /api/users/:username/password-reset', 'POST /api/users/:username/second-factor-reset', 'POST /api/users/:username/unlock', 'DELETE /api/users/:username/sessions']
    .map((name) => [name, (who: string) => who.startsWith('admin@')]),
);

/** Where a parameter name means something else on one route (e.g. :id of a public notice), its own samples. */
let tokenMoveId = 0;
const ROUTE_PARAMS: Record<string, Record<string, string>> = {
  'GET /api/public/notices/:id': { id: '1' },
  get 'POST /api/operations/token-moves/:id/decision'() { return { id: String(tokenMoveId) }; },
  get 'POST /api/operations/token-moves/:id/cancel'() { return { id: String(tokenMoveId) }; },
};

/**
 * Reads whose region is a query parameter (the market dashboards of the own city): another city's user must get 404.
 */
const QUERY_SCOPED: Record<string, string> = {
  'GET /api/dashboards/market': `?regionCode=${OWN}&from=2025-01&to=2025-12`,
  'GET /api/dashboards/market.csv': `?regionCode=${OWN}&from=2025-01&to=2025-12&period=quarter`,
};

/**
 * Parameters that place a resource in a region (a deal: in a party's relations; a procedure: deployed for the city or
 * its province): a route with one is checked across cities.
 */
const REGION_SCOPED_PARAMS = ['workflowId', 'regionCode', 'id', 'drawId', 'dealCode', 'key', 'username'];

/** Valid bodies for writes to a resource of the own city; another city's user must be refused with them. */
function writeSamples(f: Fixture): Record<string, unknown> {
  return {
    // a user of the own city: another city's administrator does not find it
    'POST /api/users/:username/password-reset': {},
    'POST /api/users/:username/second-factor-reset': { reason: '手机丢失，重新绑定' },
    // the fixture's procedure version of the own city: another city's designer or administrator does not find it
    'POST /api/process-definitions/:key/:regionCode/:version/approval': {},
    'POST /api/process-definitions/:key/:regionCode/:version/rejection': { reason: '另一个城市的驳回' },
    // the versions of another city's procedure do not exist for the caller
    'POST /api/process-definitions/:key/:regionCode/migrations/dry-run': { fromVersion: 1, toVersion: 2 },
    'POST /api/process-definitions/:key/:regionCode/migrations': { fromVersion: 1, toVersion: 2, workflowIds: [f.workflowId], reason: '另一个城市的迁移' },
    // a deal of the own city: another city's administrator does not find it to retry
    'POST /api/process-instances/:workflowId/incidents/retry': { reason: '另一个城市的重试' },
    // a deal, and a token move, of the own city: another city's administrator or supervisor does not find them
    'POST /api/process-instances/:workflowId/token-moves': { fromNodeId: 'accept', toNodeId: 'accept', reason: '另一个城市的移动' },
    'POST /api/operations/token-moves/:id/decision': { decision: 'decline' },
    'POST /api/operations/token-moves/:id/cancel': {},
    // 顺延 of a deal of the own city: another city's staff do not find it
    'POST /api/process-instances/:workflowId/postponements': { bidDeadline: '2099-06-01T09:30:00+08:00', reason: '另一个城市的顺延', requestId: 'req-other-city' },
    // the fixture's decision table of the own city, likewise
    'POST /api/decision-definitions/:key/:regionCode/:version/approval': {},
    'POST /api/decision-definitions/:key/:regionCode/:version/rejection': { reason: '另一个城市的驳回' },
    'POST /api/users/:username/unlock': {},
    'PATCH /api/users/:username': { displayName: '另一个城市改的名字' },
    'DELETE /api/users/:username/sessions': {},
    'POST /api/process-instances/:workflowId/tasks/complete': { taskId: f.taskId, data: { projectName: 'x' } },
    'POST /api/process-instances/:workflowId/tasks/claim': { taskId: f.taskId },
    'POST /api/process-instances/:workflowId/tasks/delegate': { taskId: f.taskId, to: 'someone' },
    'POST /api/process-instances/:workflowId/tasks/add-signer': { taskId: f.taskId, signer: 'someone', mode: 'after', reason: 'matrix' },
    'POST /api/process-instances/:workflowId/tasks/return': { taskId: f.taskId, targetNodeId: 'accept' },
    'POST /api/process-instances/:workflowId/tasks/withdraw': { taskId: f.taskId },
    'POST /api/process-instances/:workflowId/messages': { messageId: 'matrix-message-1', name: 'paid' },
    'POST /api/process-instances/:workflowId/directives': { directiveId: 'dir-matrix-0001', kind: 'suspend', reason: 'matrix' },
    'POST /api/process-instances/:workflowId/termination-confirmations': { directiveId: 'dir-matrix-0001' },
    'PUT /api/work-calendars/:regionCode/:year': { holidays: [], workdays: [] },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/registration': {},
    'POST /api/party/deals/:dealCode/sections/:sectionCode/registration/withdrawal': {},
    'POST /api/party/deals/:dealCode/tender-documents': { fileName: 'x.pdf', mediaType: 'application/pdf', contentBase64: 'eHh4eA==', deposits: [] },
    'POST /api/party/deals/:dealCode/questions': { requestId: 'matrix-question-2', question: '别人的项目？' },
    'POST /api/party/deals/:dealCode/questions/:questionId/answer': { answer: '不是你的项目' },
    'POST /api/party/deals/:dealCode/objections': { requestId: 'matrix-objection-2', kind: 'documents', text: '别人的项目的异议' },
    'POST /api/party/deals/:dealCode/objections/:objectionId/answer': { answer: '不是你的项目' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/guarantee': { issuerId: 'nobody', guaranteeNo: 'BH-1', requestId: 'matrix-guarantee-1' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/bids': { envelope: {}, signature: 'AAAA' },
    // a listing quote on a deal the other-city party never applied to: not found for it
    'POST /api/party/deals/:dealCode/listing/quotes': { priceFen: 100, requestId: 'matrix-quote-1' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/decryption': { share: Buffer.alloc(32).toString('base64') },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/sign-in/challenge': {},
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/sign-in': { challengeId: 'matrix-challenge-0001', certificate: 'A'.repeat(120), signature: 'AAAA' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/objections': { requestId: 'matrix-objection-1', text: '别人的开标' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/objections/:objectionId/answer': { answer: '不是你的开标' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/record': { requestId: 'matrix-record-1' },
    'POST /api/party/deals/:dealCode/sections/:sectionCode/opening/record/confirmation': { recordSha256: 'ab'.repeat(32), certificate: 'A'.repeat(120), signature: 'AAAA' },
    'POST /api/opening-halls/:dealCode/:sectionCode/objections/:objectionId/answer': { answer: '不是你的开标' },
    'POST /api/opening-halls/:dealCode/:sectionCode/record': { requestId: 'matrix-record-2' },
    // a complaint about a deal the other-city party never bid in: not found for it
    'POST /api/party/deals/:dealCode/complaints': { requestId: 'matrix-complaint-1', grounds: '评标过程存在违规行为，请求调查处理。', knownOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) },
  };
}

/** A decision table of the own city, named as the fixture's procedure (the :key of both kinds of version). */
function decisionTable(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="matrix_definitions" name="matrix" namespace="urn:matrix">
  <decision id="${key}" name="矩阵">
    <decisionTable id="matrix_table" hitPolicy="FIRST">
      <input id="matrix_in"><inputExpression id="matrix_in_expr" typeRef="number"><text>n</text></inputExpression></input>
      <output id="matrix_out" name="size" typeRef="number"/>
      <rule id="matrix_rule"><inputEntry id="matrix_rule_in"><text>-</text></inputEntry><outputEntry id="matrix_rule_out"><text>5</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
}

/** Writes whose region is in the body rather than the path. */
function bodyScopedSamples(xml: string, f: Fixture): Record<string, unknown> {
  return {
    'POST /api/process-definitions': { xml, regionCode: OWN },
    'POST /api/decision-definitions': { xml: decisionTable(f.processKey), regionCode: OWN },
    // trying the own city's table: another city's designer does not find it
    'POST /api/decision-definitions/evaluate': { key: f.processKey, regionCode: OWN, version: 1, variables: {} },
    // a user of the own city: only its security administrator creates one there (another city's: REGION_NOT_ASSIGNABLE)
    'POST /api/users': { username: 'm_created_990100', displayName: '矩阵新用户', role: 'staff', regionCode: OWN },
    // a price list for the own city: another city's staff or administrator may not import it
    'POST /api/prices/imports': { kind: 'bill_items', sha256: 'ab'.repeat(32), fileName: 'matrix.csv', regionCode: OWN },
  };
}

/**
 * Event streams (the opening hall, live): an admitted caller's answer never ends, so it is judged by its status and
 * media type and the stream is then dropped; a refused one is an ordinary error answer.
 */
const EVENT_STREAMS = new Set([
  'GET /api/party/deals/:dealCode/sections/:sectionCode/opening/events',
  'GET /api/opening-halls/:dealCode/:sectionCode/events',
]);

async function peek(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const aborting = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, {
    method, signal: aborting.signal,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  if (res.status === 200) {
    const first = await res.body!.getReader().read(); // the first state comes at once
    aborting.abort();
    const text = new TextDecoder().decode(first.value);
    if (!res.headers.get('content-type')?.startsWith('text/event-stream') || !text.includes('event: hall')) return { status: 599, body: text };
    return { status: 200, body: text };
  }
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** Routes that end the caller's session: each call gets a session of its own. */
const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-everywhere']);
/** Of those, the routes that end every session of the caller: the caller signs in again afterwards. */
const ENDS_EVERY_SESSION = new Set(['POST /api/auth/logout-everywhere']);

function pathFor(path: string, samples: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = samples[name];
    if (value === undefined) throw new Error(`path parameter :${name} has no sample in the authorization matrix: add one to paramSamples`);
    return encodeURIComponent(value);
  });
}

function holds(role: Role, permission: Permission | 'public' | 'gateway' | 'bank'): boolean {
  if (permission === 'gateway' || permission === 'bank') return false;
  return permission === 'public' || (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

describe('authorization matrix: every route × role × city', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens = new Map<string, string>(); // `${role}:${city}` → token
  let fixture: Fixture;
  let xml: string;
  let dataDir: string;

  async function session(role: Role, city: string): Promise<string> {
    if (role === 'party') {
      const res = await certificateSignIn(platform.baseUrl, readKeyFile(path.join(dataDir, 'pki', 'keys', PARTY_KEY_FILES[city]!)));
      if (res.status !== 200) throw new Error(`certificate sign-in of the ${city} party: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    }
    return loginAs(platform.baseUrl, `m_${role}_${city}`, DEMO_PASSWORD);
  }

  beforeAll(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const role of ROLES.filter((r) => r !== 'party')) {
      for (const city of [OWN, OTHER]) {
        await User.query(database.db).insert({ username: `m_${role}_${city}`, display_name: `${role} ${city}`, role, region_code: city, password_hash: passwordHash, is_demo: false });
      }
    }
    await User.query(database.db).insert({ username: RESET_USER, display_name: 'reset', role: 'staff', region_code: OWN, password_hash: passwordHash, is_demo: false });
    const experts = await drawnExperts(database.db, { unseal: true }); // an unsealed expert list of the own city
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-matrix-pki-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, {
      gatewaySecret: 'matrix-gateway-secret-0123456789abcdef', trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')), bankKeys: new Map([['matrixbank', BANK_KEY]]),
    });
    for (const role of ROLES) for (const city of [OWN, OTHER]) tokens.set(`${role}:${city}`, await session(role, city));

    // a resource of each kind in the own city
    const processKey = `matrix_${Date.now().toString(36)}`;
    xml = buildBpmn({
      id: processKey,
      nodes: [{ id: 'start', type: 'startEvent' }, { id: 'accept', type: 'userTask', role: 'staff', formKey: 'accept' }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'accept'], ['accept', 'end']],
    });
    const forms = { accept: { type: 'object', properties: { projectName: { type: 'string', required: true } } } };
    const deployed = await deployApprovedVia(platform.baseUrl, tokens.get(`designer:${OWN}`), { xml, forms, regionCode: OWN });
    expect(deployed.status).toBe(201);
    expect((await deployDecisionsApproved(database.db, { xml: decisionTable(processKey), regionCode: OWN, deployedBy: null })).map((d) => d.status)).toEqual(['active']);
    xml = buildBpmn({ id: processKey, nodes: [{ id: 'start', type: 'startEvent' }, { id: 'end', type: 'endEvent' }], flows: [['start', 'end']] });
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: tokens.get(`staff:${OWN}`), body: { processKey, variables: DEAL_VARIABLES } });
    expect(started.status).toBe(201);
    let taskId: string | undefined;
    for (let i = 0; i < 200 && !taskId; i++) {
      const inbox = await call(platform.baseUrl, 'GET', '/api/tasks', { token: tokens.get(`staff:${OWN}`) });
      taskId = inbox.body.items.find((t: { workflowId: string }) => t.workflowId === started.body.workflowId)?.taskId;
      if (!taskId) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taskId).toBeDefined();
    const calendar = await call(platform.baseUrl, 'PUT', `/api/work-calendars/${OWN}/${YEAR}`, { token: tokens.get(`admin:${OWN}`), body: { holidays: [`${YEAR}-10-01`], workdays: [] } });
    expect(calendar.status).toBe(204);
    const probe = await call(platform.baseUrl, 'POST', '/api/probes', { token: tokens.get(`admin:${OWN}`), body: { message: 'matrix' } });
    expect(probe.status).toBe(201);
    const applied = await call(platform.baseUrl, 'POST', '/api/subject-applications', {
      token: tokens.get(`staff:${OWN}`), body: { creditCode: SUBJECT, changes: { subject: { name: '矩阵测试有限公司', kind: 'bidder' } } },
    });
    expect(applied.status).toBe(201);
    // a file uploaded by 东湖's staff: the upload session is hers alone, the file the centre's roles read too
    const upload = await call(platform.baseUrl, 'POST', '/api/uploads', { token: tokens.get(`staff:${OWN}`), body: { fileName: 'matrix.txt', mediaType: 'text/plain', sizeBytes: 6 } });
    const sent = await fetch(`${platform.baseUrl}/api/uploads/${upload.body.uploadId}`, {
      method: 'PATCH', body: 'matrix', headers: { authorization: `Bearer ${tokens.get(`staff:${OWN}`)}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    }).then((r) => r.json());
    expect(sent.status).toBe('complete');
    // a deal the own-city party registered for and asked about, with its tender documents; then its bidding period ends
    await openPartyDeal(database.db, { dealCode: PARTY_DEAL, deadline: new Date(Date.now() + 30 * 86_400_000) });
    const registered = await call(platform.baseUrl, 'POST', `/api/party/deals/${PARTY_DEAL}/sections/${PARTY_DEAL}-01/registration`, { token: tokens.get(`party:${OWN}`) });
    expect(registered.status).toBe(201);
    const asked = await call(platform.baseUrl, 'POST', `/api/party/deals/${PARTY_DEAL}/questions`, { token: tokens.get(`party:${OWN}`), body: { requestId: 'matrix-question-1', question: '工期多少天？' } });
    expect(asked.status).toBe(201);
    // and objected to its documents (the deal's workflow is not running here: nothing to hold); its id is the samples' objectionId
    const objected = await call(platform.baseUrl, 'POST', `/api/party/deals/${PARTY_DEAL}/objections`, { token: tokens.get(`party:${OWN}`), body: { requestId: 'matrix-objection-1', kind: 'documents', text: '评分标准有倾向性。' } });
    expect([objected.status, objected.body.objection?.id]).toEqual([201, 1]);
    const content = Buffer.from('matrix tender documents');
    const document = await StoredDocument.query(database.db).insert({
      deal_code: PARTY_DEAL, section_code: null, subject_id: null, kind: 'tender_documents', file_name: 'matrix.pdf', media_type: 'application/pdf',
      size_bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), content, created_key: 'matrix', created_at: new Date().toISOString(),
    });
    await database.db('deals').where('deal_code', PARTY_DEAL).update({ bid_deadline_at: new Date(Date.now() - 86_400_000).toISOString() });
    // a token move of the own city's deal, asked by its system administrator and pending: the samples' move id
    const [move] = await database.db('token_moves').insert({
      workflow_id: started.body.workflowId, deal_code: null, region_code: OWN, from_node: 'accept', to_node: 'accept', reason: 'matrix',
      requested_by: `m_admin_${OWN}`, requested_at: new Date().toISOString(), status: 'pending',
    }).returning('id');
    tokenMoveId = typeof move === 'object' ? (move as { id: number }).id : Number(move);
    fixture = {
      workflowId: started.body.workflowId, taskId: taskId!, processKey, probeId: probe.body.probe.id, drawId: experts.drawId, reviewId: applied.body.id,
      documentId: document.id, questionId: asked.body.question.id, uploadId: upload.body.uploadId, sha256: sent.sha256,
    };
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the table has routes of every kind the matrix knows', () => {
    const routes = apiRoutes();
    expect(routes.some((r) => r.permission === 'public')).toBe(true);
    expect(routes.some((r) => r.path.includes(':workflowId') && r.method !== 'get')).toBe(true);
  });

  test('a deal\'s variables reach the roles of the catalogue\'s process-variables:read, secrets masked; the others get its state without them', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const res = await call(platform.baseUrl, 'GET', `/api/process-instances/${encodeURIComponent(fixture.workflowId)}`, { token: tokens.get(`${role}:${OWN}`)! });
      if (!holds(role, 'process:read')) continue;
      const text = JSON.stringify(res.body);
      if (res.status !== 200 || !Array.isArray(res.body.tokens)) failures.push(`${role}: ${res.status}, expected the deal's state`);
      if (text.includes('6222000011112222')) failures.push(`${role}: sees the bank account`);
      if (holds(role, 'process-variables:read') !== text.includes(DEAL_VARIABLES.matrixTitle)) failures.push(`${role}: variables ${text.includes(DEAL_VARIABLES.matrixTitle) ? 'shown' : 'withheld'} against the catalogue`);
    }
    expect(PERMISSIONS['process-variables:read']).not.toContain('designer');
    expect(PERMISSIONS['process-variables:read']).not.toContain('admin');
    expect(failures).toEqual([]);
  });

  test('every route answers each caller as the permission catalogue and the city scope say', async () => {
    const failures: string[] = [];
    const params = paramSamples(fixture);
    const writes = writeSamples(fixture);
    const bodyScoped = bodyScopedSamples(xml, fixture);
    const markers = [fixture.workflowId, fixture.taskId, PARTY_DEAL, RESET_USER];
    for (const r of apiRoutes()) {
      const name = route(r);
      const request = EVENT_STREAMS.has(name) ? peek : call;
      const path = pathFor(r.path, { ...params, ...ROUTE_PARAMS[name] }) + (QUERY_SCOPED[name] ?? '');
      const isRead = r.method === 'get';
      const regionScoped = REGION_SCOPED_PARAMS.some((p) => r.path.includes(`:${p}`)) || name in bodyScoped || name in QUERY_SCOPED;
      const expectThat = (who: string, status: number, ok: boolean, wanted: string) => {
        if (!ok) failures.push(`${name} as ${who}: ${status}, expected ${wanted}`);
      };

      const anonymous = await request(platform.baseUrl, r.method.toUpperCase(), path, isRead ? {} : { body: {} });
      if (r.permission === 'public') expectThat('anonymous', anonymous.status, ![401, 403].includes(anonymous.status) && anonymous.status < 500, 'admitted');
      else expectThat('anonymous', anonymous.status, anonymous.status === 401, '401');
      if (r.permission === 'gateway' || r.permission === 'bank') {
        // no session of any role opens a gateway or bank callback: only its signature does (experts-api.test.ts, party-portal.test.ts)
        for (const role of ROLES) {
          const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token: tokens.get(`${role}:${OWN}`)!, body: {} });
          expectThat(`${role}@${OWN}`, res.status, res.status === 401, '401 (unsigned)');
        }
        continue;
      }

      for (const role of ROLES) {
        for (const city of [OWN, OTHER]) {
          const who = `${role}@${city}`;
          const token = ENDS_SESSION.has(name) ? await session(role, city) : tokens.get(`${role}:${city}`)!;
          const own = city === OWN;
          if (r.permission === 'public') {
            // public resources belong to no one's city: admitted for everybody (a missing one is a plain 404)
            const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token, ...(isRead ? {} : { body: {} }) });
            expectThat(who, res.status, ![401, 403].includes(res.status) && res.status < 500, 'admitted (public)');
            continue;
          }
          if (!holds(role, r.permission)) {
            const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token, ...(isRead ? {} : { body: {} }) });
            expectThat(who, res.status, res.status === 403, '403 (role)');
            continue;
          }
          if (isRead) {
            const res = await request(platform.baseUrl, 'GET', path, { token });
            if (OWNER_READS[name]) {
              const wanted = OWNER_READS[name]!(who);
              expectThat(who, res.status, res.status === wanted, String(wanted));
              continue;
            }
            if (regionScoped && !own) expectThat(who, res.status, res.status === 404, '404 (another city)');
            else expectThat(who, res.status, res.status === 200, '200');
            if (!regionScoped && !own && res.status === 200) {
              const text = JSON.stringify(res.body);
              for (const marker of markers) if (text.includes(marker)) failures.push(`${name} as ${who}: lists ${marker} of another city`);
            }
            continue;
          }
          if (regionScoped && !own) {
            const body = writes[name] ?? bodyScoped[name];
            if (body === undefined) {
              failures.push(`${name}: no sample body in the authorization matrix (writeSamples) to check another city's refusal`);
              continue;
            }
            const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token, body });
            expectThat(who, res.status, res.status === 403 || res.status === 404, '403/404 (another city)');
            continue;
          }
          if (OUT_OF_REACH[name]?.(who)) {
            const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token, body: writes[name] });
            expectThat(who, res.status, res.status === 404, '404 (not a user it administers)');
            continue;
          }
          // admitted: an empty body reaches validation (400) without changing anything; never 401/403/404 or a crash
          const res = await request(platform.baseUrl, r.method.toUpperCase(), path, { token, body: {} });
          expectThat(who, res.status, ![401, 403, 404].includes(res.status) && res.status < 500, 'admitted');
          if (ENDS_EVERY_SESSION.has(name)) tokens.set(`${role}:${city}`, await session(role, city));
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
