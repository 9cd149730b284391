// In a real browser, with the second factor required (as in production mode): the auditor signs in with the password,
// is shown the enrolment page instead of the platform, adds the secret to "the app" (the test computes the RFC 6238
// code from the otpauth:// URI the page shows), confirms it and reaches the platform; a later sign-in asks for the
// code as a second step, refuses a wrong one with the api's message and lets the right one in. The ten recovery codes
// are shown (and downloaded) once at enrolment; one signs in once in place of the code, and is refused after.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_POLICY } from '@ggzy/api';
import { DEMO_PASSWORD, createSeededDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { startPlatform, type RunningPlatform } from '../support/platform';
import { secretOfUri, totpCode } from '../support/totp';
import { launchBrowser, pageErrors, requireBuiltApps, screenshot } from './support/browser';

jest.setTimeout(180_000);

describe('the second factor in the portal', () => {
  let database: TestDatabase;
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    requireBuiltApps();
    database = await createSeededDatabase(createSqliteDatabase);
    platform = await startPlatform(database.db, { withWorker: false, accountPolicy: { ...DEFAULT_POLICY, requireSecondFactor: true } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await database?.close();
  });

  async function signInWithPassword(page: Page): Promise<void> {
    await page.locator('input[name="username"]').fill('auditor');
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }

  test('enrolment at the first sign-in, then sign-in in two steps', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    (page as Page & { problems?: string[] }).problems = problems;
    await page.goto(platform.baseUrl);
    await signInWithPassword(page);

    // the platform is closed to this session until a second factor is enrolled
    await page.getByTestId('pending-enrolment').waitFor();
    await page.getByTestId('start-enrolment').click();
    const uri = (await page.getByTestId('totp-uri').textContent())!.trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const secret = secretOfUri(uri);
    expect((await page.getByTestId('totp-secret').textContent())!.trim()).toBe(secret);
    // the QR code is an image of the URI, drawn in the page
    expect(await page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    expect(await page.getByTestId('totp-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 100)).toBe(true);
    await screenshot(page, 'enrolment-secret-shown-once');
    await page.getByTestId('enrolment-code').fill(totpCode(secret));
    await page.getByTestId('confirm-enrolment').click();
    // the recovery codes, shown this once, before the platform opens
    const codes = (await page.getByTestId('recovery-codes').textContent())!.trim().split(/\s+/);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-recovery-codes').click()]);
    expect(await readFile((await file.path())!, 'utf8')).toContain(codes.join('\n'));
    await screenshot(page, 'recovery-codes-shown-once');
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('pending-enrolment').waitFor({ state: 'detached' });
    await page.getByText('欢迎').waitFor();
    await screenshot(page, 'enrolled');

    // sign out; the next sign-in asks for the code after the password
    await page.getByRole('button', { name: /退\s*出/ }).click();
    await signInWithPassword(page);
    await page.getByTestId('second-factor-code').waitFor();
    await screenshot(page, 'second-step');
    await page.getByTestId('second-factor-code').fill(totpCode(secret, Date.now(), 5)); // not a code of now
    await page.getByTestId('second-factor-submit').click();
    await page.getByTestId('second-factor-error').waitFor();
    expect(await page.getByTestId('second-factor-error').textContent()).toContain('动态验证码不正确');
    await page.getByTestId('second-factor-code').fill(totpCode(secret, Date.now(), 1)); // the app's next code
    await page.getByTestId('second-factor-submit').click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('安全审计员');
    // the account page says a second factor is on
    await page.getByTestId('nav-account').click();
    await page.getByTestId('second-factor-on').waitFor();
    await page.getByTestId('recovery-codes-remaining').getByText('还有 10 个').waitFor();
    await screenshot(page, 'account-page');

    // the phone left at home: a recovery code stands in for the code, once
    await page.getByRole('button', { name: /^退\s*出$/ }).click();
    await signInWithPassword(page);
    await page.getByTestId('use-recovery-code').click();
    await page.getByTestId('recovery-code').fill(codes[0]!);
    await page.getByTestId('recovery-code-submit').click();
    await page.getByTestId('who').waitFor();
    await page.getByText('还剩 9 个').waitFor();
    await screenshot(page, 'signed-in-with-recovery-code');
    await page.getByRole('button', { name: /^退\s*出$/ }).click();
    await signInWithPassword(page);
    await page.getByTestId('use-recovery-code').click();
    await page.getByTestId('recovery-code').fill(codes[0]!);
    await page.getByTestId('recovery-code-submit').click();
    await page.getByTestId('recovery-code-error').waitFor();
    expect(await page.getByTestId('recovery-code-error').textContent()).toContain('恢复码不正确或已使用');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
