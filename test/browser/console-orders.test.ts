import type { Browser, BrowserContext } from 'playwright-core';
import { parcelAwb } from '../../src/sandbox/commerce/parcels.js';
import { connectSandbox, jobEnded } from '../support/sync.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { LAPTOP, PHONE, launchBrowser, offlineContext, openConsole, pageErrors, shot } from './browser.js';

const SYNC = doc<{ syncProvider: { id: string } }>('mutation($p: ID!) { syncProvider(providerId: $p) { id } }');
type OrderNode = { id: string; providerId: string; shipments: Array<{ id: string }>; profit: { flags: string[] } | null };
const ORDERS_WITH_PROFIT = doc<{ orders: { edges: Array<{ node: OrderNode }> } }>(
  '{ orders(first: 100) { edges { node { id providerId shipments { id } profit { flags complete } } } } }',
);
const TRACK = doc<{ trackShipment: { id: string; status: string } }>(
  'mutation($o: ID!, $n: String!) { trackShipment(orderId: $o, providerId: "delhivery", trackingNumber: $n) { id status } }',
);
const CONNECT_DELHIVERY = doc<{ connectProvider: { push: { url: string; token: string } } }>(
  'mutation($c: JSONObject!) { connectProvider(providerId: "delhivery", credentials: $c) { push { url token } } }',
);

/** Orders, an order with its profit, the profit page and live shipments, in a browser, on a seller with synced Amazon and Shopify orders. */
describe('the console’s orders, profit and shipments, in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let outside: string[];
  let token: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ sandbox: { orders: 80, rateScale: 500 } }), launchBrowser()]);
    token = (await newUserToken('console-orders')).token;
    await connectSandbox(server, token, 'amazon');
    await connectSandbox(server, token, 'shopify');
    for (const p of ['amazon', 'shopify']) {
      const queued = await gql(server, SYNC, { p }, token);
      expect(await jobEnded(server, token, queued.data!.syncProvider.id)).toEqual({ status: 'SUCCEEDED', error: null });
    }
    ({ context, outside } = await offlineContext(browser));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(() => {
    expect(outside).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('pages and filters the orders, and opens one to its lines, shipments and profit', async () => {
    const page = await openConsole(context, server.url, '/orders', token);
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    await page.getByLabel('Channel').selectOption({ label: 'Amazon' });
    const channels = page.locator('table tbody tr td:nth-child(2)');
    for (let tries = 0; !(await channels.allInnerTexts()).every((c) => c === 'Amazon'); tries++) {
      expect(tries).toBeLessThan(100);
      await page.waitForTimeout(100);
    }
    await page.getByLabel('Channel').selectOption({ label: 'All channels' });
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await shot(page, 'orders-laptop');
    await page.setViewportSize(PHONE);
    await shot(page, 'orders-phone');
    await page.setViewportSize(LAPTOP);

    // The order with a shipment: its profit, once computed (the profit API computes it after a sync).
    let order: OrderNode | undefined;
    for (const deadline = Date.now() + 30_000; !order && Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const res = await gql(server, ORDERS_WITH_PROFIT, {}, token);
      order = res.data!.orders.edges.map((e) => e.node).find((o) => o.shipments.length && o.profit);
    }
    expect(order).toBeDefined();
    // A row opens its order in the page; a reload of the order's address lands on it too (SPA fallback).
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Lines' }).waitFor();
    await page.goto(`${server.url}/orders/${order!.id}`);
    await page.getByRole('heading', { name: 'Lines' }).waitFor();
    expect(await page.locator('table').first().locator('tbody tr').count()).toBeGreaterThan(0);
    await page.locator('ul.shipments li').first().waitFor();
    const profit = page.locator('.profit');
    await profit.waitFor();
    await profit.getByRole('rowheader', { name: 'Net profit' }).waitFor();
    for (const label of ['Revenue (tax excluded)', '− Cost of goods', '− Channel fees', '− Shipping'])
      await profit.getByRole('rowheader', { name: label }).waitFor();
    // The flags the API gives, each shown in words as incomplete or estimated.
    for (const flag of order!.profit!.flags) await profit.locator(`[data-flag="${flag}"]`).waitFor();
    await shot(page, 'order');
    await page.close();
  }, 90_000);

  it('charts profit by day and breaks it down by channel, SKU and region with the RTO rate', async () => {
    const page = await openConsole(context, server.url, '/profit', token);
    await page.locator('.recharts-surface').first().waitFor();
    await page.locator('table.days tbody tr th').first().waitFor();
    await page.locator('table.breakdown-table tbody tr').first().waitFor();
    // The tabs answer the arrow keys.
    await page.getByRole('tab', { name: 'Channel' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'SKU' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('SKU');
    for (const tab of ['SKU', 'Region', 'Channel']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('columnheader', { name: tab, exact: true }).waitFor();
      await page.locator('table.breakdown-table tbody tr').first().waitFor();
    }
    await shot(page, 'profit');
    await page.setViewportSize(PHONE);
    await shot(page, 'profit-phone');
    await page.close();
  }, 60_000);

  it('shows a shipment’s status change as it arrives, without a reload', async () => {
    const delhivery = await gql(
      server,
      CONNECT_DELHIVERY,
      { c: { api_token: 'sandbox-delhivery-api-token-0001', pickup_location: 'Sutra Sandbox Warehouse' } },
      token,
    );
    expect(delhivery.errors).toBeUndefined();
    const push = delhivery.data!.connectProvider.push;
    const parcels = server.sandbox!.parcels;
    const i = parcels.find('delhivery', (v) => !v.closed && v.current.stage !== 'manifested', 6_000)!;
    const awb = parcelAwb('delhivery', i);
    const orderId = (await gql(server, ORDERS_WITH_PROFIT, {}, token)).data!.orders.edges[0]!.node.id;
    const tracked = await gql(server, TRACK, { o: orderId, n: awb }, token);
    expect(tracked.data!.trackShipment.status).toBe('CREATED');

    const page = await openConsole(context, server.url, '/shipments', token);
    await page.locator('table tbody tr').first().waitFor();
    await page.getByText('Waiting for the couriers’ next update…').waitFor();
    // The socket is up once the page has subscribed; then Delhivery pushes the parcel's scans.
    await page.waitForTimeout(300);
    const url = `${server.url}${new URL(push.url).pathname}`;
    const results = await server.sandbox!.delhiveryPush.push(awb, { url, headers: { authorization: `Bearer ${push.token}` } });
    expect(results.every((r) => r.status === 200)).toBe(true);
    const told = page.locator('ol.log li', { hasText: awb });
    // Each scan's change arrives in turn, newest first; the first one moved the parcel on from Created.
    await told.filter({ hasText: 'Created →' }).waitFor({ timeout: 20_000 });
    const row = page.locator(`tr[data-awb="${awb}"]`);
    if (await row.count()) await expect(row.locator('.badge').getAttribute('data-state')).resolves.not.toBe('CREATED');
    await shot(page, 'shipments');
    await page.close();
  }, 60_000);
});
