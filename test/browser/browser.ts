import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/http/console.js';

/**
 * The browser tests drive Debian's Chromium through playwright-core (.ci/run installs the
 * `chromium` package when it is missing). One browser per test file; each test a context of its own.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOTS = 'test-results/screenshots';

export const LAPTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(`${CONSOLE_DIR}index.html`)) throw new Error('The console is not built: npm run build:web (npm test does it first)');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * A context whose every request to another host than this machine is aborted and recorded:
 * the console and the explorer must work with the network to the outside cut.
 */
export async function offlineContext(browser: Browser, viewport = LAPTOP): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:';
    if (local) return route.continue();
    outside.push(url.href);
    return route.abort('internetdisconnected');
  });
  return { context, outside };
}

/** Script errors of the pages opened (openConsole), for the tests to assert none. */
export const pageErrors: string[] = [];

/** Opens a console page signed in with the token (the demo's way: the address's fragment). */
export async function openConsole(context: BrowserContext, baseUrl: string, path: string, token: string): Promise<Page> {
  const page = await context.newPage();
  // A script error or a refused load fails the test that met it: printed here, asserted by the caller through pageErrors.
  page.on('pageerror', (err) => pageErrors.push(`${path}: ${err.message}`));
  page.on('console', (msg) => (msg.type() === 'error' ? pageErrors.push(`${path}: ${msg.text()}`) : undefined));
  await page.goto(`${baseUrl}${path}#token=${token}`);
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
