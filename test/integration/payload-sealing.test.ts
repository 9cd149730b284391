// Nothing of a deal in clear in Temporal: a construction tender runs through the api and the worker (both sealing
// payloads with the run's keys) on the real dev server, and its raw history — read by a client without the codec, as
// the Temporal Web UI or a dump of Temporal's database would show it — holds none of the deal's title, a party's
// credit code, a bidder's bank account or a bid's price; only the search attributes are in clear, and they hold
// nothing but the deal code, city, process and status. The same history opened with the keys does hold them (so the
// check can fail). A failing step's message, which quotes business data, is sealed too. Then the keys rotate: a ring
// with a new active key still reads the deal; a ring that lost its key says so clearly; a tampered payload does not open.
import { randomBytes } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PayloadCipher, SEALED_ENCODING, parsePayloadKeys, type EnginePayload } from '@ggzy/db';
import { deployReferenceProcedures } from '@ggzy/domain';
import { engineDataConverter } from '@ggzy/worker';
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, payloadKeys, startPlatform, temporalAddress, uploadFile, type RunningPlatform } from '../support/platform';
import { deployApprovedVia } from '../support/definitions';
import { AGENT, REGISTRATION, TENDEREE, bidder } from '../support/deal-fixtures';
import { openSealedPayloads } from '../support/histories';
import { buildBpmn } from '../support/bpmn-builder';
import { cstWorkday, until } from '../support/reference-harness';
import { bid, makeBidders } from '../support/party-bidding';
import { terminateWithSecondSupervisor } from '../support/termination';

type History = temporal.api.history.v1.IHistory;

const TITLE = '青松湖湿地公园配套道路工程（封存核验）';
const PRICE = 487_654_321;
const SECRET_SECTION = 'QSH-SEALED-7788-01';

const utf8 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const rawBytes = (history: History) => Buffer.from(temporal.api.history.v1.History.encode(history).finish());

/** Every payload in a history with where it sits (path of field names). */
function payloadsOf(node: unknown, path = '', found: Array<{ path: string; payload: EnginePayload }> = []) {
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return found;
  if (Array.isArray(node)) {
    node.forEach((n) => payloadsOf(n, path, found));
    return found;
  }
  const p = node as EnginePayload;
  if (p.metadata && typeof p.metadata === 'object' && (p.data === undefined || p.data === null || ArrayBuffer.isView(p.data)) && p.metadata.encoding) {
    found.push({ path, payload: p });
    return found;
  }
  for (const [key, value] of Object.entries(node)) payloadsOf(value, path ? `${path}.${key}` : key, found);
  return found;
}

/** Failures anywhere in a history (activity, workflow, update failures), with their cause chains. */
function failuresOf(node: unknown, found: Array<{ message?: string | null; stackTrace?: string | null; encodedAttributes?: unknown }> = []) {
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return found;
  if (Array.isArray(node)) {
    node.forEach((n) => failuresOf(n, found));
    return found;
  }
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'failure' || key === 'cause') && value && typeof value === 'object') found.push(value as never);
    failuresOf(value, found);
  }
  return found;
}

/** The raw history as anyone with access to Temporal sees it: a client without the codec. */
async function rawHistory(workflowId: string): Promise<History> {
  const connection = await Connection.connect({ address: temporalAddress() });
  try {
    return await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
  } finally {
    await connection.close();
  }
}

function expectSealed(history: History, needles: string[]) {
  const raw = rawBytes(history);
  for (const needle of needles) expect({ needle, inRawHistory: raw.includes(Buffer.from(needle, 'utf8')) }).toEqual({ needle, inRawHistory: false });
  const payloads = payloadsOf(history);
  const clear = payloads.filter((p) => utf8(p.payload.metadata!.encoding) !== SEALED_ENCODING);
  expect(payloads.length - clear.length).toBeGreaterThan(0);
  // in clear: the search attributes, only the platform's four (and the server's own), and the names of the interpreter's
  // patches, which the SDK's core writes itself
  const patches = clear.filter((p) => p.path === 'events.markerRecordedEventAttributes.details.patch-data.payloads');
  for (const p of patches) expect(Object.keys(JSON.parse(utf8(p.payload.data))).sort()).toEqual(['deprecated', 'id']);
  const attributes = clear.filter((p) => p.path.includes('searchAttributes.indexedFields'));
  expect(clear.length).toBe(patches.length + attributes.length);
  const names = new Set(attributes.map((p) => p.path.replace(/^.*searchAttributes\.indexedFields\.?/, '').split('.')[0]));
  for (const name of names) expect(['GgzyDealCode', 'GgzyCity', 'GgzyProcessKey', 'GgzyStatus', 'BuildIds', 'TemporalChangeVersion']).toContain(name);
  // and the same history opened with the keys does hold what was looked for
  const opened = rawBytes(openSealedPayloads(temporal.api.history.v1.History.decode(raw)));
  for (const needle of needles) expect({ needle, opened: opened.includes(Buffer.from(needle, 'utf8')) }).toEqual({ needle, opened: true });
}

