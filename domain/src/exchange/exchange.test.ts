import { createHash } from 'node:crypto';
import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, PINNED_NOW, businessErrorOf, commitThenFail, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { AGENT, TENDEREE, accept, bidder } from '../../../test/support/deal-fixtures';
import { specTime, yuan } from './data-sets';
import { loadExchangeConfig } from './config';

const push = (input: Record<string, unknown> = {}, n = 1): TaskCall => ({ type: 'exchange.push', nodeId: 'push', key: `wf-test:push#${n}`, input });
const publish = (noticeType: string, extra: Record<string, unknown> = {}): TaskCall => ({
  type: 'notices.publish', nodeId: `publish-${noticeType}`, input: { noticeType, title: `${noticeType}公告`, body: `${noticeType}内容`, ...extra },
});
const register = (n: number): TaskCall => ({ type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register#${n}`, input: { sectionCode: `${DEAL}-01`, bidder: bidder(n) } });

interface Outbox { message_id: string; data_set: string; record_key: string; version: number; payload: string; status: string; deal_code: string }
const outbox = async (db: Db) => (await db('exchange_outbox').orderBy('id')) as Outbox[];
const at = PINNED_NOW.toISOString();

/** An opening of section 01 with bidders 1–3 and an award to bidder 2, as bids.open and awards.issueNotice leave them. */
async function openAndAward(db: Db) {
  const section = await db('sections').where('section_code', `${DEAL}-01`).first('id');
  const bids = await db('bids as b').join('subjects as s', 's.id', 'b.bidder_subject_id').where('b.section_id', section.id).orderBy('s.credit_code').select('b.id', 'b.bidder_subject_id');
  const [opening] = await db('bid_openings').insert({ section_id: section.id, deadline_at: at, opened_at: at, opened_key: 'wf-test:open#1', valid_bid_count: 3, line_count: 3 }).returning('id');
  const prices = [990_000_000, 950_000_012, 1_010_000_000];
  for (const [i, bid] of bids.entries()) {
    const [submission] = await db('bid_submissions').insert({ bid_id: bid.id, version: 1, document_sha256: 'a'.repeat(64), sealed_price: 'sealed', submitted_key: `wf-test:submit#${i}`, submitted_at: at }).returning('id');
    await db('bid_opening_lines').insert({
      opening_id: opening.id ?? opening, line_no: i + 1, bid_id: bid.id, submission_id: submission.id ?? submission, bidder_subject_id: bid.bidder_subject_id,
      document_sha256: 'a'.repeat(64), price_fen: prices[i], is_valid: true,
    });
  }
  const content = Buffer.from('中标通知书', 'utf8');
  const [document] = await db('documents').insert({
    deal_code: DEAL, section_code: `${DEAL}-01`, subject_id: bids[1].bidder_subject_id, kind: 'award_notice', file_name: 'award.pdf', media_type: 'application/pdf',
    size_bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), content, created_at: at,
  }).returning('id');
  const deal = await db('deals').where('deal_code', DEAL).first('id');
  await db('awards').insert({
    deal_id: deal.id, section_id: section.id, bid_id: bids[1].id, winner_subject_id: bids[1].bidder_subject_id, price_fen: prices[1],
    notice_document_id: document.id ?? document, notice_sha256: createHash('sha256').update(content).digest('hex'), notice_date: '2026-03-02', issued_key: 'wf-test:award#1', issued_at: at,
  });
}

describe.each(DATABASES)('exchange.push on %s', (_name, create) => {
  let database: TestDatabase;
  beforeEach(async () => { database = await createSeededDatabase(create); });
  afterEach(async () => { await database.close(); });

  test('maps the deal to spec records keyed by UNIFIED_DEAL_CODE and BID_SECTION_CODE, queued in delivery order with their event', async () => {
    await runTask(database.db, accept);
    await runTask(database.db, publish('tender'));
    const answer = await runTask(database.db, push());
    const rows = await outbox(database.db);
    expect(rows.map((r) => `${r.data_set} ${r.record_key} v${r.version}`)).toEqual([
      `TENDER_PROJECT ${DEAL} v1`, `SECTION ${DEAL}-01 v1`, `SECTION ${DEAL}-02 v1`, `TENDER_ANN_QUA_INQUERY_ANN ${DEAL}/N1 v1`,
    ]);
    expect(rows.every((r) => r.status === 'pending' && r.deal_code === DEAL)).toBe(true);
    expect(JSON.parse(rows[0]!.payload)).toEqual({
      TENDER_PROJECT_CODE: DEAL, UNIFIED_DEAL_CODE: DEAL, REGION_CODE: '990100', TENDER_PROJECT_NAME: '东湖市第一中学教学楼新建工程',
      TENDERER_NAME: TENDEREE.name, TENDERER_CODE: TENDEREE.creditCode, TENDER_AGENCY_NAME: AGENT.name, TENDER_AGENCY_CODE: AGENT.creditCode,
      CREATE_TIME: '2026-03-02T09:00:00+08:00', DATA_TIMESTAMP: '2026-03-02T09:00:00+08:00',
    });
    expect(JSON.parse(rows[1]!.payload)).toMatchObject({ BID_SECTION_CODE: `${DEAL}-01`, BID_SECTION_NAME: '施工', CONTRACT_RECKON_PRICE: '10000000.00', PRICE_UNIT: '0', UNIFIED_DEAL_CODE: DEAL });
    expect(JSON.parse(rows[3]!.payload)).toMatchObject({ BID_SECTION_CODES: `${DEAL}-01,${DEAL}-02`, NOTICE_NAME: 'tender公告', NOTICE_SEND_TIME: '2026-03-02T09:00:00+08:00' });
    expect(rows.map((r) => r.message_id)).toEqual((answer.result as { queued: Array<{ messageId: string }> }).queued.map((m) => m.messageId));
    const events = await database.db('supervision_events').where({ deal_code: DEAL, kind: 'exchange.queued' });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ taskType: 'exchange.push', unchanged: 0, counts: { TENDER_PROJECT: 1, SECTION: 2 } });
  });

  test('the opening record, the result with its winner and the award notice, with money exact from fen', async () => {
    await runTask(database.db, accept);
    for (const n of [1, 2, 3]) await runTask(database.db, register(n));
    await openAndAward(database.db);
    await runTask(database.db, publish('result', { sectionCode: `${DEAL}-01` }));
    await runTask(database.db, push({ dataSets: ['BID_WINNING_NOTICE', 'WIN_RESULT_ANNO', 'BID_OPENING_RECORD'] }));
    const rows = await outbox(database.db);
    expect(rows.map((r) => r.data_set)).toEqual(['BID_OPENING_RECORD', 'WIN_RESULT_ANNO', 'BID_WINNING_NOTICE']);
    const opening = JSON.parse(rows[0]!.payload);
    expect(opening).toMatchObject({ BID_SECTION_CODES: `${DEAL}-01`, BID_OPENING_TIME: '2026-03-02T09:00:00+08:00' });
    expect(opening.BID_OPENING_CONTENT.split('\n')).toEqual([
      `1. ${bidder(1).name}（${bidder(1).creditCode}）投标报价：9900000.00 元；有效`,
      `2. ${bidder(2).name}（${bidder(2).creditCode}）投标报价：9500000.12 元；有效`,
      `3. ${bidder(3).name}（${bidder(3).creditCode}）投标报价：10100000.00 元；有效`,
    ]);
    expect(JSON.parse(rows[1]!.payload)).toMatchObject({ BID_SECTION_CODE: `${DEAL}-01`, WIN_BIDDER_NAME: bidder(2).name, WIN_BIDDER_CODE: bidder(2).creditCode, BID_AMOUNT: '9500000.12', BID_CURRENCY: '156' });
    expect(JSON.parse(rows[2]!.payload)).toMatchObject({ BID_SECTION_CODES: `${DEAL}-01`, WIN_BIDDER_CODE: bidder(2).creditCode, BID_AMOUNT: '9500000.12', WIN_NOTICE_SEND_TIME: '2026-03-02T09:00:00+08:00' });
  });

  test('pushing again queues nothing; a change queues a new version, also when it changes back', async () => {
    await runTask(database.db, accept);
    await runTask(database.db, push());
    const again = await runTask(database.db, push({}, 2));
    expect(again.result).toEqual({ queued: [], unchanged: 3 });
    expect(await outbox(database.db)).toHaveLength(3);
    await database.db('deals').where('deal_code', DEAL).update({ title: '东湖市第一中学教学楼改扩建工程' });
    const changed = await runTask(database.db, push({ dataSets: ['TENDER_PROJECT'] }, 3));
    expect((changed.result as { queued: unknown[] }).queued).toEqual([{ messageId: `TENDER_PROJECT:${DEAL}:v2`, dataSet: 'TENDER_PROJECT', recordKey: DEAL, version: 2 }]);
    await database.db('deals').where('deal_code', DEAL).update({ title: '东湖市第一中学教学楼新建工程' });
    await runTask(database.db, push({ dataSets: ['TENDER_PROJECT'] }, 4), { now: () => new Date(PINNED_NOW.getTime() + 3600_000) });
    const versions = (await outbox(database.db)).filter((r) => r.data_set === 'TENDER_PROJECT');
    expect(versions.map((r) => [r.version, JSON.parse(r.payload).TENDER_PROJECT_NAME, JSON.parse(r.payload).DATA_TIMESTAMP])).toEqual([
      [1, '东湖市第一中学教学楼新建工程', '2026-03-02T09:00:00+08:00'],
      [2, '东湖市第一中学教学楼改扩建工程', '2026-03-02T09:00:00+08:00'],
      [3, '东湖市第一中学教学楼新建工程', '2026-03-02T10:00:00+08:00'],
    ]);
  });

  test('a retry with the same key answers the stored result and writes nothing more', async () => {
    await runTask(database.db, accept);
    const first = await runTask(database.db, push());
    const before = await dumpDatabase(database.db);
    expect(await runTask(database.db, push())).toEqual(first);
    expect(await dumpDatabase(database.db)).toEqual(before);
  });

  test('commit, then fail: the retried runs leave exactly what clean runs leave', async () => {
    const outcome = await commitThenFail(() => createSeededDatabase(create), [accept, publish('tender'), push(), publish('candidates', { sectionCode: `${DEAL}-01` }), push({}, 2)]);
    expect(outcome.crashes).toBe(5);
    expect(outcome.retriedAnswers).toEqual(outcome.cleanAnswers);
    expect(outcome.retried).toEqual(outcome.clean);
  });

  test('bad input is refused with a typed, non-retryable error and leaves no rows', async () => {
    await runTask(database.db, accept);
    const before = await dumpDatabase(database.db);
    const cases: Array<[TaskCall, string]> = [
      [push({ dataSets: [] }), 'INVALID_INPUT'],
      [push({ dataSets: ['LAND_EVERYTHING'] }), 'INVALID_INPUT'],
      [push({ dataSets: ['SECTION', 'SECTION'] }), 'INVALID_INPUT'],
      [push({ platformCode: 'X' }), 'INVALID_INPUT'],
      [push({ dataSets: ['TENDER_PROJECT', 'WIN_RESULT_ANNO'] }), 'EXCHANGE_NO_DATA'],
      [push({ dataSets: ['BID_OPENING_RECORD'] }), 'EXCHANGE_NO_DATA'],
      [{ ...push(), dealCode: '990100-2026-JS-09999' }, 'DEAL_NOT_FOUND'],
      [{ ...push(), dealCode: null }, 'DEAL_CODE_MISSING'],
    ];
    for (const [i, [call, code]] of cases.entries()) {
      const error = await businessErrorOf(runTask(database.db, { ...call, key: `wf-test:bad#${i}` }));
      expect({ input: call.input, code: error.code, nonRetryable: error.nonRetryable }).toEqual({ input: call.input, code, nonRetryable: true });
      expect(error.message.zh && error.message.en).toBeTruthy();
    }
    expect(await dumpDatabase(database.db)).toEqual(before);
  });
});

