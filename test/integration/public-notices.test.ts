// The public notice api (公告公示) through the real koa app: no login, read-only, filtered and paged by the server,
// only published notices, and nothing internal in the answers.
import { withCheckCharacter } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../support/databases';
import { runTask, type TaskCall } from '../support/activities';
import { call, startPlatform, type RunningPlatform } from '../support/platform';
import { NOTICE_TYPES } from '@ggzy/domain';
import { PUBLIC_NOTICE_TYPES } from '../../api/src/services/public-notices';

const EAST = '990100-2025-JS-00001';
const WEST = '990200-2025-JS-00001';
const accept = (dealCode: string, regionCode: string, title: string): TaskCall => ({
  type: 'registration.acceptDeal', nodeId: 'accept', workflowId: `wf-${dealCode}`, dealCode, regionCode,
  input: {
    title, procedureKind: 'construction-open-tender',
    tenderee: { creditCode: withCheckCharacter(`91${regionCode}MA0000001`), name: '城市建设投资有限公司' },
    sections: [{ name: '施工' }],
  },
});
let n = 0;
const publish = (dealCode: string, regionCode: string, input: Record<string, unknown>): TaskCall => ({
  type: 'notices.publish', workflowId: `wf-${dealCode}`, dealCode, regionCode, key: `wf-${dealCode}:publish#${++n}`, input,
});
const on = (iso: string) => ({ now: () => new Date(iso) });
const ids: Record<string, number> = {};
const idOf = async (task: Promise<{ result?: unknown }>) => ((await task).result as { noticeId: number }).noticeId;

