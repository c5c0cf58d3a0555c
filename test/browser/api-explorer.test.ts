import express from 'express';
import type { Browser } from 'playwright-core';
import { consoleRoutes } from '../../src/http/console.js';
import { createLogger } from '../../src/logger.js';
import { connectSandbox } from '../support/sync.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { launchBrowser, offlineContext, pageErrors, shot } from './browser.js';

const SUBSCRIPTION = 'subscription Watch { syncProgress { providerId status processed } }';

/** The API explorer: GraphiQL from the npm packages, subscriptions over graphql-ws, nothing from outside; off in production. */
describe('the API explorer', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ sandbox: { orders: 40, rateScale: 500 } }), launchBrowser()]);
    token = (await newUserToken('explorer')).token;
    await connectSandbox(server, token, 'flipkart');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs a subscription with the network to the outside cut', async () => {
    const { context, outside } = await offlineContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // A browser at the API's address is sent to the explorer.
    await page.goto(`${server.url}/graphql#token=${token}`);
    await page.waitForURL(/\/explorer$/);
    await page.goto(`${server.url}/explorer?query=${encodeURIComponent(SUBSCRIPTION)}#token=${token}`);
    const run = page.getByRole('button', { name: /Execute query/ });
    await run.waitFor();
    await page.locator('.graphiql-query-editor').getByText('syncProgress').first().waitFor();
    await run.click();
    // graphql-ws takes the subscription; then a sync runs and its events reach the explorer.
    await page.waitForTimeout(500);
    const sync = await gql(server, doc<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "flipkart") { id } }'), {}, token);
    expect(sync.errors).toBeUndefined();
    const response = page.locator('.graphiql-response');
    await response.getByText('SUCCEEDED').waitFor({ timeout: 30_000 });
    await expect(response.innerText()).resolves.toMatch(/"providerId":\s"flipkart"/);
    await shot(page, 'explorer');
    expect(outside).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
    await context.close();
  }, 60_000);

  it('is not served in production, where the console still is', async () => {
    const app = express();
    app.use(consoleRoutes({ production: true, log: createLogger({ level: 'silent', pretty: false }) }));
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((r) => listening.once('listening', r));
    const base = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
    try {
      const html = { accept: 'text/html' };
      expect((await fetch(`${base}/explorer`, { headers: html })).status).toBe(404);
      expect((await fetch(`${base}/graphql`, { headers: html, redirect: 'manual' })).status).toBe(404);
      const index = await fetch(`${base}/orders/123`, { headers: html });
      expect(index.status).toBe(200);
      expect(index.headers.get('cache-control')).toBe('no-cache');
      expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
      const asset = /\/assets\/[^"]+\.js/.exec(await index.text())![0];
      const cached = await fetch(`${base}${asset}`);
      expect(cached.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${base}/assets/nothing.js`)).status).toBe(404);
    } finally {
      listening.closeAllConnections();
      await new Promise((r) => listening.close(r));
    }
  });
});
