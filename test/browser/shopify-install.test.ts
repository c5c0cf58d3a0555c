import type { Browser } from 'playwright-core';
import { freePort } from '../support/ports.js';
import { connectSandbox } from '../support/sync.js';
import { newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, offlineContext, openConsole, pageErrors, shot } from './browser.js';

const SHOP = 'console-brand.myshopify.com';

/**
 * Shopify's app install from the console: the card's button calls beginOAuthInstall, the browser
 * goes to Shopify's consent page (the sandbox's, which approves at once), Shopify sends it to
 * Sutra's callback, and the callback back to the console (FRONTEND_URL), which says so.
 */
describe('installing the Shopify app from the console', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // PUBLIC_URL names the server before it starts: Shopify's redirect must reach it.
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    [server, browser] = await Promise.all([
      startTestServer({ sandbox: { orders: 20, rateScale: 500 }, env: { PORT: String(port), PUBLIC_URL: publicUrl } }),
      launchBrowser(),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('goes through beginOAuthInstall and Shopify, and comes back through the callback to the console', async () => {
    const { token } = await newUserToken('console-install');
    await connectSandbox(server, token, 'shopify_app');
    const { context, outside } = await offlineContext(browser);
    const page = await openConsole(context, server.url, '/integrations', token);
    const shopify = page.getByRole('article', { name: 'Shopify', exact: true });
    await shopify.getByRole('button', { name: 'Connect Shopify' }).click();
    const form = shopify.getByRole('form', { name: 'Connect Shopify' });
    await form.getByLabel('Shop domain').fill('not a shop');
    await form.getByRole('button', { name: 'Install through Shopify' }).click();
    await form.locator('.field-error[data-field="shop"]').waitFor();
    await form.getByLabel('Shop domain').fill(SHOP);
    await form.getByRole('button', { name: 'Install through Shopify' }).click();
    await page.waitForURL((url) => url.searchParams.get('install') === 'success', { timeout: 30_000 });
    await page
      .getByRole('status')
      .filter({ hasText: `installed on ${SHOP}` })
      .waitFor();
    const card = page.getByRole('article', { name: 'Shopify', exact: true });
    await card.locator('.account', { hasText: SHOP }).locator('.badge[data-state="CONNECTED"]').waitFor();
    await shot(page, 'integrations-shopify-installed');
    expect(outside).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
    await context.close();
  }, 60_000);
});