describe.each(DATABASES)('nothing of a deal in clear in Temporal, on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let staff: string;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await deployReferenceProcedures(database.db, '990000');
    platform = await startPlatform(database.db);
    staff = await loginAs(platform.baseUrl, 'staff', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  let tender: { workflowId: string; dealCode: string };

  test('a tender with bids, deposits and a termination runs as before, and its history holds no business value in clear', async () => {
    const db = database.db;
    const supervisor = await loginAs(platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', {
      token: staff,
      body: { processKey: 'construction_open_tender', variables: { title: TITLE, estimateFen: 500_000_000, ...REGISTRATION, tenderee: TENDEREE, agent: AGENT, sections: [{ name: '施工', estimateFen: 500_000_000 }] } },
    });
    expect(started.status).toBe(201);
    tender = started.body;
    const path = `/api/process-instances/${encodeURIComponent(tender.workflowId)}`;
    // the documents are the organiser's own step: here the centre does it for the agency, with the reason on the trail
    const complete = async (nodeId: string, data: Record<string, unknown>, onBehalf?: { reason: string }) => {
      const task = await until(`task ${nodeId}`, async () => {
        const state = await call(platform.baseUrl, 'GET', path, { token: staff });
        return (state.body.openTasks as Array<{ nodeId: string; taskId: string }>).find((t) => t.nodeId === nodeId);
      });
      const res = await call(platform.baseUrl, 'POST', `${path}/tasks/complete`, { token: staff, body: { taskId: task.taskId, data, ...(onBehalf ? { onBehalf } : {}) } });
      expect(res.status).toBe(200);
    };
    const now = Date.now();
    const openingAt = cstWorkday(now, 22, 9);
    const evaluationAt = cstWorkday(Date.parse(openingAt), 1, 9);
    await complete('review', {
      openingAt, openingEndsAt: openingAt.replace('T09:', 'T11:'), evaluationAt, evaluationEndsAt: evaluationAt.replace('T09:', 'T17:'),
      evaluationVenue: '东湖市公共资源交易中心评标区', documentsOnSaleUntil: cstWorkday(now, 7, 17), noticeBody: `${TITLE}现公开招标。`,
      committeeSize: 5, specialties: [{ specialtyCode: 'A01', count: 5 }],
    });
    await complete('issueDocuments', { documentsSha256: await uploadFile(platform.baseUrl, staff, '招标文件.pdf', Buffer.from('招标文件')), documentsIssuedOn: new Date(now + 8 * 3600_000).toISOString().slice(0, 10) }, { reason: '代理机构书面委托交易中心代为发出招标文件' });
    // the bidders register, pay and bid themselves, sealed in their browsers: none of it passes through the workflow
    await until('bidding opened', async () => Number((await db('bid_sealing_keys').count('* as n').first())!.n) === 1);
    for (const [i, b] of (await makeBidders(db, [1, 2, 3].map((n) => bidder(n)), new Date())).entries()) {
      await bid(db, b, { dealCode: tender.dealCode, sectionCode: `${tender.dealCode}-01`, priceFen: PRICE - (i + 1), depositFen: 5_000_000, now: new Date() });
    }
    // the deal ran: bids registered, deposits collected, bids sealed
    await until('three sealed bids', async () => Number((await db('bids').where('status', 'submitted').count('* as n').first())!.n) === 3);
    expect(Number((await db('deposits').count('* as n').first())!.n)).toBe(3);
    expect(await db('deals').where('deal_code', tender.dealCode).first('title')).toEqual({ title: TITLE });

    const terminated = await terminateWithSecondSupervisor(platform.baseUrl, tender.workflowId, { token: supervisor, directiveId: `d-${tender.dealCode}`, reason: `${TITLE}终止` });
    expect(terminated.body).toMatchObject({ lifecycle: 'terminated' });
    await until('deposits refunded', async () => Number((await db('deposit_refunds').count('* as n').first())!.n) === 3);
    const handle = platform.temporal.client.workflow.getHandle(tender.workflowId);
    expect(await handle.result()).toMatchObject({ lifecycle: 'terminated' });

    const history = await rawHistory(tender.workflowId);
    expectSealed(history, [TITLE, TENDEREE.creditCode, AGENT.creditCode, '东湖市公共资源交易中心评标区']);
    // the bids never enter the workflow: not even the opened history holds a price or a bidder's account
    const opened = rawBytes(openSealedPayloads(temporal.api.history.v1.History.decode(rawBytes(history))));
    for (const needle of [String(PRICE - 1), String(PRICE - 3), bidder(2).basicAccount]) {
      expect({ needle, opened: opened.includes(Buffer.from(needle, 'utf8')) }).toEqual({ needle, opened: false });
    }
  });

  test('a failing step\'s message quotes business data: it is sealed as well, and reads back with the keys', async () => {
    const designer = await loginAs(platform.baseUrl, 'designer', DEMO_PASSWORD);
    const processKey = `sealed_failure_${_name.toLowerCase()}`;
    const xml = buildBpmn({
      id: processKey,
      nodes: [{ id: 'start', type: 'startEvent' }, { id: 'register', type: 'serviceTask', taskType: 'registration.registerBidder', inputs: { sectionCode: 'sectionCode', bidder: 'bidder' } }, { id: 'end', type: 'endEvent' }],
      flows: [['start', 'register'], ['register', 'end']],
    });
    expect((await deployApprovedVia(platform.baseUrl, designer, { xml, regionCode: '990100' })).status).toBe(201);
    const started = await call(platform.baseUrl, 'POST', '/api/process-instances', { token: staff, body: { processKey, variables: { sectionCode: SECRET_SECTION, bidder: bidder(7) } } });
    expect(started.status).toBe(201);
    const handle: WorkflowHandle = platform.temporal.client.workflow.getHandle(started.body.workflowId);
    // with the keys, the failure reads as the step raised it (SECTION_NOT_FOUND, naming the section)
    const outcome = await handle.result().then((r) => JSON.stringify(r), (err: Error) => `${err.message} ${(err.cause as Error | undefined)?.message} ${((err.cause as Error | undefined)?.cause as Error | undefined)?.message}`);
    expect(outcome).toContain(SECRET_SECTION);

    const history = await rawHistory(started.body.workflowId);
    const failures = failuresOf(history);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect({ message: f.message, stackTrace: f.stackTrace ?? '' }).toEqual({ message: 'Encoded failure', stackTrace: '' });
      expect(f.encodedAttributes).toBeTruthy();
    }
    expectSealed(history, [SECRET_SECTION, bidder(7).creditCode, bidder(7).basicAccount, 'SECTION_NOT_FOUND']);
  });

  test('rotation: a ring with a new active key reads the deal; a ring that lost its key says which and where; a tampered payload does not open', async () => {
    const current = payloadKeys();
    const newer = `k-next:${randomBytes(32).toString('base64')}`;
    const oldAsText = `${current.active.id}:${current.active.key.toString('base64')}`;
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      const rotated = new Client({ connection, dataConverter: engineDataConverter(parsePayloadKeys(`${newer},${oldAsText}`, 'GGZY_PAYLOAD_KEYS')) });
      expect(await rotated.workflow.getHandle(tender.workflowId).result()).toMatchObject({ lifecycle: 'terminated' });
      const lost = new Client({ connection, dataConverter: engineDataConverter(parsePayloadKeys(newer, 'GGZY_PAYLOAD_KEYS')) });
      await expect(lost.workflow.getHandle(tender.workflowId).result()).rejects.toThrow(
        new RegExp(`sealed with the key "${current.active.id}", which GGZY_PAYLOAD_KEYS does not hold`),
      );
    } finally {
      await connection.close();
    }
    const sealed = payloadsOf(await rawHistory(tender.workflowId)).find((p) => utf8(p.payload.metadata!.encoding) === SEALED_ENCODING)!.payload;
    const cipher = new PayloadCipher(current);
    expect(utf8(cipher.open(sealed).metadata!.encoding)).toBe('json/plain');
    const data = Buffer.from(sealed.data!);
    data[data.length >> 1] ^= 0x80;
    expect(() => cipher.open({ metadata: sealed.metadata, data })).toThrow(/does not open: it was altered/);
  });
});
