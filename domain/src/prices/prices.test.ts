// The price library on both databases: indicators of a known set equal the figures worked out by hand, a bad list is
// refused with its rows and writes nothing, a list imported twice is imported once, and an award far from its peers
// raises the price alert without stopping the award.
import type { Db } from '@ggzy/db';
import { DATABASES, createSeededDatabase, type TestDatabase } from '../../../test/support/databases';
import { DEAL, dumpDatabase, runTask, type TaskCall } from '../../../test/support/activities';
import { accept, bidder } from '../../../test/support/deal-fixtures';
import { xlsxOf } from '../../../test/support/xlsx';
import { BusinessError } from '../step';
import { importPriceBytes, type PriceImportRequest } from './import-list';
import { priceIndicators } from './indicators';
import { controlPriceReference } from './control-price';
import { PRICE_RULE, awardPriceOutlier } from './award-price-check';

const NOW = new Date('2026-03-02T01:00:00.000Z');
const HEADER = '项目编码,项目名称,计量单位,工程量,综合单价（元）,地区代码,期间,来源';
const request = (kind: PriceImportRequest['kind'], fileName = 'list.csv'): PriceImportRequest => ({
  kind, fileName, regionCode: '990100', allowedRegions: ['990100'], actor: 'staff', now: NOW,
});
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

// 010101001 挖一般土方 (m3): January 100, 200, 300, 400 元; February 300, 500 元 — and one line in m2, for the mixed-unit refusal
const KNOWN = csv(
  HEADER,
  '010101001001,挖一般土方,m3,120,100,990100,2026-01,甲项目清单',
  '010101001002,挖一般土方,m3,80,200.00,990100,2026-01,乙项目清单',
  '010101001001,挖一般土方,m3,35.5,300,990100,2026-01,丙项目清单',
  '010101001003,挖一般土方,m3,10,400,990100,2026-01,丁项目清单',
  '010101001001,挖一般土方,m3,10,300,990100,2026-02,戊项目清单',
  '010101001001,挖一般土方,m3,10,500,990100,2026-02,',
  '010101002001,挖沟槽土方,m2,10,55.5,990100,2026-02,己项目清单',
);

