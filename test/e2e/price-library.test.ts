// The 价格信息 page in a real browser: a year of 工程量清单 prices imported through the domain's own import (no upload
// waited for), the city's staff find an item, read its quartiles and interval and see the trend drawn; then they import
// a list with bad rows and read each row's problem — nothing of it imported. The screenshots show both.
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { importPriceBytes } from '@ggzy/domain';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';
import type { Browser } from 'playwright-core';

jest.setTimeout(180_000);

const HEADER = '项目编码,项目名称,计量单位,工程量,综合单价（元）,地区代码,期间,来源';

/** Twelve months of 挖一般土方 with a rising price, five bills a month, and a little of 挖沟槽土方. */
function yearOfPrices(): Buffer {
  const lines = [HEADER];
  for (let m = 1; m <= 12; m++) {
    const month = `2025-${String(m).padStart(2, '0')}`;
    for (let b = 0; b < 5; b++) lines.push(`010101001${String(b + 1).padStart(3, '0')},挖一般土方,m3,${100 + b * 20},${(28 + m * 0.8 + (b - 2) * 1.5).toFixed(2)},990100,${month},第${m}月第${b + 1}份清单`);
    lines.push(`010101002001,挖沟槽土方,m3,50,${(40 + m).toFixed(2)},990100,${month},沟槽清单`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('the price library page', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await importPriceBytes(database.db, yearOfPrices(), { kind: 'bill_items', fileName: '2025年清单价格.csv', regionCode: '990100', allowedRegions: ['990100'], actor: 'staff', now: new Date() });
    platform = await startPlatform(database.db, { withWorker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('the indicators with the trend chart, then an import refused with its rows', async () => {
    const { page } = await loginSession(browser, platform.baseUrl, 'staff', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await page.getByTestId('nav-prices').click();
    await page.getByTestId('price-search').fill('一般土方');
    await page.getByTestId('price-search').press('Enter');
    const items = page.getByTestId('price-items');
    await items.getByText('010101001').waitFor();
    expect(await items.locator('tbody tr').count()).toBe(1);
    await items.getByText('010101001').click();

    const summary = page.getByTestId('price-summary');
    await summary.getByText('60', { exact: true }).waitFor(); // 12 months × 5 bills
    await page.locator('[data-testid="price-trend-chart"][data-drawn="true"] canvas').waitFor();
    expect(await page.getByTestId('price-trend').locator('tbody tr').count()).toBe(12);
    await page.getByTestId('price-trend').getByText('2025-12').waitFor();
    const painted = await page.locator('[data-testid="price-trend-chart"] canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked;
    });
    expect(painted).toBeGreaterThan(1000);
    await page.waitForTimeout(800); // the line animation ends
    await screenshot(page, 'prices-indicators');

    await page.getByRole('tab', { name: '价格导入' }).click();
    const bad = [HEADER, '010101001001,挖一般土方,m3,10,30,990100,2026-01,甲', '01010100100,挖一般土方,m3,10,30,990100,2026-01,甲', '010101001001,,m3,-1,30.123,990200,2026-13,甲'].join('\n');
    await page.getByTestId('price-file').setInputFiles({ name: '错误清单.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByTestId('price-import').click();
    const problems = page.getByTestId('price-import-errors');
    await problems.getByText('ITEM_CODE_INVALID').waitFor();
    for (const code of ['FIELD_REQUIRED', 'QUANTITY_INVALID', 'PRICE_INVALID', 'REGION_NOT_ALLOWED', 'PERIOD_INVALID']) await problems.getByText(code).waitFor();
    await problems.getByText('第 3 行「项目编码」', { exact: false }).waitFor();
    expect(Number((await database.db('bill_item_prices').count('* as n').first())!.n)).toBe(72);
    await screenshot(page, 'prices-import-errors');
    expect(errors).toEqual([]);
  });
});
