// In a real browser: the agency signs in with its SM2 key file and publishes the tender documents; a bidder signs in
// with its own, finds the deal in the 项目大厅, registers (报名), downloads the documents and asks a question; the
// agency answers it; the bank posts the bidder's deposit; the bidder sees the answer (without being named), its
// deposit received and its receipts.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BANK_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signCallback } from '@ggzy/api';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { DEMO_BASIC_ACCOUNTS, DEMO_BIDDERS, openPartyDeal } from '../support/party-deals';
import { certificateSession, launchBrowser, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(240_000);

const BANK_KEY = 'e2e-bank-key-0123456789abcdefghijklmnopq';
const DEAL = '990100-2026-JS-00051';
const S1 = `${DEAL}-01`;

describe('the parties\' portal in the browser', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-party-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')), bankKeys: new Map([['dhbank', BANK_KEY]]) });
    await openPartyDeal(database.db, { dealCode: DEAL, deadline: new Date(Date.now() + 30 * 86_400_000), title: '东湖市第三中学图书馆新建工程' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(file: string): Promise<Page> {
    const page = await certificateSession(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file), { context: { acceptDownloads: true } });
    return page;
  }

  async function openDeal(page: Page): Promise<void> {
    await page.goto(`${platform.baseUrl}/party/deals/${DEAL}`);
    await page.getByTestId('party-deal').waitFor();
  }

  test('agency publishes, bidder registers, downloads, asks; the agency answers; the bank posts the deposit; the bidder sees it all', async () => {
    // the agency publishes the tender documents with the deposit of section 1
    const agency = await signIn('agency-sfdl-sm2.pem');
    await agency.getByTestId('to-my-deals').click();
    await agency.getByTestId(`my-deal-${DEAL}`).waitFor();
    await screenshot(agency, 'agency-my-deals');
    await agency.getByRole('link', { name: '东湖市第三中学图书馆新建工程' }).click();
    await agency.getByTestId('publish-documents').waitFor();
    const documents = Buffer.from('%PDF-1.4\n东湖市第三中学图书馆新建工程 招标文件\n', 'utf8');
    const file = path.join(dataDir, '招标文件.pdf');
    writeFileSync(file, documents);
    await agency.getByTestId('publish-documents').locator('input[type="file"]').setInputFiles(file);
    await agency.getByTestId('publish-documents').locator('input.ant-input-number-input').first().fill('1000');
    await agency.getByRole('button', { name: '发布招标文件' }).click();
    await agency.getByTestId('tender-documents').getByText('招标文件.pdf').waitFor();
    await screenshot(agency, 'agency-documents-published');

    // the bidder finds the deal in the hall and registers
    const bidder = await signIn('bidder-dhjg-sm2.pem');
    await bidder.getByTestId('to-open-deals').click();
    await bidder.getByTestId('open-deals').getByText('东湖市第三中学图书馆新建工程').waitFor();
    expect(await bidder.getByTestId('open-deals').textContent()).toContain('¥1,000.00');
    await screenshot(bidder, 'bidder-open-deals');
    await bidder.getByRole('link', { name: '东湖市第三中学图书馆新建工程' }).click();
    await bidder.getByTestId(`register-${S1}`).click();
    await bidder.getByTestId(`registration-${S1}`).waitFor();
    expect(await bidder.getByTestId(`registration-${S1}`).textContent()).toContain('已报名');
    const account = (await bidder.getByTestId(`deposit-account-${S1}`).textContent())!;
    expect(account).toMatch(/^990100\d{11}$/);
    await screenshot(bidder, 'bidder-registered');

    // downloads the tender documents: the bytes the agency published
    const link = bidder.getByTestId('tender-documents').locator('a[download]').first();
    const [download] = await Promise.all([bidder.waitForEvent('download'), link.click()]);
    const got = readFileSync((await download.path())!);
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(documents).digest('hex'));
    expect(download.suggestedFilename()).toBe('招标文件.pdf');

    // asks a question
    await bidder.getByTestId('question-text').fill('图书馆幕墙是否允许采用同等品牌？');
    await bidder.getByTestId('ask').click();
    await bidder.getByTestId('my-questions').getByText('图书馆幕墙是否允许采用同等品牌？').waitFor();
    await screenshot(bidder, 'bidder-asked');

    // the agency answers without learning who asked
    await openDeal(agency);
    await agency.getByTestId('questions-to-answer').waitFor();
    expect(await agency.getByTestId('questions-to-answer').textContent()).not.toContain(DEMO_BIDDERS.dhjg.name);
    await agency.locator('[data-testid^="answer-text-"]').first().fill('允许采用性能不低于招标文件要求的同等品牌。');
    await agency.locator('[data-testid^="answer-"]:not([data-testid^="answer-text-"])').first().click();
    await agency.getByTestId('answered-questions').getByText('允许采用性能不低于招标文件要求的同等品牌。').waitFor();
    await screenshot(agency, 'agency-answered');

    // the bank posts the bidder's deposit into its sub-account, signed with the bank's key
    const body = JSON.stringify({ transactionId: 'E2E-0001', creditedAccount: account, payerAccount: DEMO_BASIC_ACCOUNTS.dhjg, payerName: DEMO_BIDDERS.dhjg.name, amountFen: 100_000, bookedAt: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    const posted = await fetch(`${platform.baseUrl}/api/bank/deposit-notifications`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', [BANK_HEADER]: 'dhbank', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signCallback(BANK_KEY, timestamp, body) },
    });
    expect(await posted.json()).toMatchObject({ status: 'accepted' });

    // the bidder sees the answer, its deposit received and its receipts
    await openDeal(bidder);
    await bidder.getByTestId('answered-questions').getByText('允许采用性能不低于招标文件要求的同等品牌。').waitFor();
    const deposit = (await bidder.getByTestId(`deposit-${S1}`).textContent())!;
    expect(deposit).toContain('已到账');
    expect(deposit).toContain('¥1,000.00');
    expect(deposit).toContain(DEMO_BASIC_ACCOUNTS.dhjg);
    const receipts = (await bidder.getByTestId('receipts').textContent())!;
    for (const kind of ['报名', '下载招标文件', '提出问题', '保证金到账']) expect(receipts).toContain(kind);
    await bidder.getByTestId('bids-and-opening').waitFor();
    await screenshot(bidder, 'bidder-deposit-and-answer');
    await bidder.getByRole('link', { name: '我的项目' }).first().click();
    await bidder.getByTestId(`my-deal-${DEAL}`).getByText('已到账').waitFor();
    await screenshot(bidder, 'bidder-my-deals');

    expect(pageErrors(bidder)).toEqual([]);
    expect(pageErrors(agency)).toEqual([]);
  });
});