async function rejected(promise: Promise<unknown>): Promise<BusinessError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BusinessError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(DATABASES)('the price library on %s', (_name, create) => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createSeededDatabase(create);
    db = database.db;
  });
  afterEach(async () => { await database.close(); });

  test('indicators of a known set equal the hand-computed quartiles, interval, trend and index', async () => {
    // given
    const imported = await importPriceBytes(db, KNOWN, request('bill_items'));
    expect(imported).toMatchObject({ rows: 7, alreadyImported: false });
    // when
    const monthly = await priceIndicators(db, { kind: 'bill_item', itemCode: '010101001' }, { regions: ['990100'] }, { granularity: 'month' });
    // then: 10000 20000 30000 30000 40000 50000 fen; type-7 quartiles at positions 1.25, 2.5, 3.75
    expect(monthly.basis).toBe('m3');
    expect(monthly.summary).toEqual({ count: 6, min: 10_000, p25: 22_500, median: 30_000, p75: 37_500, max: 50_000, mean: 30_000 });
    expect(monthly.interval).toEqual({ lower: 0, upper: 60_000, iqr: 15_000 });
    // January: 10000 20000 30000 40000 → P25 17500, median 25000, P75 32500; February median 40000 → index 160
    expect(monthly.trend.base).toBe('2026-01');
    expect(monthly.trend.points.map((p) => [p.period, p.count, p.p25, p.median, p.p75, p.index])).toEqual([
      ['2026-01', 4, 17_500, 25_000, 32_500, 100], ['2026-02', 2, 35_000, 40_000, 45_000, 160],
    ]);
    const quarterly = await priceIndicators(db, { kind: 'bill_item', itemCode: '010101001001' }, { regions: ['990100'] }, { granularity: 'quarter' });
    expect(quarterly.trend.points.map((p) => [p.period, p.count, p.median, p.index])).toEqual([['2026-Q1', 6, 30_000, 100]]);
    const february = await priceIndicators(db, { kind: 'bill_item', itemCode: '010101001' }, { regions: ['990100'], from: '2026-02' }, { granularity: 'month' });
    expect(february.summary).toMatchObject({ count: 2, median: 40_000 });
    // another city's view holds none of them
    expect((await priceIndicators(db, { kind: 'bill_item', itemCode: '010101001' }, { regions: ['990200'] }, { granularity: 'month' })).summary).toBeNull();
    // a category (the 附录 0101) spans two units: refused with both, then answered in one
    const mixed = await rejected(priceIndicators(db, { kind: 'bill_item', itemCode: '0101' }, { regions: ['990100'] }, { granularity: 'month' }));
    expect(mixed.code).toBe('PRICE_BASIS_MIXED');
    expect(mixed.details.bases).toEqual([{ basis: 'm3', count: 6 }, { basis: 'm2', count: 1 }]);
    expect((await priceIndicators(db, { kind: 'bill_item', itemCode: '0101', unit: 'm2' }, { regions: ['990100'] }, { granularity: 'month' })).summary).toMatchObject({ count: 1, median: 5_550 });
  });

  test('the control-price reference sums quantity × median within quantity × the quartiles', async () => {
    await importPriceBytes(db, KNOWN, request('bill_items'));
    const reference = await controlPriceReference(db, [
      { itemCode: '010101001009', unit: 'm3', quantity: 12.5 },
      { itemCode: '010101002001', unit: 'm2', quantity: 3 }, // one price only: no reference
    ], { regions: ['990100'] });
    expect(reference.lines[0]).toMatchObject({ prices: 6, medianFen: 30_000, p25Fen: 22_500, p75Fen: 37_500, amountFen: 375_000, lowFen: 281_250, highFen: 468_750 });
    expect(reference.lines[1]).toMatchObject({ prices: 1, medianFen: null, amountFen: null });
    expect(reference).toMatchObject({ totalFen: 375_000, lowFen: 281_250, highFen: 468_750, priced: 1, unpriced: 1 });
  });

  test('a list with bad rows is refused with each row, its column and a stable code, and nothing is written', async () => {
    const before = await dumpDatabase(db);
    const bad = csv(
      HEADER,
      '010101001001,挖一般土方,m3,120,100,990100,2026-01,甲',
      '01010100100,挖一般土方,m3,120,100,990100,2026-01,甲',
      '010101001001,挖一般土方,m3,120,-3,990100,2026-01,甲',
      '010101001001,,m3,0,100.123,990200,2026-13,甲',
    );
    const refusal = await rejected(importPriceBytes(db, bad, request('bill_items')));
    expect(refusal.code).toBe('PRICE_IMPORT_INVALID');
    const errors = refusal.details.errors as Array<{ row: number; column: string; code: string; zh: string; en: string }>;
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '项目编码', 'ITEM_CODE_INVALID'],
      [4, '综合单价（元）', 'PRICE_INVALID'],
      [5, '项目名称', 'FIELD_REQUIRED'],
      [5, '工程量', 'QUANTITY_INVALID'],
      [5, '综合单价（元）', 'PRICE_INVALID'],
      [5, '地区代码', 'REGION_NOT_ALLOWED'],
      [5, '期间', 'PERIOD_INVALID'],
    ]);
    expect(errors[0]!.zh).toContain('第 3 行');
    expect(errors[0]!.en).toContain('row 3');
    const noHeader = await rejected(importPriceBytes(db, csv('编码,名称', '1,2'), request('bill_items')));
    expect((noHeader.details.errors as Array<{ code: string }>).every((e) => e.code === 'COLUMN_MISSING')).toBe(true);
    const drugs = await rejected(importPriceBytes(db, csv('通用名,剂型,规格,包装,生产企业,省份,挂网价（元）,日期', '阿莫西林,胶囊,0.25g,24粒/盒,某药业,火星省,12.5,2026-02-30'), request('drugs')));
    expect((drugs.details.errors as Array<{ code: string }>).map((e) => e.code)).toEqual(['PROVINCE_INVALID', 'DATE_INVALID']);
    expect(await dumpDatabase(db)).toEqual(before);
  });

  test('the same file imported again (CSV or XLSX) is imported once', async () => {
    const first = await importPriceBytes(db, KNOWN, request('bill_items'));
    const before = await dumpDatabase(db);
    const again = await importPriceBytes(db, KNOWN, request('bill_items', 'renamed.csv'));
    expect(again).toEqual({ ...first, alreadyImported: true });
    expect(await dumpDatabase(db)).toEqual(before);
    // drug prices from an Excel workbook, twice
    const workbook = xlsxOf([
      ['通用名', '剂型', '规格', '包装', '生产企业', '省份', '挂网价（元）', '日期'],
      ['阿莫西林', '胶囊', '0.25g', '24粒/盒', '甲药业', '广东省', 12.5, '2026-01-15'],
      ['阿莫西林', '胶囊', '0.25 g', '36粒/盒', '乙药业', '浙江', '18.00', '2026-02-01'],
      ['阿莫西林', '胶囊', '0.25g', '24粒/盒', '丙药业', '新疆维吾尔自治区', '10.3', '2026-02-20'],
    ]);
    const drugs = await importPriceBytes(db, workbook, request('drugs', 'gd.xlsx'));
    expect(drugs).toMatchObject({ rows: 3, alreadyImported: false });
    expect(await importPriceBytes(db, workbook, request('drugs', 'gd.xlsx'))).toMatchObject({ importId: drugs.importId, alreadyImported: true });
    expect(Number((await db('drug_prices').count('* as n').first())!.n)).toBe(3);
    expect((await db('drug_prices').orderBy('row_no').select('province', 'row_no')).map((r: { province: string }) => r.province)).toEqual(['广东', '浙江', '新疆']);
    const amoxicillin = await priceIndicators(db, { kind: 'drug', genericName: '阿莫西林', specification: '0.25g' }, { regions: ['990100'] }, { granularity: 'month' });
    expect(amoxicillin.summary).toMatchObject({ count: 3, min: 1_030, median: 1_250, max: 1_800 });
    expect(amoxicillin.trend.points.map((p) => [p.period, p.median, p.index])).toEqual([['2026-01', 1_250, 100], ['2026-02', 1_415, 113.2]]);
  });

  describe('the award price against its peers', () => {
    const S1 = `${DEAL}-01`;
    const register = (n: number): TaskCall => ({ type: 'registration.registerBidder', nodeId: 'register', key: `wf-test:register#${n}`, input: { sectionCode: S1, bidder: bidder(n) } });
    const award = (priceFen: number): TaskCall => ({ type: 'awards.issueNotice', nodeId: 'award', key: 'wf-test:award#1', input: { sectionCode: S1, winner: bidder(1).creditCode, priceFen, noticeDate: '2026-03-01' } });
    // five earlier awards of 房屋建筑工程 in 东湖市: 9, 10, 10, 11, 12 million 元 → P25 10 M, P75 11 M, IQR 1 M → [8.5 M, 12.5 M];
    // and one of another category, far off, which must not count
    const CATEGORY = '房屋建筑工程';
    async function peers() {
      await db('awarded_prices').insert({
        deal_code: '990100-2025-JS-00099', section_code: '990100-2025-JS-00099-01', amount_fen: 1, currency: 'CNY',
        awarded_at: '2025-11-01T00:00:00.000Z', region_code: '990100', procedure_kind: 'construction-open-tender', category: '市政工程', period: '2025-11',
      });
      for (const [i, yuan] of [9, 10, 10, 11, 12].entries()) {
        await db('awarded_prices').insert({
          deal_code: `990100-2025-JS-0000${i + 1}`, section_code: `990100-2025-JS-0000${i + 1}-01`, amount_fen: yuan * 100_000_000, currency: 'CNY',
          awarded_at: '2025-11-01T00:00:00.000Z', region_code: '990100', procedure_kind: 'construction-open-tender', category: CATEGORY, period: '2025-11',
        });
      }
      await runTask(db, { ...accept, input: { ...accept.input, category: CATEGORY } });
      await runTask(db, register(1));
      await runTask(db, register(2));
    }

    test('an award above the interval raises the alert with its numbers, and the award stands', async () => {
      await peers();
      const answer = await runTask(db, award(2_000_000_000));
      expect(answer.result).toMatchObject({ sectionCode: S1, priceFen: 2_000_000_000 });
      const alerts = await db('supervision_alerts').where({ deal_code: DEAL, rule_id: PRICE_RULE.id });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ result: 'found', region_code: '990100', severity: 'warning' });
      expect(JSON.parse(alerts[0].evidence)).toEqual({
        sectionCode: S1, amountFen: 2_000_000_000, direction: 'above',
        peers: { regionCode: '990100', procedureKind: 'construction-open-tender', category: CATEGORY, count: 5, min: 900_000_000, p25: 1_000_000_000, median: 1_000_000_000, p75: 1_100_000_000, max: 1_200_000_000 },
        interval: { lower: 850_000_000, upper: 1_250_000_000, iqr: 100_000_000, rule: 'P25 − 1.5·IQR … P75 + 1.5·IQR' },
      });
      const raised = await db('supervision_events').where({ deal_code: DEAL, kind: 'alert.raised' });
      expect(raised.map((e: { payload: string }) => JSON.parse(e.payload).ruleId)).toEqual([PRICE_RULE.id]);
      const priced = await db('awarded_prices').where('section_code', S1).first();
      expect(priced).toMatchObject({ region_code: '990100', procedure_kind: 'construction-open-tender', category: CATEGORY, period: '2026-03' });
      expect(await db('deals').where('deal_code', DEAL).first('category')).toEqual({ category: CATEGORY });
    });

    test('an award inside the interval, or without enough peers, raises nothing', async () => {
      await peers();
      await runTask(db, award(1_240_000_000));
      expect(await db('supervision_alerts').where({ rule_id: PRICE_RULE.id })).toHaveLength(0);
      // far outside, but in a category with four peers only: too few to judge
      const few = { dealCode: DEAL, sectionCode: 'X-01', regionCode: '990100', procedureKind: 'construction-open-tender', category: '市政', amountFen: 1 };
      for (const [i, fen] of [1_000_000, 1_000_000, 1_100_000, 1_200_000].entries()) {
        await db('awarded_prices').insert({ deal_code: 'X', section_code: `X-0${i + 2}`, amount_fen: fen, awarded_at: '2025-11-01T00:00:00.000Z', region_code: '990100', procedure_kind: 'construction-open-tender', category: '市政', period: '2025-11' });
      }
      expect(await awardPriceOutlier(db, few)).toBeNull();
      await db('awarded_prices').insert({ deal_code: 'X', section_code: 'X-06', amount_fen: 1_200_000, awarded_at: '2025-11-01T00:00:00.000Z', region_code: '990100', procedure_kind: 'construction-open-tender', category: '市政', period: '2025-11' });
      expect(await awardPriceOutlier(db, few)).toMatchObject({ direction: 'below', peers: { count: 5 } });
    });
  });
});
