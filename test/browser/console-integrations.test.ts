import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConnectType, FieldType, ProviderKind } from '../../src/domain/enums.js';
import { providers } from '../../src/providers/registry.js';
import type { ProviderDefinition } from '../../src/providers/types.js';
import { connectSandbox } from '../support/sync.js';
import { newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { LAPTOP, PHONE, launchBrowser, offlineContext, openConsole, pageErrors, shot } from './browser.js';

/**
 * A provider the console's code has never heard of, added to the registry by this test: the
 * integrations page draws it from the catalog like any other.
 */
const NEWCOMER: ProviderDefinition = {
  id: 'test_newcomer',
  name: 'Newcomer Logistics',
  icon: 'newcomer',
  color: '#0E7C86',
  kind: ProviderKind.LOGISTICS,
  connectType: ConnectType.API_KEY,
  fields: [
    { key: 'api_key', label: 'Newcomer API key', type: FieldType.PASSWORD, required: true, secret: true, pattern: '^nc_[a-z0-9]{8}$', placeholder: 'nc_…' },
    { key: 'region', label: 'Region', type: FieldType.SELECT, required: true, secret: false, options: ['north', 'south'] },
  ],
  setupSteps: ['Open Newcomer’s dashboard → API', 'Copy the key that starts with nc_'],
  actions: [{ id: 'disconnect', label: 'Disconnect', operation: 'disconnectProvider', variables: { providerId: 'test_newcomer' } }],
  syncScopes: [],
};

describe('the console’s integrations page, in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let outside: string[];
  let token: string;

  beforeAll(async () => {
    // The registry's list is read-only to the app; the test adds to it as a new provider module would.
    (providers as ProviderDefinition[]).push(NEWCOMER);
    [server, browser] = await Promise.all([startTestServer({ sandbox: { orders: 120, rateScale: 500 } }), launchBrowser()]);
    token = (await newUserToken('console')).token;
    ({ context, outside } = await offlineContext(browser));
  }, 60_000);
  afterAll(async () => {
    (providers as ProviderDefinition[]).splice(providers.indexOf(NEWCOMER), 1);
    await browser?.close();
    await server?.stop();
  });
  afterEach(() => {
    expect(outside).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

  it('signs in with a pasted token, and back out when the server refuses one', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/integrations`);
    const field = page.getByLabel('Bearer token');
    await field.fill('not a token');
    await field.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'This is not a token' }).waitFor();
    await shot(page, 'sign-in');
    // A well-formed token this server did not sign: the first answer refuses it, and the console says so.
    const [header, payload] = token.split('.');
    await field.fill(`${header}.${payload}.c2lnbmVkLWVsc2V3aGVyZQ`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The server refused the token' }).waitFor();
    await field.fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await field.waitFor();
    await page.close();
  });

  it('draws every section and card from the catalog, a provider added in this test included', async () => {
    const page = await openConsole(context, server.url, '/', token);
    await page.waitForURL(/\/integrations$/);
    await page.locator('.card').first().waitFor();
    for (const section of ['Sales channels', 'Marketing', 'Logistics'])
      await expect(page.getByRole('heading', { level: 2, name: new RegExp(section, 'i') }).count()).resolves.toBe(1);
    const newcomer = card(page, 'Newcomer Logistics');
    await newcomer.waitFor();
    expect(await newcomer.getAttribute('data-provider')).toBe('test_newcomer');
    expect(await newcomer.locator('.provider-icon').getAttribute('style')).toContain('rgb(14, 124, 134)');
    await expect(newcomer.locator('.badge').innerText()).resolves.toBe('Not connected');
    await newcomer.getByText('How to connect Newcomer Logistics').click();
    await newcomer.getByText('Copy the key that starts with nc_').waitFor();
    await newcomer.getByRole('button', { name: 'Connect Newcomer Logistics' }).click();
    await expect(newcomer.getByLabel('Newcomer API key').getAttribute('type')).resolves.toBe('password');
    await expect(newcomer.getByLabel('Region').locator('option').allInnerTexts()).resolves.toEqual(['north', 'south']);
    await page.close();
  });

  it('connects a provider through its form, after a bad value first shows the field’s error', async () => {
    const page = await openConsole(context, server.url, '/integrations', token);
    const meta = card(page, 'Meta Ads');
    await meta.getByRole('button', { name: 'Connect Meta Ads' }).click();
    const form = meta.getByRole('form', { name: 'Connect Meta Ads' });
    const accessToken = form.getByLabel(/access token/i);
    await expect(accessToken.getAttribute('type')).resolves.toBe('password');
    await accessToken.fill('EAASandboxSystemUserToken0001');
    const account = form.getByLabel(/ad account/i);
    await account.fill('1234567890');
    await form.getByLabel(/app secret/i).fill('sandbox-meta-app-secret-0001');
    await form.getByRole('button', { name: 'Connect Meta Ads' }).click();
    // The pattern the catalog gives (act_…) is checked in the browser, on the field it concerns.
    await expect(account.getAttribute('aria-invalid')).resolves.toBe('true');
    const error = form.locator('.field-error[data-field="ad_account_id"]');
    await expect(error.innerText()).resolves.toMatch(/not in the expected format/);
    expect(await account.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    await expect(page.evaluate('document.activeElement?.getAttribute("name")')).resolves.toBe('ad_account_id');
    await shot(page, 'integrations-field-error');

    // The server's own refusal lands on the field it names too: a secret it refuses for its length.
    await account.fill('act_1234567890');
    await form.getByLabel(/app secret/i).fill('x'.repeat(5000));
    await form.getByRole('button', { name: 'Connect Meta Ads' }).click();
    await form.locator('.field-error[data-field="app_secret"]').waitFor();
    await expect(form.locator('.field-error[data-field="app_secret"]').innerText()).resolves.toMatch(/longer than/);

    await form.getByLabel(/app secret/i).fill('sandbox-meta-app-secret-0001');
    // From the keyboard: Enter in a field submits the form.
    await form.getByLabel(/app secret/i).press('Enter');
    await meta.locator('.badge[data-state="CONNECTED"]').waitFor();
    await expect(meta.locator('.account-name').innerText()).resolves.toContain('act_1234567890');
    // A button this version does not serve is greyed out with the catalog's reason.
    const unavailable = meta.getByRole('button', { name: 'Sync ad spend' });
    if ((await unavailable.getAttribute('aria-disabled')) === 'true') await meta.getByText(/not available yet/).waitFor();
    await page.close();
  });

  it('starts a sync from a card and shows its progress live to the end, with its counts and log', async () => {
    await connectSandbox(server, token, 'flipkart');
    const page = await openConsole(context, server.url, '/integrations', token);
    const flipkart = card(page, 'Flipkart');
    await flipkart.locator('.badge[data-state="CONNECTED"]').waitFor();
    // What the server sends down the page's graphql-ws socket: the job's progress events.
    const told: Array<{ status: string; processed: number }> = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { data?: { syncProgress?: { status: string; processed: number } } } };
        if (message.type === 'next' && message.payload?.data?.syncProgress) told.push(message.payload.data.syncProgress);
      }),
    );
    await flipkart.getByRole('button', { name: 'Sync orders', exact: true }).click();
    const panel = flipkart.locator('section.sync');
    await panel.waitFor();
    // Progress arrives over graphql-ws: what the panel says is read until the job ends.
    const seen: string[] = [];
    const ended = panel.and(page.locator('[data-status="SUCCEEDED"], [data-status="FAILED"]'));
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !(await ended.count()); await page.waitForTimeout(50)) {
      const said = await panel.locator('.counts').innerText();
      if (seen.at(-1) !== said) seen.push(said);
    }
    await expect(panel.getAttribute('data-status')).resolves.toBe('SUCCEEDED');
    expect(seen.length).toBeGreaterThan(0);
    expect(told.length).toBeGreaterThan(0);
    expect(told.at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    const counts = await panel.locator('.counts').innerText();
    expect(counts).toMatch(/^(\d+) (of \d+ )?orders read · \d+ new · \d+ updated · 0 failed$/);
    expect(Number(/^(\d+)/.exec(counts)![1])).toBeGreaterThan(0);
    const progress = panel.locator('progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    expect(await panel.locator('.log li').count()).toBeGreaterThan(0);
    await shot(page, 'integrations-laptop');
    await page.setViewportSize(PHONE);
    await shot(page, 'integrations-phone');
    await page.setViewportSize(LAPTOP);
    await page.close();
  }, 90_000);

  it('shows a failed sync in the provider’s own words', async () => {
    const page = await openConsole(context, server.url, '/integrations', token);
    const flipkart = card(page, 'Flipkart');
    await flipkart.locator('.badge[data-state="CONNECTED"]').waitFor();
    server.sandbox!.revoke();
    try {
      await flipkart.getByRole('button', { name: 'Sync orders', exact: true }).click();
      const panel = flipkart.locator('section.sync[data-status="FAILED"]');
      await panel.waitFor({ timeout: 60_000 });
      await expect(panel.locator('[role="alert"]').innerText()).resolves.toMatch(/^Flipkart refused .*\(HTTP 401\)/);
      // The card reads the account again when the job ends: the refused credentials need the seller.
      await flipkart.locator('.account .badge[data-state="NEEDS_REAUTH"]').waitFor();
      await shot(page, 'integrations-sync-failed');
    } finally {
      server.sandbox!.restore();
    }
    await page.close();
  }, 90_000);
});