test('the spec formats: exact yuan from fen, China Standard Time', () => {
  expect([yuan(0), yuan(5), yuan(100), yuan(123_456_789), yuan('900719925474099312'), yuan(-250)]).toEqual(['0.00', '0.05', '1.00', '1234567.89', '9007199254740993.12', '-2.50']);
  expect(specTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01T00:30:00+08:00');
  expect(specTime(new Date('2026-03-02T01:00:00Z'))).toBe('2026-03-02T09:00:00+08:00');
});

test('dispatcher configuration: off without a URL, complete and checked with one', () => {
  expect(loadExchangeConfig({})).toBeNull();
  const config = loadExchangeConfig({ GGZY_EXCHANGE_URL: 'https://ggzy.example.gov.cn/exchange', GGZY_PLATFORM_CODE: 'P9900001' });
  expect(config).toEqual({
    url: 'https://ggzy.example.gov.cn/exchange', platformCode: 'P9900001', token: null, intervalMs: 5000, batchSize: 50, timeoutMs: 10_000,
    leaseMs: 25_000, backoffBaseMs: 1000, backoffMaxMs: 600_000,
  });
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ GGZY_EXCHANGE_URL: 'not a url', GGZY_PLATFORM_CODE: 'P1' }, /not a URL/],
    [{ GGZY_EXCHANGE_URL: 'ftp://x.example/', GGZY_PLATFORM_CODE: 'P1' }, /http/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/' }, /GGZY_PLATFORM_CODE/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/', GGZY_PLATFORM_CODE: 'P 1' }, /letters, digits/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/', GGZY_PLATFORM_CODE: 'P1', GGZY_EXCHANGE_BATCH: '0' }, /GGZY_EXCHANGE_BATCH=0/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/', GGZY_PLATFORM_CODE: 'P1', GGZY_EXCHANGE_TIMEOUT_MS: '1.5' }, /GGZY_EXCHANGE_TIMEOUT_MS/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/', GGZY_PLATFORM_CODE: 'P1', GGZY_EXCHANGE_LEASE_MS: '100' }, /must exceed/],
    [{ GGZY_EXCHANGE_URL: 'https://x.example/', GGZY_PLATFORM_CODE: 'P1', GGZY_EXCHANGE_BACKOFF_MS: '5000', GGZY_EXCHANGE_BACKOFF_MAX_MS: '10' }, /BACKOFF_MAX/],
  ];
  for (const [env, message] of bad) expect(() => loadExchangeConfig(env)).toThrow(message);
});