describe.each(DATABASES)('public notices on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const get = (path: string) => call(platform.baseUrl, 'GET', path);

  beforeAll(async () => {
    database = await createSeededDatabase(create);
    const db = database.db;
    await runTask(db, accept(EAST, '990100', '东湖市第一中学教学楼新建工程'), on('2025-06-01T01:00:00Z'));
    await runTask(db, accept(WEST, '990200', '西山市滨江路改造工程'), on('2025-06-01T01:00:00Z'));
    ids.tender = await idOf(runTask(db, publish(EAST, '990100', { noticeType: 'tender', title: '东湖市第一中学教学楼新建工程招标公告', body: '招标文件发售期五日。投标保证金为估算价的 2%。' }), on('2025-06-02T01:00:00Z')));
    ids.west = await idOf(runTask(db, publish(WEST, '990200', { noticeType: 'tender', title: '西山市滨江路改造工程招标公告', body: '详见招标文件', bodyFormat: 'plain' }), on('2025-06-10T01:00:00Z')));
    ids.candidates = await idOf(runTask(db, publish(EAST, '990100', { noticeType: 'candidates', sectionCode: `${EAST}-01`, title: '东湖市第一中学教学楼新建工程中标候选人公示', body: '第一中标候选人：东湖建设有限公司' }), on('2025-06-20T01:00:00Z')));
    ids.withdrawn = await idOf(runTask(db, publish(EAST, '990100', { noticeType: 'clarification', title: '东湖市第一中学澄清公告', body: '更正' }), on('2025-06-05T01:00:00Z')));
    await runTask(db, { type: 'notices.withdraw', workflowId: `wf-${EAST}`, dealCode: EAST, key: 'wf-east:withdraw#1', input: { noticeId: ids.withdrawn, reasonKind: 'correction', reason: '内容有误，另行发布' } }, on('2025-06-06T01:00:00Z'));
    ids.scheduled = await idOf(runTask(db, publish(EAST, '990100', { noticeType: 'result', title: '东湖市第一中学中标结果公告', body: '待发布', publishAt: '2099-01-01T00:00:00Z' }), on('2025-06-25T01:00:00Z')));
    platform = await startPlatform(db, { withWorker: false });
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });

  test('anyone lists the published notices, newest first, without a session; withdrawn and scheduled ones never show', async () => {
    const res = await get('/api/public/notices');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([ids.candidates, ids.west, ids.tender]);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(res.body.items[0]).toEqual({
      id: ids.candidates, type: 'candidates', title: '东湖市第一中学教学楼新建工程中标候选人公示', regionCode: '990100', regionName: expect.any(String),
      dealCode: EAST, dealTitle: '东湖市第一中学教学楼新建工程', sectionCode: `${EAST}-01`, sectionName: '施工',
      publishedAt: '2025-06-20T01:00:00.000Z', publicUntil: '2025-06-23T01:00:00.000Z', sandbox: false,
    });
    expect(res.body.items[2].publicUntil).toBe('2025-06-07T01:00:00.000Z');
  });

  test('filters by region (a province includes its cities), type, keyword in title or body, and publication date', async () => {
    const list = async (query: string) => (await get(`/api/public/notices?${query}`)).body.items.map((i: { id: number }) => i.id);
    expect(await list('regionCode=990200')).toEqual([ids.west]);
    expect(await list('regionCode=990000')).toEqual([ids.candidates, ids.west, ids.tender]);
    expect(await list('type=candidates')).toEqual([ids.candidates]);
    expect(await list('type=termination')).toEqual([]);
    expect(await list(`keyword=${encodeURIComponent('滨江路')}`)).toEqual([ids.west]);
    expect(await list(`keyword=${encodeURIComponent('发售期')}`)).toEqual([ids.tender]);
    expect(await list(`keyword=${encodeURIComponent('2%')}`)).toEqual([ids.tender]);
    expect(await list(`keyword=${encodeURIComponent('%')}`)).toEqual([ids.tender]);
    expect(await list(`keyword=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await list(`keyword=${encodeURIComponent('更正')}`)).toEqual([]); // only in the withdrawn notice
    // Dates are China Standard Time: 2025-06-10T01:00Z is 09:00 on the 10th.
    expect(await list('from=2025-06-03&to=2025-06-10')).toEqual([ids.west]);
    expect(await list('from=2025-06-11')).toEqual([ids.candidates]);
    expect(await list('to=2025-06-02')).toEqual([ids.tender]);
    expect(await list('regionCode=990100&type=tender&from=2025-06-01')).toEqual([ids.tender]);
  });

  test('pages on the server with the total', async () => {
    const page2 = await get('/api/public/notices?pageSize=1&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 1, total: 3 });
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual([ids.west]);
    const beyond = await get('/api/public/notices?pageSize=2&page=3');
    expect(beyond.body).toMatchObject({ items: [], total: 3 });
  });

  test('one notice with its text; unknown, withdrawn and scheduled notices are all simply not found', async () => {
    const res = await get(`/api/public/notices/${ids.west}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.west, type: 'tender', bodyFormat: 'plain', body: '详见招标文件', regionCode: '990200', dealCode: WEST, sectionCode: null });
    for (const id of [ids.withdrawn, ids.scheduled, 987654]) {
      const missing = await get(`/api/public/notices/${id}`);
      expect({ id, status: missing.status, code: missing.body.error.code }).toEqual({ id, status: 404, code: 'NOT_FOUND' });
    }
  });

  test('nothing internal leaks: no keys, workflow ids, legal notes, withdrawal reasons or row ids of other tables', async () => {
    const texts = [
      JSON.stringify((await get('/api/public/notices?regionCode=990000')).body),
      JSON.stringify((await get(`/api/public/notices/${ids.candidates}`)).body),
    ];
    for (const text of texts) expect(text).not.toMatch(/publish_key|wf-|period|basis|withdraw|deal_id|section_id|status|另行发布|待发布/);
    const detail = (await get(`/api/public/notices/${ids.candidates}`)).body;
    expect(Object.keys(detail).sort()).toEqual(['body', 'bodyFormat', 'dealCode', 'dealTitle', 'id', 'publicUntil', 'publishedAt', 'regionCode', 'regionName', 'sandbox', 'sectionCode', 'sectionName', 'title', 'type']);
  });

  test('open data: the OCDS release package holds one release per published notice; the record compiles them', async () => {
    const releases = await get(`/api/public/ocds/releases/${EAST}`);
    expect(releases.status).toBe(200);
    expect(releases.body).toMatchObject({ version: '1.1', publishedDate: '2025-06-20T01:00:00.000Z', publisher: { name: expect.any(String) } });
    // the withdrawn clarification and the result scheduled for 2099 are not public: no release
    expect(releases.body.releases.map((r: { id: string; tag: string[] }) => [r.id, r.tag])).toEqual([
      [`ocds-ggzy00-${EAST}-notice-${ids.tender}`, ['tender']], [`ocds-ggzy00-${EAST}-notice-${ids.candidates}`, ['tenderUpdate']],
    ]);
    const record = (await get(`/api/public/ocds/records/${EAST}`)).body.records[0];
    expect(record.compiledRelease).toMatchObject({
      ocid: `ocds-ggzy00-${EAST}`, tag: ['compiled'], date: '2025-06-20T01:00:00.000Z',
      tender: { id: EAST, title: '东湖市第一中学教学楼新建工程', status: 'active', lots: [{ id: `${EAST}-01`, title: '施工' }] },
    });
    expect(record.compiledRelease.tender.documents.map((d: { id: string }) => d.id)).toEqual([`notice-${ids.tender}`, `notice-${ids.candidates}`]);
    expect(JSON.stringify(record)).not.toMatch(/wf-|publish_key|另行发布|待发布/);
    // a deal nobody published anything about, and a malformed code
    expect((await get('/api/public/ocds/releases/990100-2025-JS-09999')).status).toBe(404);
    expect((await get('/api/public/ocds/records/bad%20code')).status).toBe(400);
  });

  test('bad queries are refused with the envelope, and the api is read-only', async () => {
    for (const query of ['pageSize=500', 'page=0', 'type=everything', 'from=2025-13-01', 'from=2025-06-10&to=2025-06-01', 'regionCode=east', `keyword=${'长'.repeat(51)}`]) {
      const res = await get(`/api/public/notices?${query}`);
      expect({ query, status: res.status, code: res.body.error.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await get('/api/public/notices/abc')).status).toBe(400);
    const post = await call(platform.baseUrl, 'POST', '/api/public/notices', { body: { title: 'x' } });
    expect(post.status).toBe(405);
    const del = await call(platform.baseUrl, 'DELETE', `/api/public/notices/${ids.tender}`);
    expect(del.status).toBe(405);
    expect((await get(`/api/public/notices/${ids.tender}`)).status).toBe(200);
  });
});

test('the public api names the same notice types as notices.publish', () => {
  expect([...PUBLIC_NOTICE_TYPES]).toEqual([...NOTICE_TYPES]);
});
