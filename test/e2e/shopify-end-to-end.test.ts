import { rupees } from '../../src/sandbox/commerce/order-book.js';
import { shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { freePort } from '../support/ports.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { installShop, syncsEnded, userIdOf, type Seller } from '../support/shopify-install.js';
import { connectSandbox } from '../support/sync.js';

const ORDERS = 150;
const SHOP_A = 'first-brand.myshopify.com';
const SHOP_B = 'second-brand.myshopify.com';
const FRONTEND = 'http://frontend.test/integrations';
const TOPICS = [
  'app/uninstalled',
  'bulk_operations/finish',
  'inventory_levels/update',
  'orders/cancelled',
  'orders/create',
  'orders/updated',
  'refunds/create',
];
/** Order i of the book is Shopify order 1,000,000,000 + i in the sandbox. */
const idOf = (i: number) => String(1_000_000_000 + i);

const SUBSCRIPTIONS = doc<{ webhookSubscriptions: Array<{ channelAccountId: string; topic: string; address: string; active: boolean }> }>(
  '{ webhookSubscriptions { channelAccountId topic address active } }',
);
const CATALOG = doc<{
  integrationCatalog: {
    sections: Array<{ providers: Array<{ id: string; accounts: Array<{ channelAccountId: string; accountName: string | null; state: string }> }> }>;
  };
}>('{ integrationCatalog { sections { providers { id accounts { channelAccountId accountName state } } } } }');

/** The seller's Shopify accounts as the console's catalog card lists them. */
async function shopifyAccounts(server: TestServer, seller: Seller) {
  const res = await gql(server, CATALOG, {}, seller.token);
  return res.data!.integrationCatalog.sections.flatMap((s) => s.providers).find((p) => p.id === 'shopify')!.accounts;
}

/** A REST order as Shopify's orders/create carries it: one line of 1,180.00 with its 18 % GST in it. */
function restOrder(id: number) {
  const set = (amount: string) => ({ shop_money: { amount, currency_code: 'INR' }, presentment_money: { amount, currency_code: 'INR' } });
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#E${id}`,
    created_at: '2026-12-07T10:00:00+05:30',
    updated_at: '2026-12-07T10:00:00+05:30',
    cancelled_at: null,
    cancel_reason: null,
    financial_status: 'paid',
    fulfillment_status: null,
    currency: 'INR',
    payment_gateway_names: ['razorpay'],
    taxes_included: true,
    current_subtotal_price_set: set('1180.00'),
    current_total_tax_set: set('180.00'),
    current_total_price_set: set('1180.00'),
    current_shipping_price_set: set('0.00'),
    shipping_address: { city: 'Pune', province: 'Maharashtra', zip: '411001', country_code: 'IN' },
    shipping_lines: [],
    refunds: [],
    fulfillments: [],
    line_items: [
      {
        id: id * 10,
        admin_graphql_api_id: `gid://shopify/LineItem/${id * 10}`,
        sku: 'E2E-KURTA',
        name: 'Kurta',
        quantity: 1,
        current_quantity: 1,
        price: '1180.00',
        price_set: set('1180.00'),
        discount_allocations: [],
        tax_lines: [{ rate: 0.18, price: '180.00', price_set: set('180.00'), title: 'IGST' }],
      },
    ],
  };
}

/**
 * Shopify as a merchant meets it, end to end against the sandbox: the app installed through
 * OAuth, its webhooks registered at Sutra's public address, the first sync by a bulk operation
 * whose completion Shopify's webhook announces, the orders equal to the shop's book to the paisa,
 * and a second shop of the same seller living beside the first.
 */
