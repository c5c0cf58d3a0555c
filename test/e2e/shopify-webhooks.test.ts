import { createHmac, randomUUID } from 'node:crypto';
import { forUser } from '../../src/db/tenant-filter.js';
import { CATALOG_SKUS, rupees } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_LOCATIONS, sandboxOnHand, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { ShopifyWebhookSender } from '../../src/sandbox/shopify-webhook-sender.js';
import { requireProvider } from '../../src/providers/registry.js';
import { keepAccount } from '../../src/services/connection-service.js';
import { watchBulkOperation } from '../../src/services/shopify-bulk-signal.js';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox } from '../support/sync.js';

const SHOP = SANDBOX_CREDENTIALS.shopify.shop;
const SECRET = SANDBOX_CREDENTIALS.shopify.api_secret;
const SECOND_SHOP = 'second-brand.myshopify.com';
const SECOND_SECRET = 'shpss_second_brand_custom_app_secret';
const SKU = CATALOG_SKUS[0]!;
const LOCATION = SANDBOX_LOCATIONS[0]!.id;

/** A Shopify REST order as its webhooks carry it (snake_case): an Indian shop, prices with 18 % GST in them. */
function restOrder(id: number, opts: { updatedAt: string; cancelledAt?: string; city?: string; customerId?: number; quantity?: number }) {
  const quantity = opts.quantity ?? 2;
  const set = (amount: string) => ({ shop_money: { amount, currency_code: 'INR' }, presentment_money: { amount, currency_code: 'INR' } });
  // 1,180.00 a unit with its GST (180.00) in it; 100.00 off the line; shipping 59.00 with 9.00 GST in it.
  const discount = '100.00';
  const lineTax = ((1180 * quantity - 100) * (18 / 118)).toFixed(2);
  const subtotal = (1180 * quantity - 100).toFixed(2);
  const tax = (Number(lineTax) + 9).toFixed(2);
  const total = (Number(subtotal) + 59).toFixed(2);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#W${id}`,
    created_at: '2026-12-01T10:00:00+05:30',
    updated_at: opts.updatedAt,
    cancelled_at: opts.cancelledAt ?? null,
    cancel_reason: opts.cancelledAt ? 'customer' : null,
    financial_status: opts.cancelledAt ? 'refunded' : 'paid',
    fulfillment_status: null,
    currency: 'INR',
    payment_gateway_names: ['razorpay'],
    taxes_included: true,
    current_subtotal_price: subtotal,
    current_subtotal_price_set: set(subtotal),
    current_total_tax_set: set(tax),
    current_total_price_set: set(total),
    current_shipping_price_set: set('59.00'),
    total_price: total,
    customer: { id: opts.customerId ?? 7001, email: 'asha@example.com', first_name: 'Asha' },
    shipping_address: { first_name: 'Asha', address1: '12 MG Road', city: opts.city ?? 'Pune', province: 'Maharashtra', zip: '411001', country_code: 'IN' },
    shipping_lines: [
      { id: 1, discounted_price_set: set('59.00'), price_set: set('59.00'), tax_lines: [{ rate: 0.18, price: '9.00', price_set: set('9.00') }] },
    ],
    refunds: [],
    fulfillments: [],
    line_items: [
      {
        id: id * 10 + 1,
        admin_graphql_api_id: `gid://shopify/LineItem/${id * 10 + 1}`,
        sku: SKU,
        name: 'Kurta - Blue / M',
        quantity,
        current_quantity: quantity,
        price: '1180.00',
        price_set: set('1180.00'),
        discount_allocations: [{ amount: discount, amount_set: set(discount), discount_application_index: 0 }],
        tax_lines: [{ rate: 0.18, price: lineTax, price_set: set(lineTax), title: 'IGST' }],
      },
    ],
  };
}

interface Stored {
  id: string;
  channel_account_id: string;
  status: string;
  item_subtotal: string;
  discounts: string;
  shipping_charged: string;
  tax: string;
  total: string;
  customer_city: string | null;
  customer_state: string | null;
  customer_pincode: string | null;
}

