// The price library's api (价格信息库): the city's staff import a list they uploaded — a bad one is refused with its
// rows and writes nothing, the same one again changes nothing — and those who run, watch and audit deals read the
// indicators and the control-price reference of their own cities only; everyone else is refused.
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, uploadFile, type RunningPlatform } from '../support/platform';

const HEADER = '项目编码,项目名称,计量单位,工程量,综合单价（元）,地区代码,期间,来源';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');
const GOOD = csv(
  HEADER,
  '010101001001,挖一般土方,m3,120,100,990100,2026-01,甲',
  '010101001002,挖一般土方,m3,80,200,990100,2026-01,乙',
  '010101001001,挖一般土方,m3,35.5,300,990100,2026-02,丙',
  '010101001003,挖一般土方,m3,10,400,990100,2026-02,丁',
  '010101002001,挖沟槽土方,m2,10,55.5,990100,2026-02,戊',
);
const BAD = csv(HEADER, '010101001001,挖一般土方,m3,120,100,990100,2026-01,甲', '0101,挖一般土方,m3,120,100,990100,2026-01,甲', '010101001001,挖一般土方,m3,120,1.234,990100,2026-01,甲');

describe.each(DATABASES)('prices api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    platform = await startPlatform(database.db, { withWorker: false });
    for (const user of ['staff', 'staff2', 'supervisor', 'auditor', 'designer', 'admin']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });
  const send = (user: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(platform.baseUrl, method, path, { token: user ? tokens[user] : undefined, body, headers });
  const rowsOf = async () => Number((await database.db('bill_item_prices').count('* as n').first())!.n);

  test('an import: refused with its rows when bad, once when good, only by the city\'s staff and for their city', async () => {
    const bad = await uploadFile(platform.baseUrl, tokens.staff!, 'bad.csv', BAD);
    const refused = await send('staff', 'POST', '/api/prices/imports', { kind: 'bill_items', sha256: bad, fileName: 'bad.csv', regionCode: '990100' }, { 'accept-language': 'en' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PRICE_IMPORT_INVALID');
    expect(refused.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([['rows.3.项目编码', 'ITEM_CODE_INVALID'], ['rows.4.综合单价（元）', 'PRICE_INVALID']]);
    expect(refused.body.error.details[0].message).toContain('row 3');
    const inChinese = await send('staff', 'POST', '/api/prices/imports', { kind: 'bill_items', sha256: bad, fileName: 'bad.csv', regionCode: '990100' });
    expect(inChinese.body.error.details[0].message).toContain('第 3 行');
    expect(await rowsOf()).toBe(0);

    const good = await uploadFile(platform.baseUrl, tokens.staff!, 'good.csv', GOOD);
    const body = { kind: 'bill_items', sha256: good, fileName: 'good.csv', regionCode: '990100' };
    const first = await send('staff', 'POST', '/api/prices/imports', body);
    expect([first.status, first.body.rows, first.body.alreadyImported]).toEqual([201, 5, false]);
    const again = await send('staff', 'POST', '/api/prices/imports', body);
    expect([again.status, again.body.importId, again.body.alreadyImported]).toEqual([200, first.body.importId, true]);
    expect(await rowsOf()).toBe(5);

    // another city's staff: not their city; and not their upload either
    expect((await send('staff2', 'POST', '/api/prices/imports', body)).status).toBe(403);
    expect((await send('staff2', 'POST', '/api/prices/imports', { ...body, regionCode: '990200' })).body.error.code).toBe('PRICE_FILE_NOT_UPLOADED');
    // roles that do not import
    for (const user of ['supervisor', 'auditor', 'designer']) expect((await send(user, 'POST', '/api/prices/imports', body)).status).toBe(403);
    expect((await send(null, 'POST', '/api/prices/imports', body)).status).toBe(401);
    expect((await send('staff', 'POST', '/api/prices/imports', { ...body, sha256: 'xyz' })).body.error.code).toBe('VALIDATION_FAILED');
    const listed = await send('supervisor', 'GET', '/api/prices/imports');
    expect(listed.body.items).toMatchObject([{ importId: first.body.importId, fileName: 'good.csv', rows: 5, importedBy: 'staff' }]);
    expect((await send('staff2', 'GET', '/api/prices/imports')).body.items).toEqual([]);
  });

  test('indicators and the control-price reference: for the city\'s readers, nothing of it for another city', async () => {
    const path = '/api/prices/indicators?kind=bill_item&itemCode=010101001&granularity=month';
    for (const user of ['supervisor', 'auditor', 'staff']) {
      const res = await send(user, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.body.summary).toEqual({ count: 4, min: 10_000, p25: 17_500, median: 25_000, p75: 32_500, max: 40_000, mean: 25_000 });
      expect(res.body.trend.points.map((p: { period: string; median: number; index: number }) => [p.period, p.median, p.index])).toEqual([['2026-01', 15_000, 100], ['2026-02', 35_000, 233.33]]);
    }
    expect((await send('designer', 'GET', path)).status).toBe(403);
    expect((await send('admin', 'GET', path)).status).toBe(403);
    expect((await send(null, 'GET', path)).status).toBe(401);
    expect((await send('staff2', 'GET', path)).body.summary).toBeNull();
    expect((await send('staff2', 'GET', `${path}&regionCode=990100`)).status).toBe(404);
    const mixed = await send('supervisor', 'GET', '/api/prices/indicators?kind=bill_item&itemCode=0101', undefined, { 'accept-language': 'en' });
    expect([mixed.status, mixed.body.error.code, mixed.body.error.details.map((d: { message: string }) => d.message)]).toEqual([422, 'PRICE_BASIS_MIXED', ['m3', 'm2']]);
    expect((await send('supervisor', 'GET', '/api/prices/indicators?kind=bill_item&itemCode=123')).status).toBe(400);
    expect((await send('supervisor', 'GET', '/api/prices/indicators?kind=bill_item')).status).toBe(400);
    const items = await send('supervisor', 'GET', '/api/prices/items?kind=bill_item&q=土方');
    expect(items.body.items).toEqual([
      { kind: 'bill_item', key: '010101001', label: '挖一般土方', unit: 'm3', count: 4, lastPeriod: '2026-02' },
      { kind: 'bill_item', key: '010101002', label: '挖沟槽土方', unit: 'm2', count: 1, lastPeriod: '2026-02' },
    ]);
    const reference = await send('staff', 'POST', '/api/prices/control-price-reference', { items: [{ itemCode: '010101001001', unit: 'm3', quantity: 2 }, { itemCode: '010101002001', unit: 'm2', quantity: 1 }] });
    expect(reference.status).toBe(200);
    expect(reference.body).toMatchObject({ totalFen: 50_000, lowFen: 35_000, highFen: 65_000, priced: 1, unpriced: 1 });
    expect((await send('staff', 'POST', '/api/prices/control-price-reference', { items: [{ itemCode: '0101', unit: 'm3', quantity: 2 }] })).status).toBe(400);
  });
});