describe('Shopify end to end: install, webhooks, bulk backfill, two shops', () => {
  let server: TestServer;
  let seller: Seller;
  let publicUrl: string;
  const db = () => server.db.em.getConnection();

  beforeAll(async () => {
    // PUBLIC_URL names the server before it starts, so Shopify's deliveries reach it.
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    server = await startTestServer({
      sandbox: { orders: ORDERS, rateScale: 500 },
      env: { PORT: String(port), PUBLIC_URL: publicUrl, FRONTEND_URL: FRONTEND },
    });
    seller = await newUserToken('shopify-e2e');
    await connectSandbox(server, seller.token, 'shopify_app');
  });
  afterAll(() => server.stop());

  it('installs a shop, registers its webhooks, backfills it by a bulk operation and holds every order to the paisa', async () => {
    const landed = await installShop(server, seller, SHOP_A);
    expect(`${landed.origin}${landed.pathname}`).toBe(FRONTEND);
    expect(landed.searchParams.get('install')).toBe('success');
    const accountA = landed.searchParams.get('channelAccountId')!;

    const first = (await syncsEnded(server, seller)).find((j) => j.trigger !== 'WEBHOOK');
    expect(first).toMatchObject({ channelAccountId: accountA, status: 'SUCCEEDED', processed: ORDERS });

    const status = await shopifyAccounts(server, seller);
    expect(status).toEqual([{ channelAccountId: accountA, accountName: SHOP_A, state: 'CONNECTED' }]);

    // Seven topics, active, at Sutra's public address, and the same at the shop itself.
    const subscribed = (await gql(server, SUBSCRIPTIONS, {}, seller.token)).data!.webhookSubscriptions;
    expect(subscribed.map((s) => s.topic).sort()).toEqual(TOPICS);
    expect(subscribed.every((s) => s.active && s.channelAccountId === accountA && s.address === `${publicUrl}/api/webhooks/shopify`)).toBe(true);
    expect(
      server
        .sandbox!.shopifyWebhooks.subscriptionsOf(SHOP_A)
        // The sandbox keeps the GraphQL enum (ORDERS_CREATE), the topic's other spelling.
        .map((s) => s.topic.toLowerCase().replace(/_([a-z]+)$/, '/$1'))
        .sort(),
    ).toEqual(TOPICS);

    // The backfill was one bulk operation, and Shopify's bulk_operations/finish reached Sutra signed and was processed.
    const userId = await userIdOf(server, seller);
    const finish = await db().execute<Array<{ status: string }>>(
      `select status from webhook_events where user_id = ? and channel_account_id = ? and topic = 'bulk_operations/finish'`,
      [userId, accountA],
    );
    expect(finish.map((e) => e.status)).toEqual(['PROCESSED']);

    // Every order as the shop's book has it now: what the buyer pays and its tax, to the paisa.
    const orders = await db().execute<
      Array<{ external_id: string; total: string; tax: string; item_subtotal: string; discounts: string; shipping_charged: string }>
    >(
      `select external_id, total::text, tax::text, item_subtotal::text, discounts::text, shipping_charged::text
         from orders where user_id = ? and channel_account_id = ?`,
      [userId, accountA],
    );
    expect(orders).toHaveLength(ORDERS);
    const byId = new Map(orders.map((o) => [o.external_id, o]));
    const paise = (amount: string) => Math.round(Number(amount) * 100);
    let expected = 0;
    let stored = 0;
    for (let i = 0; i < ORDERS; i++) {
      const { current } = shopifyView(server.sandbox!.book.get(i));
      const o = byId.get(idOf(i))!;
      expect({ i, total: o.total, tax: o.tax }).toEqual({ i, total: rupees(current.total), tax: rupees(current.tax) });
      // Revenue is the tax-inclusive price with its tax taken out once.
      expect(paise(o.item_subtotal) - paise(o.discounts) + paise(o.shipping_charged)).toBe(current.total - current.tax);
      expected += current.total;
      stored += paise(o.total);
    }
    expect(stored).toBe(expected);
  }, 120_000);

  it('installs a second shop as a second account: both CONNECTED, both synced, and a webhook from each lands on its own account', async () => {
    const landed = await installShop(server, seller, SHOP_B);
    expect(landed.searchParams.get('install')).toBe('success');
    const accountB = landed.searchParams.get('channelAccountId')!;
    const jobs = await syncsEnded(server, seller);
    expect(jobs.filter((j) => j.trigger !== 'WEBHOOK').every((j) => j.status === 'SUCCEEDED')).toBe(true);

    const accounts = await shopifyAccounts(server, seller);
    expect(accounts.map((a) => [a.accountName, a.state]).sort()).toEqual([
      [SHOP_A, 'CONNECTED'],
      [SHOP_B, 'CONNECTED'],
    ]);
    const accountA = accounts.find((a) => a.accountName === SHOP_A)!.channelAccountId;
    const userId = await userIdOf(server, seller);
    const counts = await db().execute<Array<{ channel_account_id: string; n: string }>>(
      'select channel_account_id, count(*) as n from orders where user_id = ? group by channel_account_id',
      [userId],
    );
    expect(Object.fromEntries(counts.map((c) => [c.channel_account_id, Number(c.n)]))).toEqual({ [accountA]: ORDERS, [accountB]: ORDERS });

    // Each shop's own orders/create, signed with the app's secret and sent to the address each registered.
    const sender = server.sandbox!.shopifyWebhooks;
    expect(await sender.deliver(SHOP_A, 'orders/create', restOrder(7_000_001))).toBe(200);
    expect(await sender.deliver(SHOP_B, 'orders/create', restOrder(7_000_002))).toBe(200);
    let landedOn: Array<{ external_id: string; channel_account_id: string; total: string }> = [];
    for (let i = 0; i < 200 && landedOn.length < 2; i++) {
      landedOn = await db().execute(
        `select external_id, channel_account_id, total::text from orders where user_id = ? and external_id in ('7000001', '7000002') order by external_id`,
        [userId],
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(landedOn).toEqual([
      { external_id: '7000001', channel_account_id: accountA, total: '1180.00' },
      { external_id: '7000002', channel_account_id: accountB, total: '1180.00' },
    ]);
  }, 120_000);
});