describe('Shopify webhooks: verified, stored once, written like a sync', () => {
  let server: TestServer;
  let seller: { subject: string; token: string };
  let userId: string;
  let uri: string;
  const sender = new ShopifyWebhookSender();
  const db = () => server.db.em.getConnection();

  const send = (topic: string, body: unknown, opts: { shop?: string; secret?: string; webhookId?: string; headers?: Record<string, string> } = {}) =>
    sender.send(uri, opts.secret ?? SECRET, topic, opts.shop ?? SHOP, body, {
      ...(opts.webhookId ? { 'X-Shopify-Webhook-Id': opts.webhookId } : {}),
      ...opts.headers,
    });

  const orderRow = async (externalId: string): Promise<Stored | undefined> =>
    (
      await db().execute<Stored[]>(
        `select o.id, o.channel_account_id, o.status, o.item_subtotal::text, o.discounts::text, o.shipping_charged::text, o.tax::text, o.total::text,
                o.customer_city, o.customer_state, o.customer_pincode
           from orders o where o.user_id = ? and o.external_id = ?`,
        [userId, externalId],
      )
    )[0];

  /** Waits until every delivery stored so far has been written (or failed). */
  async function settled(): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const [{ n }] = await db().execute<[{ n: string }]>(`select count(*) as n from webhook_events where user_id = ? and status = 'RECEIVED'`, [userId]);
      if (Number(n) === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('deliveries still unprocessed after 20 s');
  }

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 3, rateScale: 500 } });
    uri = `${server.url}/api/webhooks/shopify`;
    seller = await newUserToken('shopify-webhooks');
    await connectSandbox(server, seller.token, 'shopify');
    // The seller's stock, so order lines reserve it.
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 200));
    await gql(server, 'mutation { syncProvider(providerId: "shopify", scope: ORDERS_AND_INVENTORY) { id } }', {}, seller.token);
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED' });
    await client.dispose();
    userId = (await db().execute<[{ id: string }]>('select id from users where subject = ?', [seller.subject]))[0].id;
  });
  afterAll(() => server.stop());

  it('stores an orders/create delivered five times once, and writes one order to the paisa', async () => {
    const webhookId = randomUUID();
    const body = restOrder(5001, { updatedAt: '2026-12-01T10:00:05+05:30' });
    for (let i = 0; i < 5; i++) expect(await send('orders/create', body, { webhookId, headers: { 'X-Shopify-Event-Id': 'event-5001' } })).toBe(200);
    await settled();
    const events = await db().execute<Array<{ event_id: string; status: string }>>(
      `select event_id, status from webhook_events where user_id = ? and delivery_id like ?`,
      [userId, `%:${webhookId}`],
    );
    expect(events).toEqual([{ event_id: 'event-5001', status: 'PROCESSED' }]);
    const [{ n }] = await db().execute<[{ n: string }]>(`select count(*) as n from orders where user_id = ? and external_id = '5001'`, [userId]);
    expect(Number(n)).toBe(1);
    // Tax taken out once: 2 × 1,180 − 100 = 2,260 with 344.75 GST in it (2 × 1,000 before tax, less 84.75
    // of discount before tax); shipping 59 with 9 in it. Revenue 2,000 − 84.75 + 50 = 1,965.25 = total − tax.
    expect(await orderRow('5001')).toMatchObject({
      status: 'CONFIRMED',
      item_subtotal: '2000.00',
      discounts: '84.75',
      shipping_charged: '50.00',
      tax: '353.75',
      total: '2319.00',
      customer_city: 'Pune',
    });
  });

  it('answers forged and unsigned deliveries 401 and keeps nothing of them', async () => {
    const forged = randomUUID();
    const unsigned = randomUUID();
    const unknownShop = randomUUID();
    const body = restOrder(5002, { updatedAt: '2026-12-01T10:00:05+05:30' });
    expect(await send('orders/create', body, { secret: 'not-the-secret', webhookId: forged })).toBe(401);
    expect(await send('orders/create', body, { webhookId: unsigned, headers: { 'X-Shopify-Hmac-Sha256': '' } })).toBe(401);
    expect(await send('orders/create', body, { shop: 'nobody.myshopify.com', webhookId: unknownShop })).toBe(401);
    // Signed, but the body changed on the way.
    const res = await fetch(uri, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update('{}').digest('base64'),
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': SHOP,
        'x-shopify-api-version': '2026-10',
        'x-shopify-webhook-id': forged,
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
    const rows = await db().execute(`select 1 from webhook_events where delivery_id like ? or delivery_id like ? or delivery_id like ?`, [
      `%${forged}`,
      `%${unsigned}`,
      `%${unknownShop}`,
    ]);
    expect(rows).toEqual([]);
    expect(await orderRow('5002')).toBeUndefined();
  });

  it('bounds the body (413) and keeps no delivery of a topic Sutra does not act on', async () => {
    const huge = { ...restOrder(5012, { updatedAt: '2026-12-01T10:00:05+05:30' }), note: 'x'.repeat(6 * 1024 * 1024) };
    expect(await send('orders/create', huge)).toBe(413);
    const webhookId = randomUUID();
    expect(await send('orders/paid', restOrder(5013, { updatedAt: '2026-12-01T10:00:05+05:30' }), { webhookId })).toBe(200);
    expect(await db().execute(`select 1 from webhook_events where delivery_id like ?`, [`%${webhookId}`])).toEqual([]);
    expect(await orderRow('5012')).toBeUndefined();
  });

  it('releases the stock an order held when an orders/updated cancels it', async () => {
    await send('orders/create', restOrder(5003, { updatedAt: '2026-12-01T10:00:05+05:30', quantity: 3 }));
    await settled();
    const held = () =>
      db().execute<Array<{ quantity: number; released: boolean }>>(
        `select r.quantity, r.released_at is not null as released from inventory_reservations r join order_items i on i.id = r.order_item_id
           join orders o on o.id = i.order_id where o.user_id = ? and o.external_id = '5003'`,
        [userId],
      );
    const reservedOf = async () =>
      Number(
        (await db().execute<[{ r: string }]>(`select coalesce(sum(reserved), 0) as r from inventory_levels where user_id = ? and sku = ?`, [userId, SKU]))[0].r,
      );
    expect(await held()).toEqual([{ quantity: 3, released: false }]);
    const before = await reservedOf();
    await send('orders/cancelled', restOrder(5003, { updatedAt: '2026-12-01T11:00:00+05:30', cancelledAt: '2026-12-01T11:00:00+05:30', quantity: 3 }));
    await settled();
    expect(await orderRow('5003')).toMatchObject({ status: 'CANCELLED' });
    expect(await held()).toEqual([{ quantity: 3, released: true }]);
    expect(await reservedOf()).toBe(before - 3);
  });

  it('changes nothing with a delivery older than the stored order', async () => {
    await send('orders/updated', restOrder(5004, { updatedAt: '2026-12-01T12:00:00+05:30', cancelledAt: '2026-12-01T12:00:00+05:30', city: 'Nagpur' }));
    await settled();
    // Shopify does not deliver in order: the earlier update arrives last.
    await send('orders/updated', restOrder(5004, { updatedAt: '2026-12-01T11:00:00+05:30', city: 'Pune' }));
    await settled();
    expect(await orderRow('5004')).toMatchObject({ status: 'CANCELLED', customer_city: 'Nagpur' });
  });

  it('customers/redact removes that customer’s address from their orders and nothing else', async () => {
    await send('orders/create', restOrder(5005, { updatedAt: '2026-12-01T10:00:05+05:30', customerId: 9001, city: 'Surat' }));
    await send('orders/create', restOrder(5006, { updatedAt: '2026-12-01T10:00:05+05:30', customerId: 9002, city: 'Indore' }));
    await settled();
    const before = await orderRow('5005');
    expect(
      await send('customers/redact', { shop_id: 1, shop_domain: SHOP, customer: { id: 9001, email: 'x@example.com', phone: null }, orders_to_redact: [5005] }),
    ).toBe(200);
    await settled();
    expect(await orderRow('5005')).toEqual({ ...before, customer_city: null, customer_state: null, customer_pincode: null });
    expect(await orderRow('5006')).toMatchObject({ customer_city: 'Indore', customer_state: 'Maharashtra', customer_pincode: '411001' });
    // The stored delivery of the redacted order no longer holds the customer either; the other's does.
    const holding = async (city: string) =>
      Number(
        (await db().execute<[{ n: string }]>(`select count(*) as n from webhook_events where user_id = ? and payload::text like ?`, [userId, `%${city}%`]))[0]
          .n,
      );
    expect({ surat: await holding('Surat'), indore: await holding('Indore') }).toEqual({ surat: 0, indore: 1 });
  });

  it('records a customer’s data request for the seller to read', async () => {
    await send('customers/data_request', { shop_domain: SHOP, customer: { id: 9002 }, orders_requested: [5006], data_request: { id: 77 } });
    await settled();
    const res = await gql<{
      customerDataRequests: Array<{ customer: string; requestId: string; held: Array<{ externalId: string; city: string; total: string }> }>;
    }>(server, '{ customerDataRequests { customer requestId held { externalId city total } } }', {}, seller.token);
    expect(res.data!.customerDataRequests).toEqual([
      { customer: 'Shopify customer 9002', requestId: '77', held: [{ externalId: '5006', city: 'Indore', total: '2319.00' }] },
    ]);
  });

  it('refunds/create reads the order again, inventory_levels/update the item’s stock', async () => {
    // Order 0 of the sandbox's book, as Shopify has it now.
    const bookOrder = '1000000000';
    await db().execute(`update orders set total = 1 where user_id = ? and external_id = ?`, [userId, bookOrder]);
    await send('refunds/create', { id: 1, order_id: Number(bookOrder), refund_line_items: [] });
    const level = await db().execute<Array<{ id: string }>>(
      `select l.id from inventory_levels l join warehouses w on w.id = l.warehouse_id where l.user_id = ? and l.sku = ? and w.code = ?`,
      [userId, SKU, `shopify:${LOCATION}`],
    );
    await db().execute(`update inventory_levels set on_hand = 9999 where id = ?`, [level[0]!.id]);
    await send('inventory_levels/update', { inventory_item_id: 80_000, location_id: LOCATION, available: 3, updated_at: '2026-12-01T10:00:00Z' });
    await settled();
    expect((await orderRow(bookOrder))!.total).toBe(rupees(shopifyView(server.sandbox!.book.get(0)).current.total));
    const [{ on_hand }] = await db().execute<[{ on_hand: number }]>(`select on_hand from inventory_levels where id = ?`, [level[0]!.id]);
    expect(on_hand).toBe(sandboxOnHand(SKU, LOCATION));
  });

  it('bulk_operations/finish wakes the backfill waiting on that operation', async () => {
    const operation = 'gid://shopify/BulkOperation/4242';
    const watch = watchBulkOperation(server.app.services.events, userId, operation);
    try {
      await send('bulk_operations/finish', {
        admin_graphql_api_id: operation,
        completed_at: null,
        created_at: null,
        error_code: null,
        status: 'completed',
        type: 'query',
      });
      expect(await watch.wait(10_000)).toBe(true);
    } finally {
      watch.close();
    }
  });

  it('keeps a delivery it cannot read FAILED, with the reason in syncHistory', async () => {
    await send('orders/updated', { id: 5010, name: '#W5010' });
    await settled();
    const res = await gql<{ syncHistory: { edges: Array<{ node: { trigger: string; status: string; error: string | null } }> } }>(
      server,
      '{ syncHistory(providerId: "shopify", first: 50) { edges { node { trigger status error } } } }',
      {},
      seller.token,
    );
    const failed = res.data!.syncHistory.edges.map((e) => e.node).filter((n) => n.trigger === 'WEBHOOK' && n.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/orders\/updated webhook Sutra cannot read: .*created_at/);
  });

  it('verifies a delivery signed with the old or the new app secret during a rotation', async () => {
    const connectApp = (apiSecret: string) =>
      gql(
        server,
        'mutation($c: JSONObject!) { connectProvider(providerId: "shopify_app", credentials: $c) { status { state } } }',
        { c: { api_key: SANDBOX_CREDENTIALS.shopify_app.api_key, api_secret: apiSecret } },
        seller.token,
      );
    expect((await connectApp('shpss_old_app_secret')).errors).toBeUndefined();
    expect((await connectApp('shpss_new_app_secret')).errors).toBeUndefined();
    const body = restOrder(5007, { updatedAt: '2026-12-01T10:00:05+05:30' });
    expect(await send('orders/create', body, { secret: 'shpss_old_app_secret' })).toBe(200);
    expect(await send('orders/create', body, { secret: 'shpss_new_app_secret' })).toBe(200);
    expect(await send('orders/create', body, { secret: 'shpss_some_other_secret' })).toBe(401);
  });

  it('lands a webhook from each of two shops of one seller on its own account', async () => {
    const def = requireProvider('shopify');
    const second = await forUser(server.app.services.orm.em, userId).transactional((tx) =>
      keepAccount(tx, server.app.services.credentials, userId, def, {
        externalId: SECOND_SHOP,
        accountName: SECOND_SHOP,
        fields: { shop: SECOND_SHOP, access_token: 'shpat_second0000000000000000001', api_secret: SECOND_SECRET },
      }),
    );
    const [{ id: first }] = await db().execute<[{ id: string }]>(`select id from channel_accounts where user_id = ? and external_id = ?`, [userId, SHOP]);
    expect(await send('orders/create', restOrder(5008, { updatedAt: '2026-12-01T10:00:05+05:30' }))).toBe(200);
    expect(await send('orders/create', restOrder(5009, { updatedAt: '2026-12-01T10:00:05+05:30' }), { shop: SECOND_SHOP, secret: SECOND_SECRET })).toBe(200);
    // Each shop's secret signs for that shop only.
    expect(await send('orders/create', restOrder(5011, { updatedAt: '2026-12-01T10:00:05+05:30' }), { shop: SECOND_SHOP, secret: SECRET })).toBe(401);
    await settled();
    expect((await orderRow('5008'))!.channel_account_id).toBe(first);
    expect((await orderRow('5009'))!.channel_account_id).toBe(second.id);
    expect(await orderRow('5011')).toBeUndefined();
  });

  it('app/uninstalled makes the account NEEDS_REAUTH; shop/redact erases the shop’s data', async () => {
    await send('app/uninstalled', { id: 1, name: 'Second brand', myshopify_domain: SECOND_SHOP }, { shop: SECOND_SHOP, secret: SECOND_SECRET });
    await settled();
    const [credential] = await db().execute<Array<{ state: string; last_error: string }>>(
      `select c.state, c.last_error from provider_credentials c join channel_accounts a on a.id = c.channel_account_id where a.user_id = ? and a.external_id = ?`,
      [userId, SECOND_SHOP],
    );
    expect(credential).toMatchObject({ state: 'NEEDS_REAUTH', last_error: expect.stringMatching(/reinstall Sutra/) });

    await send('shop/redact', { shop_id: 2, shop_domain: SECOND_SHOP }, { shop: SECOND_SHOP, secret: SECOND_SECRET });
    await settled();
    expect(await orderRow('5009')).toBeUndefined();
    const [{ n }] = await db().execute<[{ n: string }]>(
      `select count(*) as n from provider_credentials c join channel_accounts a on a.id = c.channel_account_id where a.external_id = ?`,
      [SECOND_SHOP],
    );
    expect(Number(n)).toBe(0);
    // The other shop's orders stay.
    expect(await orderRow('5008')).toBeDefined();
  });
});
