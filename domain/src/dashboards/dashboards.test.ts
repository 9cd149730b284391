// The market dashboards on both databases, over a market whose every figure is worked out by hand (the deals and their
// instants: test/support/market-fixtures.ts): bidders per section, single-bid and failed shares, HHI and CR4 with the
// win rates, the award/estimate ratio, volumes in China-time months, and durations against the statutory minimums —
// the sandbox and the months outside the span never counted.
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { seedHandMarket } from '../../../test/support/market-fixtures';
import { screenBidder } from '../../../test/support/screen-fixtures';
import { BusinessError } from '../step';
import { marketDashboard, type MarketDashboard, type PeriodFigures } from './market-dashboard';
import { marketCsv } from './market-csv';

const code = (n: number) => screenBidder(n).creditCode;
const byPeriod = (d: MarketDashboard, region: string) => Object.fromEntries(d.regions.find((r) => r.regionCode === region)!.periods.map((p) => [p.period, p])) as Record<string, PeriodFigures>;

describe.each(DATABASES)('market dashboards on %s', (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase(create);
    await seedHandMarket(database.db);
  });
  afterAll(async () => { await database?.close(); });

  test('a city by month: competitiveness, concentration, prices, volumes and durations as worked out by hand', async () => {
    const d = await marketDashboard(database.db, { regionCode: '990100', from: '2025-01', to: '2025-03', period: 'month' });
    expect(d.periods).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(d.regions.map((r) => r.regionCode)).toEqual(['990100']);
    const m = byPeriod(d, '990100');

    // sections opened (or failed at the deadline) per month; the sandbox deal of January and December's deal are not counted
    expect(m['2025-01']!.competition).toEqual({ sections: 2, bids: 7, biddersMean: 3.5, biddersMedian: 3.5, singleBid: { count: 0, of: 2, share: 0 }, failed: { count: 0, of: 2, share: 0 } });
    expect(m['2025-02']!.competition).toEqual({ sections: 2, bids: 3, biddersMean: 1.5, biddersMedian: 1.5, singleBid: { count: 1, of: 2, share: 0.5 }, failed: { count: 2, of: 2, share: 1 } });
    expect(m['2025-03']!.competition).toEqual({ sections: 2, bids: 8, biddersMean: 4, biddersMedian: 4, singleBid: { count: 0, of: 2, share: 0 }, failed: { count: 0, of: 2, share: 0 } });

    // March's awards: 60 万 to bidder 1, 30 万 to bidder 9 → shares ⅔ and ⅓: HHI = (200/3)² + (100/3)² = 5555.56
    const march = m['2025-03']!.concentration;
    expect([march.awards, march.valueFen, march.winners, march.hhi, march.cr4]).toEqual([2, 90_000_000, 2, 5555.56, { valueFen: 90_000_000, of: 90_000_000, share: 1 }]);
    expect(march.top.map((t) => [t.creditCode, t.valueFen, t.awards, t.valueShare, t.winRate])).toEqual([
      [code(1), 60_000_000, 1, 0.666667, { count: 1, of: 1, share: 1 }],
      [code(9), 30_000_000, 1, 0.333333, { count: 1, of: 1, share: 1 }],
    ]);
    expect(m['2025-01']!.concentration.hhi).toBe(10000);

    // award / estimate: January 190/200, February 90/100, March 30/40 (the other March award has no estimate)
    expect(m['2025-01']!.prices).toMatchObject({ awards: 1, withEstimate: 1, medianRatio: 0.95 });
    expect(m['2025-02']!.prices).toMatchObject({ awards: 1, withEstimate: 1, medianRatio: 0.9 });
    expect(m['2025-03']!.prices).toEqual({ awards: 2, withEstimate: 1, awardFen: 30_000_000, estimateFen: 40_000_000, medianRatio: 0.75, p25Ratio: 0.75, p75Ratio: 0.75 });

    expect(d.regions[0]!.periods.map((p) => p.volumes)).toEqual([{ started: 2, awarded: 1, archived: 0 }, { started: 3, awarded: 1, archived: 0 }, { started: 1, awarded: 2, archived: 1 }]);

    // notice → opening: January 20 and 22 days (one at the 20-day minimum), February 18 (below it), March 23 and 20 (procurement's own 20)
    const notice = (p: string) => m[p]!.durations['notice-to-opening'];
    expect(notice('2025-01')).toEqual({ deals: 2, medianDays: 21, minimumDays: 20, rules: ['construction.notice-to-deadline'], withMinimum: 2, atMinimum: { count: 1, of: 2, share: 0.5 }, belowMinimum: { count: 0, of: 2, share: 0 } });
    expect(notice('2025-02')).toMatchObject({ deals: 1, medianDays: 18, atMinimum: { count: 0, of: 1 }, belowMinimum: { count: 1, of: 1, share: 1 } });
    expect(notice('2025-03')).toMatchObject({ deals: 2, medianDays: 21.5, minimumDays: 20, rules: ['construction.notice-to-deadline', 'procurement.notice-to-deadline'], atMinimum: { count: 1, of: 2 } });
    // opening → award: January 3 days 1 hour (the candidates' 3-day publicity: at the minimum); March 7 days and a procurement's 3 without a minimum
    expect(m['2025-01']!.durations['opening-to-award']).toMatchObject({ deals: 1, medianDays: 3, minimumDays: 3, atMinimum: { count: 1, of: 1, share: 1 } });
    expect(m['2025-03']!.durations['opening-to-award']).toMatchObject({ deals: 2, medianDays: 5, minimumDays: null, withMinimum: 1, atMinimum: { count: 0, of: 1, share: 0 } });
    // start → archive: 2 January → 10 March = 67 days, no statutory minimum
    expect(m['2025-03']!.durations['start-to-archive']).toEqual({ deals: 1, medianDays: 67, minimumDays: null, rules: [], withMinimum: 0, atMinimum: { count: 0, of: 0, share: null }, belowMinimum: { count: 0, of: 0, share: null } });
  });

  test('the province by quarter pools its cities and lists each; China time puts 西山\'s start in February', async () => {
    const d = await marketDashboard(database.db, { regionCode: '990000', from: '2025-01', to: '2025-03', period: 'quarter' });
    expect(d.periods).toEqual(['2025-Q1']);
    expect(d.regions.map((r) => r.regionCode)).toEqual(['990000', '990100', '990200']); // the training sandbox is no city of the dashboard
    const q = d.regions[0]!.periods[0]!;
    expect(q.competition).toMatchObject({ sections: 7, bids: 21, biddersMean: 3, biddersMedian: 3, singleBid: { count: 1, of: 7 }, failed: { count: 2, of: 7 } });
    // Q1 awards: 190 万 (2), 90 + 60 万 (1), 30 万 (9), 60 万 (11) of 430 万: HHI = 10000 × (190² + 150² + 30² + 60²) / 430² = 3412.66
    expect([q.concentration.awards, q.concentration.valueFen, q.concentration.winners, q.concentration.hhi, q.concentration.cr4.share]).toEqual([5, 430_000_000, 4, 3412.66, 1]);
    // bidder 1 bid in four sections opened in Q1 (M0001, M0002, M0005, 西山's) and won two; bidder 2 bid in four and won one
    expect(q.concentration.top.slice(0, 2).map((t) => [t.creditCode, t.valueFen, t.winRate])).toEqual([
      [code(2), 190_000_000, { count: 1, of: 4, share: 0.25 }],
      [code(1), 150_000_000, { count: 2, of: 4, share: 0.5 }],
    ]);
    // ratios 0.75 (30/40), 0.75 (60/80), 0.9, 0.95: median 0.825, P25 0.75, P75 0.9125
    expect(q.prices).toMatchObject({ awards: 5, withEstimate: 4, medianRatio: 0.825, p25Ratio: 0.75, p75Ratio: 0.9125 });
    expect(q.volumes).toEqual({ started: 7, awarded: 5, archived: 2 });
    expect(q.durations['start-to-archive']).toMatchObject({ deals: 2, medianDays: 57 }); // 67 and 47 days

    const monthly = await marketDashboard(database.db, { regionCode: '990000', from: '2025-01', to: '2025-03', period: 'month' });
    expect(monthly.regions.find((r) => r.regionCode === '990200')!.periods.map((p) => p.volumes.started)).toEqual([0, 1, 0]);
    expect(monthly.regions[0]!.periods.map((p) => p.volumes.started)).toEqual([2, 4, 1]);
  });

  test('a procedure kind and a category narrow the deals; the minimums are the procedure\'s', async () => {
    const procurement = await marketDashboard(database.db, { regionCode: '990100', from: '2025-01', to: '2025-03', period: 'quarter', procedureKind: 'government-procurement-open' });
    expect(procurement.minimums).toEqual({ 'notice-to-opening': { days: 20, rule: 'procurement.notice-to-deadline' }, 'opening-to-award': null, 'start-to-archive': null });
    expect(procurement.regions[0]!.total.competition).toMatchObject({ sections: 1, bids: 3 });
    const category = await marketDashboard(database.db, { regionCode: '990100', from: '2025-01', to: '2025-03', period: 'month', category: '房屋建筑工程' });
    expect(category.regions[0]!.periods.map((p) => p.competition.sections)).toEqual([1, 0, 0]);
    expect(category.regions[0]!.periods[1]!.competition).toEqual({ sections: 0, bids: 0, biddersMean: null, biddersMedian: null, singleBid: { count: 0, of: 0, share: null }, failed: { count: 0, of: 0, share: null } });
  });

  test('a span backwards or longer than ten years is refused with its code', async () => {
    for (const [from, to] of [['2025-03', '2025-01'], ['2010-01', '2025-01']]) {
      const refused = await marketDashboard(database.db, { regionCode: '990100', from: from!, to: to!, period: 'month' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BusinessError);
      expect((refused as BusinessError).code).toBe('MARKET_RANGE_INVALID');
    }
  });

  test('the CSV has a byte-order mark, one row per region × period × figure with its counts', async () => {
    const d = await marketDashboard(database.db, { regionCode: '990100', from: '2025-01', to: '2025-03', period: 'month' });
    const bytes = marketCsv(d);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('地区代码,地区,期间,指标组,指标代码,指标,数值,计数,基数,单位');
    expect(lines).toContain('990100,东湖市,2025-02,competition,single_bid_share,单一投标标段比例,0.5,1,2,比例');
    expect(lines).toContain('990100,东湖市,2025-03,concentration,hhi,赫芬达尔—赫希曼指数（HHI）,5555.56,2,2,指数（0–10000）');
    expect(lines).toContain('990100,东湖市,2025-01,durations,duration_at_minimum_share:notice-to-opening,公告至开标按法定最短期限进行的比例,0.5,1,2,比例（法定最短 20 日）');
    const keys = lines.slice(1, -1).map((l) => l.split(',').slice(0, 5).join(','));
    expect(new Set(keys).size).toBe(keys.length);
    const only = marketCsv(d, ['volumes']).subarray(3).toString('utf8').trim().split('\r\n');
    expect(only.length).toBe(1 + 3 * 3);
  });
});
