// In a real browser: bidders sign in with their certificate key files through the portal's 证书登录 tab — one on the
// SM2 CA (signed in the page with sm-crypto), one on the P-256 CA (WebCrypto) — and land on the page that says who
// they are; a revoked certificate is refused with the api's message.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadTrustStore, seedDemoParties } from '@ggzy/domain';
import { createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { chooseKeyFile, launchBrowser, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(180_000);

describe('certificate sign-in in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ggzy-e2e-pki-'));
    await seedDemoParties(database.db, dataDir);
    platform = await startPlatform(database.db, { withWorker: false, trustStore: loadTrustStore(path.join(dataDir, 'pki', 'trust')) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const choose = (file: string): Promise<Page> => chooseKeyFile(browser, platform.baseUrl, path.join(dataDir, 'pki', 'keys', file));

  test.each([
    ['bidder-dhjg-sm2.pem', '东湖建工集团有限公司', '张伟', '示范国密认证中心', 'SM2 / SM3'],
    ['bidder-xslq-ecdsa.pem', '西山路桥工程有限公司', '李娜', '示范数字认证中心', 'ECDSA P-256 / SHA-256'],
  ])('%s signs in and sees who it is', async (file, subject, person, issuer, algorithm) => {
    const page = await choose(file);
    await expect(page.getByTestId('chosen-certificate').textContent()).resolves.toContain(subject);
    await screenshot(page, `certificate-chosen-${file.replace('.pem', '')}`);
    await page.getByTestId('certificate-sign-in').click();
    await page.getByTestId('party-home').waitFor();
    expect(await page.getByTestId('party-subject').textContent()).toBe(subject);
    expect(await page.getByTestId('party-person').textContent()).toBe(person);
    expect(await page.getByTestId('party-credit-code').textContent()).toMatch(/^91990100MA0000\d{3}[0-9A-Z]$/);
    expect(await page.getByTestId('party-issuer').textContent()).toContain(issuer);
    expect(await page.getByTestId('party-algorithm').textContent()).toBe(algorithm);
    expect(await page.getByTestId('party-validity').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} — \d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('who').textContent()).toContain('市场主体');
    await screenshot(page, `party-home-${file.replace('.pem', '')}`);
    // the session is the cookie: a reload keeps it
    await page.reload();
    await page.getByTestId('party-home').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  test('a revoked certificate is refused with the api\'s message', async () => {
    const page = await choose('revoked-sfdl-sm2.pem');
    await page.getByTestId('certificate-sign-in').click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('证书已被吊销');
    await screenshot(page, 'certificate-revoked');
    expect(await page.getByTestId('party-home').count()).toBe(0);
    await page.context().close();
  });
});
