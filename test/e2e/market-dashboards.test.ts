// The 市场分析 page in a real browser: the hand-worked first quarter of 2025 and nine months of ordinary trading
// (test/support/market-fixtures.ts); the supervisor of 东湖市 opens the dashboards for 2025, sees the five charts
// drawn, downloads one chart's CSV (with its byte-order mark), and narrows the span to the first quarter, where the
// summary shows the figures worked out by hand. The province's auditor sees the cities compared. Screenshots of both.
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { seedHandMarket, seedMarketYear } from '../support/market-fixtures';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';
import type { Browser, Page } from 'playwright-core';

jest.setTimeout(180_000);

const CHARTS = ['competition', 'concentration', 'prices', 'volumes', 'durations'];

async function chartsDrawn(page: Page): Promise<void> {
  for (const chart of CHARTS) await page.locator(`[data-testid="market-chart-${chart}"][data-drawn="true"] canvas`).waitFor();
}

async function span(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('market-from').fill(from);
  await page.getByTestId('market-to').fill(to);
}

describe('the market dashboards page', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await seedHandMarket(database.db);
    expect(await seedMarketYear(database.db)).toBe(36);
    platform = await startPlatform(database.db, { withWorker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('a city\'s year drawn, a chart\'s CSV downloaded, the first quarter as worked out by hand', async () => {
    const { page } = await loginSession(browser, platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await page.getByTestId('nav-market').click();
    await span(page, '2025-01', '2025-12');
    await page.getByTestId('market-summary').waitFor();
    await chartsDrawn(page);
    const painted = await page.locator('[data-testid="market-chart-competition"] canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked;
    });
    expect(painted).toBeGreaterThan(1000);
    expect(await page.getByTestId('market-top-bidders').locator('tbody tr').count()).toBe(5);
    await page.waitForTimeout(1000); // the animations end
    await screenshot(page, 'market-dashboard-zh');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('market-csv-competition').click()]);
    expect(download.suggestedFilename()).toBe('market-990100-2025-01-2025-12-month.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines.length).toBe(1 + 12 * 5); // five competition figures a month
    expect(lines).toContain('990100,东湖市,2025-02,competition,single_bid_share,单一投标标段比例,0.5,1,2,比例');

    await span(page, '2025-01', '2025-03');
    await page.getByTestId('market-period').getByText('按季').click();
    const summary = page.getByTestId('market-summary');
    await summary.getByText('4346.24', { exact: true }).waitFor(); // HHI of 190, 90 + 60 and 30 万
    await summary.getByText('33.3%（2/6）').waitFor(); // failed sections
    await summary.getByText('6/4/1', { exact: true }).waitFor(); // started, awarded, archived
    await page.getByTestId('market-durations').getByText('40.0%（2/5）').waitFor(); // notice → opening at the 20-day minimum: M0001 and the procurement, of five
    expect(errors).toEqual([]);
  });

  test('the province\'s auditor sees its cities compared', async () => {
    const { page } = await loginSession(browser, platform.baseUrl, 'auditor', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await page.getByTestId('nav-market').click();
    await span(page, '2025-01', '2025-12');
    const cities = page.getByTestId('market-cities');
    await cities.getByText('东湖市').waitFor();
    await cities.getByText('西山市').waitFor();
    await chartsDrawn(page);
    await page.waitForTimeout(1000);
    await screenshot(page, 'market-dashboard-province');
    expect(errors).toEqual([]);
  });
});
