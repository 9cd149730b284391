import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withCheckCharacter } from '@ggzy/db';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../../../test/support/databases';
import { importRegistryInbox, loadRegistryFeedConfig, pullRegistryFeed, REGISTRY_FORMAT } from '.';

const NOW = new Date('2026-05-11T02:00:00.000Z');
const batch = (batchId: string, name: string) => ({
  format: REGISTRY_FORMAT, feed: 'business', batchId, source: '示范省市场监督管理局', generatedAt: '2026-05-11T08:00:00+08:00',
  records: [{ creditCode: withCheckCharacter('91990100MA6000001'), name }],
});

describe('registry feed sources', () => {
  let database: TestDatabase;
  let server: Server;
  let answer: { status: number; body: unknown };
  const seen: Array<string | undefined> = [];
  let url: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });
  beforeEach(async () => {
    database = await createSeededDatabase(createSqliteDatabase);
    dir = mkdtempSync(path.join(os.tmpdir(), 'registry-inbox-'));
    seen.length = 0;
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the HTTP feed: every batch it lists is imported once; a pass again changes nothing; a bad batch is reported, not fatal', async () => {
    answer = { status: 200, body: { batches: [batch('gs-1', '甲公司'), { ...batch('gs-2', '甲公司（更名）'), format: 'v0' }, batch('gs-3', '甲有限公司')] } };
    const config = { url, token: 'feed-token', timeoutMs: 5_000 };
    const first = await pullRegistryFeed(database.db, config, NOW);
    expect(seen).toEqual(['Bearer feed-token']);
    expect(first.fetched).toBe(3);
    expect(first.imported.map((r) => [r.batchId, r.replayed])).toEqual([['gs-1', false], ['gs-3', false]]);
    expect(first.failed).toEqual([{ batch: 'gs-2', error: expect.stringContaining('INVALID_BATCH') }]);
    expect((await database.db('subjects').where('credit_code', withCheckCharacter('91990100MA6000001')).first()).name).toBe('甲有限公司');
    const again = await pullRegistryFeed(database.db, config, NOW);
    expect(again.imported.map((r) => r.replayed)).toEqual([true, true]);
    expect(await database.db('registry_imports').count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  test('the HTTP feed failing fails the pass (retried next time) and writes nothing', async () => {
    answer = { status: 503, body: {} };
    await expect(pullRegistryFeed(database.db, { url, token: null, timeoutMs: 5_000 }, NOW)).rejects.toThrow('HTTP 503');
    answer = { status: 200, body: { items: [] } };
    await expect(pullRegistryFeed(database.db, { url, token: null, timeoutMs: 5_000 }, NOW)).rejects.toThrow('"batches"');
    expect(await database.db('registry_imports').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  test('the inbox: imported files move to done/ with their report, refused ones to refused/ with the reason', async () => {
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify(batch('gs-a', '乙公司')));
    writeFileSync(path.join(dir, 'b.json'), '{ not json');
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ...batch('gs-c', '丙公司'), feed: 'weather' }));
    const pass = await importRegistryInbox(database.db, dir, NOW);
    expect(pass.fetched).toBe(3);
    expect(pass.imported.map((r) => r.batchId)).toEqual(['gs-a']);
    expect(existsSync(path.join(dir, 'done', 'a.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'done', 'a.report.json'), 'utf8'))).toMatchObject({ batchId: 'gs-a', applied: 1 });
    expect(JSON.parse(readFileSync(path.join(dir, 'refused', 'b.report.json'), 'utf8')).error).toContain('not JSON');
    expect(JSON.parse(readFileSync(path.join(dir, 'refused', 'c.report.json'), 'utf8')).error).toContain('INVALID_BATCH');
    expect((await importRegistryInbox(database.db, dir, NOW)).fetched).toBe(0);
    expect((await importRegistryInbox(database.db, path.join(dir, 'missing'), NOW)).fetched).toBe(0);
  });

  test('configuration: nothing set is off; a bad URL or interval is refused with the variable named', () => {
    expect(loadRegistryFeedConfig({})).toBeNull();
    expect(loadRegistryFeedConfig({ GGZY_REGISTRY_INBOX: dir })).toMatchObject({ inbox: dir, url: null, intervalMs: 3_600_000 });
    expect(() => loadRegistryFeedConfig({ GGZY_REGISTRY_FEED_URL: 'ftp://x' })).toThrow('GGZY_REGISTRY_FEED_URL');
    expect(() => loadRegistryFeedConfig({ GGZY_REGISTRY_FEED_URL: 'http://x', GGZY_REGISTRY_IMPORT_MINUTES: '0' })).toThrow('GGZY_REGISTRY_IMPORT_MINUTES');
  });
});
