// A real browser for end-to-end tests: Debian's chromium (the test script provisions it), driven by playwright-core.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = path.join(repoRoot, 'test', 'artifacts', 'e2e');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/** The apps are served from their built bundles; a browser test of a stale or missing build would test nothing. */
export function requireBuiltApps(): void {
  for (const app of ['portal', 'designer']) {
    if (!existsSync(path.join(repoRoot, app, 'dist', 'index.html'))) {
      throw new Error(`${app}/dist is missing: build the apps first (npm run build, or npm test without GGZY_TEST_FAST)`);
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.GGZY_TEST_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no chromium at ${executablePath}: run the tests with npm test, which installs it`);
  return chromium.launch({ executablePath, args: ARGS, headless: true });
}

export interface Session { context: BrowserContext; page: Page }

/** A fresh browser profile (its own cookies and storage; zh-CN, China time) whose page records its uncaught errors (pageErrors). */
export async function newSession(browser: Browser, options: BrowserContextOptions = {}): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

/** A fresh browser profile logged in through the app's own login form. */
export async function loginSession(browser: Browser, url: string, username: string, password: string, viewport = { width: 1440, height: 900 }): Promise<Session> {
  const session = await newSession(browser, { viewport });
  const { page } = session;
  await page.goto(url);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('who').waitFor();
  return session;
}

export interface KeyFileOptions {
  context?: BrowserContextOptions;
  /** Runs on the fresh page before it loads the app (e.g. to record its requests). */
  setUp?: (page: Page) => void;
}

/** A fresh profile at the sign-in page's 证书登录 tab with a demo key file chosen (the demo certificate adapter reads it). */
export async function chooseKeyFile(browser: Browser, baseUrl: string, keyFile: string, options: KeyFileOptions = {}): Promise<Page> {
  const { page } = await newSession(browser, options.context);
  options.setUp?.(page);
  await page.goto(baseUrl);
  await page.getByRole('tab', { name: '证书登录' }).click();
  await page.locator('input[type="file"]').setInputFiles(keyFile);
  await page.getByTestId('chosen-certificate').waitFor();
  return page;
}

/** A party signed in with a demo key file, at its home page. */
export async function certificateSession(browser: Browser, baseUrl: string, keyFile: string, options: KeyFileOptions = {}): Promise<Page> {
  const page = await chooseKeyFile(browser, baseUrl, keyFile, options);
  await page.getByTestId('certificate-sign-in').click();
  await page.getByTestId('party-home').waitFor();
  return page;
}

/** Uncaught errors the page raised since it was opened. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

const shots = new Map<string, number>();
/**
 * A full-page picture into test/artifacts/e2e/<test file>/NN-name.png. Each test file has its own folder, emptied at
 * its first picture of the run, so browser tests running side by side never remove each other's pictures.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const suite = path.basename(expect.getState().testPath ?? 'e2e').replace(/\.test\.tsx?$/, '');
  const dir = path.join(ARTIFACTS, suite);
  const n = (shots.get(suite) ?? 0) + 1;
  if (n === 1) rmSync(dir, { recursive: true, force: true }); // this run's pictures only
  mkdirSync(dir, { recursive: true });
  shots.set(suite, n);
  await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/**
 * Presses a dialog's button once the dialog has finished opening: on a loaded machine a press that lands while the
 * dialog's opening animation still runs can be lost (seen in CI on the deploy and directive dialogs).
 */
export async function pressInDialog(page: Page, selector: string, options: { untilClosed?: boolean } = {}): Promise<void> {
  const button = page.locator(selector);
  await button.waitFor();
  // the dialogs' own opening motion (a loading spinner inside one, which never ends, does not count)
  await page.waitForFunction(() => [...document.querySelectorAll('.ant-modal-root')]
    .flatMap((root) => root.getAnimations({ subtree: true }))
    .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 10_000 });
  await button.click();
  if (!options.untilClosed) return;
  // an idempotent action (the form keeps its request id): pressed again while the dialog stays open and idle, as a
  // person would when nothing seems to happen on a loaded machine
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await button.waitFor({ state: 'detached', timeout: 8_000 });
      return;
    } catch {
      if (attempt === 3 || await button.count() === 0) return;
      if (!(await button.evaluate((b) => b.classList.contains('ant-btn-loading')))) await button.click();
    }
  }
}
