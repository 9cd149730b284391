// The market dashboards' api (市场分析): those who run, watch and audit deals read their own city's (or province's)
// dashboard and no other; everyone else is refused; a bad span is refused with its code in both languages; the CSV is
// UTF-8 with a byte-order mark, one row per region × period × figure, as an attachment.
import { DATABASES, DEMO_PASSWORD, createSeededDatabase, type TestDatabase } from '../support/databases';
import { call, loginAs, startPlatform, type RunningPlatform } from '../support/platform';
import { seedHandMarket } from '../support/market-fixtures';

const SPAN = 'from=2025-01&to=2025-03';

describe.each(DATABASES)('market dashboards api on %s', (_name, create) => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await seedHandMarket(database.db);
    platform = await startPlatform(database.db, { withWorker: false });
    for (const user of ['staff', 'staff2', 'supervisor', 'auditor', 'designer', 'admin', 'secadmin']) tokens[user] = await loginAs(platform.baseUrl, user, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await platform?.stop();
    await database?.close();
  });
  const send = (user: string | null, path: string, headers: Record<string, string> = {}) => call(platform.baseUrl, 'GET', path, { token: user ? tokens[user] : undefined, headers });

  test('the city\'s staff and supervisors read their city, the province\'s auditor the province with its cities; nobody another city', async () => {
    for (const user of ['staff', 'supervisor']) {
      const res = await send(user, `/api/dashboards/market?${SPAN}`);
      expect(res.status).toBe(200);
      expect(res.body.query).toEqual({ regionCode: '990100', from: '2025-01', to: '2025-03', period: 'month' });
      expect(res.body.regions.map((r: { regionCode: string }) => r.regionCode)).toEqual(['990100']);
      expect(res.body.regions[0].periods[1].competition.singleBid).toEqual({ count: 1, of: 2, share: 0.5 });
    }
    const province = await send('auditor', `/api/dashboards/market?${SPAN}&period=quarter`);
    expect(province.status).toBe(200);
    expect(province.body.regions.map((r: { regionCode: string; regionName: string }) => `${r.regionCode} ${r.regionName}`)).toEqual(['990000 示范省', '990100 东湖市', '990200 西山市']);
    expect(province.body.regions[0].periods[0].concentration.hhi).toBe(3412.66);

    const west = await send('staff2', `/api/dashboards/market?${SPAN}`);
    expect(west.body.regions[0].periods.map((p: { competition: { sections: number } }) => p.competition.sections)).toEqual([0, 1, 0]);
    for (const region of ['990100', '990000']) expect((await send('staff2', `/api/dashboards/market?${SPAN}&regionCode=${region}`)).status).toBe(404);
    expect((await send('staff2', `/api/dashboards/market.csv?${SPAN}&regionCode=990100`)).status).toBe(404);

    for (const user of ['designer', 'admin', 'secadmin']) {
      expect((await send(user, `/api/dashboards/market?${SPAN}`)).status).toBe(403);
      expect((await send(user, `/api/dashboards/market.csv?${SPAN}`)).status).toBe(403);
    }
    expect((await send(null, `/api/dashboards/market?${SPAN}`)).status).toBe(401);
    expect((await send(null, `/api/dashboards/market.csv?${SPAN}`)).status).toBe(401);
  });

  test('without a span: the last twelve months, China time', async () => {
    const res = await send('supervisor', '/api/dashboards/market');
    expect(res.status).toBe(200);
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(res.body.periods).toHaveLength(12);
    expect(res.body.query.to).toBe(now);
    expect(res.body.periods[11]).toBe(now);
  });

  test('bad parameters and spans are refused with their codes, in Chinese first and in English when asked', async () => {
    const backwards = await send('supervisor', '/api/dashboards/market?from=2025-03&to=2025-01');
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'MARKET_RANGE_INVALID']);
    expect(backwards.body.error.message).toContain('晚于');
    const tooLong = await send('supervisor', '/api/dashboards/market?from=2001-01&to=2025-01', { 'accept-language': 'en' });
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'MARKET_RANGE_INVALID']);
    expect(tooLong.body.error.message).toContain('at most 120 months');
    for (const query of ['period=week', 'from=2025-13', 'regionCode=99', 'procedureKind=DROP%20TABLE', 'colour=red']) {
      const res = await send('supervisor', `/api/dashboards/market?${query}`);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    expect((await send('supervisor', `/api/dashboards/market.csv?${SPAN}&groups=volumes,secrets`)).body.error.code).toBe('VALIDATION_FAILED');
  });

  test('the CSV: a byte-order mark, a header, one row per region × period × figure with its counts, as an attachment', async () => {
    const res = await fetch(`${platform.baseUrl}/api/dashboards/market.csv?${SPAN}`, { headers: { authorization: `Bearer ${tokens.supervisor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="market-990100-2025-01-2025-03-month.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('地区代码,地区,期间,指标组,指标代码,指标,数值,计数,基数,单位');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    expect(rows.every((r) => r.length === 10)).toBe(true);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['2025-01', '2025-02', '2025-03']));
    expect(lines).toContain('990100,东湖市,2025-02,competition,failed_share,流标/废标标段比例,1,2,2,比例');
    expect(lines).toContain('990100,东湖市,2025-03,volumes,deals_archived,归档项目数,1,1,,个');

    const volumes = await fetch(`${platform.baseUrl}/api/dashboards/market.csv?${SPAN}&regionCode=990000&period=quarter&groups=volumes`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
    const text = Buffer.from(await volumes.arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(text.slice(1)).toEqual([
      '990000,示范省,2025-Q1,volumes,deals_started,新立项目数,7,7,,个', '990000,示范省,2025-Q1,volumes,deals_awarded,发出中标通知项目数,5,5,,个', '990000,示范省,2025-Q1,volumes,deals_archived,归档项目数,2,2,,个',
      '990100,东湖市,2025-Q1,volumes,deals_started,新立项目数,6,6,,个', '990100,东湖市,2025-Q1,volumes,deals_awarded,发出中标通知项目数,4,4,,个', '990100,东湖市,2025-Q1,volumes,deals_archived,归档项目数,1,1,,个',
      '990200,西山市,2025-Q1,volumes,deals_started,新立项目数,1,1,,个', '990200,西山市,2025-Q1,volumes,deals_awarded,发出中标通知项目数,1,1,,个', '990200,西山市,2025-Q1,volumes,deals_archived,归档项目数,1,1,,个',
    ]);
  });
});
