import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * A real browser for the web tests: Debian's chromium driven by playwright-core (no browser download;
 * .ci/run installs the package when it is missing). Screenshots go to test-artifacts/web/.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/web');

/**
 * `describe` for tests that need the browser. On a machine without chromium the block is skipped with a line
 * saying how to install it, so `npm test` passes on a fresh machine; `.ci/run` sets GOVGRAPH_REQUIRE_BROWSER=1,
 * and there a missing browser fails the run instead of being skipped.
 */
export function describeInBrowser(name: string, tests: () => void): void {
  if (existsSync(CHROMIUM) || process.env.GOVGRAPH_REQUIRE_BROWSER === '1') {
    describe(name, tests);
    return;
  }
  process.stderr.write(
    `browser tests skipped: no chromium at ${CHROMIUM}. Install it with \`apt-get install chromium fonts-wqy-microhei\` (or set CHROMIUM_PATH).\n`,
  );
  describe.skip(name, tests);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A laptop screen, Chinese by default, and every request the pages make recorded. */
export async function newLaptopPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; requests: string[]; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { context, page, requests, problems };
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** From a page's sign-in button through the identity provider's login form and back. */
export async function signInThroughForm(page: Page, username: string, options: { password?: string; screenshotAs?: string } = {}): Promise<void> {
  await page.getByTestId('sign-in').click();
  await page.waitForSelector('form input[name="username"]');
  if (options.screenshotAs) await screenshot(page, options.screenshotAs);
  const password = options.password ?? 'demo';
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.includes('/realms/')), page.click('#kc-login')]);
  await page.getByTestId('signed-in-user').waitFor();
}

/** Origins the pages reached: only these may appear — the pages' own and the identity provider's. */
export function originsOf(requests: readonly string[]): string[] {
  return [...new Set(requests.filter((url) => /^https?:/.test(url)).map((url) => new URL(url).origin))].sort();
}
