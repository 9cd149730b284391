// The supervisor's 围标串标筛查 page in a real browser: a market's history and a section whose three bidders paid their
// deposits from one account and uploaded their bids from one device, screened by the domain's own step (no statutory
// period waited for); the supervisor finds it among the flagged sections and reads its evidence with the sources, its
// bids against the market's distribution and the co-bidding network; the screenshots show them.
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { runTask } from '../support/activities';
import { seedMarketHistory, seedOpenedSection } from '../support/screen-fixtures';
import { launchBrowser, loginSession, pageErrors, requireBuiltApps, screenshot } from './support/browser';
import type { Browser } from 'playwright-core';

jest.setTimeout(180_000);

const RING = '990100-2026-JS-R0001';

describe('the bid-rigging screens page', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    await seedMarketHistory(database.db, { prefix: '990100-2025-JS-H', count: 24 });
    await seedOpenedSection(database.db, {
      dealCode: RING, openedAt: '2026-03-01T02:00:00.000Z',
      bids: [1, 2, 3].map((n) => ({ bidder: n, priceFen: 940_000_000 + n * 13_700_000, depositAccount: '6222990100009999', deviceId: 'device-shared-7f3a' })),
    });
    // two of them also met other bidders of the market: the network has a second and a third ring
    await seedOpenedSection(database.db, { dealCode: '990100-2026-JS-N0001', openedAt: '2026-02-01T02:00:00.000Z', bids: [{ bidder: 2, priceFen: 912_000_000 }, { bidder: 100, priceFen: 931_500_000 }, { bidder: 101, priceFen: 958_800_000 }] });
    await seedOpenedSection(database.db, { dealCode: '990100-2026-JS-N0002', openedAt: '2026-02-02T02:00:00.000Z', bids: [{ bidder: 3, priceFen: 905_000_000 }, { bidder: 102, priceFen: 944_100_000 }, { bidder: 2, priceFen: 962_300_000 }] });
    await runTask(database.db, { type: 'collusion.screenSection', nodeId: 'screenBids', workflowId: `deal-${RING}`, key: `deal-${RING}:screenBids#1`, dealCode: RING, input: { sectionCode: `${RING}-01` } });
    platform = await startPlatform(database.db, { withWorker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  test('the flagged section with its evidence, the distribution chart and the network', async () => {
    const { page } = await loginSession(browser, platform.baseUrl, 'supervisor', DEMO_PASSWORD);
    const errors = pageErrors(page);
    await page.getByTestId('nav-screens').click();
    const list = page.getByTestId('screens-list');
    await list.getByRole('link', { name: `${RING}-01` }).waitFor();
    // only the flagged one is listed by default
    expect(await list.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'screens-list');
    await list.getByRole('link', { name: `${RING}-01` }).click();

    await page.getByTestId('screen-result').getByText('法定情形证据').waitFor();
    const evidence = page.getByTestId('screen-evidence');
    await evidence.locator('[data-indicator="SAME_DEPOSIT_ACCOUNT"]').getByText('deposits.paying_account').waitFor();
    await evidence.locator('[data-indicator="SAME_TOOL_FINGERPRINT"]').getByText('bid_envelopes.client_device_id').waitFor();
    await evidence.getByText('device-shared-7f3a').waitFor();
    for (const chart of ['chart-screens', 'chart-distribution', 'chart-network']) {
      await page.locator(`[data-testid="${chart}"][data-drawn="true"] canvas`).waitFor();
    }
    await page.getByTestId('screen-table').getByText('变异系数').waitFor();
    // the charts were drawn: their canvases are not blank
    const painted = await page.locator('[data-testid="chart-distribution"] canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked;
    });
    expect(painted).toBeGreaterThan(1000);
    await page.waitForTimeout(1500); // the force layout of the network settles
    await screenshot(page, 'screening-zh');
    expect(errors).toEqual([]);
  });
});
