import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { shopifyWebhookHmac } from '../../src/sandbox/shopify-webhook-sender.js';

const { shop, access_token: token } = SANDBOX_CREDENTIALS.shopify;

const CREATE = `mutation Create($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri format apiVersion { handle } }
    userErrors { field message }
  }
}`;
const LIST = `query List($topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: 250, topics: $topics) { nodes { id topic uri } pageInfo { hasNextPage endCursor } }
}`;

/** A receiver that keeps each delivery's raw bytes and headers, answering `status`. */
async function receiver(status = 200) {
  const got: Array<{ headers: IncomingHttpHeaders; raw: Buffer }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/shopify`;
  return { got, uri, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("the Shopify sandbox's webhook subscriptions and signed deliveries", () => {
  let sandbox: Sandbox;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw Admin GraphQL answers, each test reads the fields it checks
  type Answer = { data?: any; errors?: any; extensions?: any };
  const admin = async (query: string, variables: Record<string, unknown> = {}, version = '2026-10'): Promise<Answer> => {
    const res = await fetch(`${sandbox.url}/shopify/${shop}/admin/api/${version}/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as never;
  };

  beforeEach(async () => {
    sandbox = await startSandbox({ orders: 5 });
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  it('signs like Shopify: base64 HMAC-SHA256 of the raw body (docs/providers.md §1.6 T3, T4)', () => {
    expect(shopifyWebhookHmac('sphss_sjdnbsfsdjbgksbgksgb', '{"test":{"test2": "testing"}}')).toBe('RJCzgKmUoGP/Ylod4MhDP+BXTVOaV4NVbdqa3xn9vw4=');
    expect(shopifyWebhookHmac('hush', '{"id":820982911946154508,"name":"#1001","email":"jon@example.com"}')).toBe(
      '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=',
    );
  });

  it('creates a subscription (a mutation costs 10 and more), lists it, and refuses the same topic to the same address again', async () => {
    const uri = 'https://sutra.example.com/api/webhooks/shopify';
    const made = await admin(CREATE, { topic: 'ORDERS_CREATE', uri });
    expect(made.errors).toBeUndefined();
    expect(made.data.webhookSubscriptionCreate).toMatchObject({
      webhookSubscription: { topic: 'ORDERS_CREATE', uri, format: 'JSON', apiVersion: { handle: '2026-10' } },
      userErrors: [],
    });
    expect(made.extensions.cost.requestedQueryCost).toBeGreaterThanOrEqual(10);

    const again = await admin(CREATE, { topic: 'ORDERS_CREATE', uri });
    expect(again.data.webhookSubscriptionCreate).toEqual({
      webhookSubscription: null,
      userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' }],
    });
    // Another topic to the same address is a subscription of its own.
    expect((await admin(CREATE, { topic: 'ORDERS_UPDATED', uri })).data.webhookSubscriptionCreate.userErrors).toEqual([]);

    const listed = await admin(LIST, { topics: ['ORDERS_CREATE'] });
    expect(listed.data.webhookSubscriptions.nodes).toEqual([{ id: made.data.webhookSubscriptionCreate.webhookSubscription.id, topic: 'ORDERS_CREATE', uri }]);
    expect((await admin(LIST)).data.webhookSubscriptions.nodes).toHaveLength(2);
  });

  it('refuses a compliance topic, a plain-http or Shopify address, and an unknown topic, storing nothing', async () => {
    const compliance = await admin(CREATE, { topic: 'CUSTOMERS_REDACT', uri: 'https://sutra.example.com/api/webhooks/shopify' });
    expect(compliance.data.webhookSubscriptionCreate.webhookSubscription).toBeNull();
    expect(compliance.data.webhookSubscriptionCreate.userErrors[0].message).toMatch(/compliance topic/);

    const http = await admin(CREATE, { topic: 'ORDERS_CREATE', uri: 'http://sutra.example.com/api/webhooks/shopify' });
    expect(http.data.webhookSubscriptionCreate.userErrors).toEqual([
      { field: ['webhookSubscription', 'callbackUrl'], message: 'Address protocol http:// is not supported' },
    ]);
    const internal = await admin(CREATE, { topic: 'ORDERS_CREATE', uri: 'https://admin.shopify.com/hook' });
    expect(internal.data.webhookSubscriptionCreate.userErrors[0].message).toBe('Address cannot be a Shopify or an internal domain');

    const unknown = await admin(CREATE, { topic: 'ORDERS_EXPLODED', uri: 'https://sutra.example.com/x' });
    expect(unknown.data).toBeUndefined();
    expect(unknown.errors[0].message).toMatch(/ORDERS_EXPLODED/);

    expect((await admin(LIST)).data.webhookSubscriptions.nodes).toEqual([]);
  });

  it('deletes a subscription once; a second delete is a userError', async () => {
    const made = await admin(CREATE, { topic: 'APP_UNINSTALLED', uri: 'https://sutra.example.com/api/webhooks/shopify' });
    const id = made.data.webhookSubscriptionCreate.webhookSubscription.id as string;
    const DELETE = `mutation Delete($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`;
    expect((await admin(DELETE, { id })).data.webhookSubscriptionDelete).toEqual({ deletedWebhookSubscriptionId: id, userErrors: [] });
    expect((await admin(DELETE, { id })).data.webhookSubscriptionDelete).toEqual({
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    });
  });

  it("delivers to each subscription of the topic, signed with the shop's app secret, a fresh Webhook-Id per delivery", async () => {
    const a = await receiver();
    const b = await receiver(401);
    try {
      await admin(CREATE, { topic: 'ORDERS_CREATE', uri: a.uri }, '2026-07');
      await admin(CREATE, { topic: 'ORDERS_CREATE', uri: b.uri }, '2026-07');
      const payload = { id: 820982911946154, name: '#1001', updated_at: '2026-12-07T10:00:00Z' };

      // The highest status wins: one receiver refused.
      expect(await sandbox.shopifyWebhooks.deliver(shop, 'orders/create', payload)).toBe(401);
      const deliveries = [...a.got, ...b.got];
      expect(deliveries).toHaveLength(2);
      for (const d of deliveries) {
        // The custom-app shop is signed with its custom app's secret.
        expect(d.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', SANDBOX_CREDENTIALS.shopify.api_secret).update(d.raw).digest('base64'));
        expect(JSON.parse(d.raw.toString())).toEqual(payload);
        expect(d.headers).toMatchObject({
          'x-shopify-topic': 'orders/create',
          'x-shopify-shop-domain': shop,
          'x-shopify-api-version': '2026-07',
          'content-type': 'application/json',
        });
        expect(Date.parse(String(d.headers['x-shopify-triggered-at']))).not.toBeNaN();
      }
      // One merchant action: one Event-Id, a Webhook-Id per delivery (docs/providers.md §1.2).
      expect(deliveries[0]!.headers['x-shopify-event-id']).toBe(deliveries[1]!.headers['x-shopify-event-id']);
      expect(deliveries[0]!.headers['x-shopify-webhook-id']).not.toBe(deliveries[1]!.headers['x-shopify-webhook-id']);

      // A topic the shop has no subscription to is a mistake in the test, not a silent no-op.
      await expect(sandbox.shopifyWebhooks.deliver(shop, 'refunds/create', payload)).rejects.toThrow(/no subscription/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('sends any body to any address with a chosen secret and headers (a forgery, a redelivery)', async () => {
    const r = await receiver();
    try {
      const body = '{"id":1}';
      const headers = { 'X-Shopify-Webhook-Id': 'same-delivery' };
      expect(await sandbox.shopifyWebhooks.send(r.uri, 'not-the-secret', 'orders/create', shop, body, headers)).toBe(200);
      expect(await sandbox.shopifyWebhooks.send(r.uri, SANDBOX_CREDENTIALS.shopify_app.api_secret, 'orders/create', 'other.myshopify.com', body, headers)).toBe(
        200,
      );
      expect(r.got.map((d) => d.headers['x-shopify-webhook-id'])).toEqual(['same-delivery', 'same-delivery']);
      expect(r.got[0]!.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', 'not-the-secret').update(body).digest('base64'));
      expect(r.got[1]!.raw.toString()).toBe(body);
      // App-installed shops are signed with the sandbox app's secret.
      expect(sandbox.shopifyWebhooks.secretOf('other.myshopify.com')).toBe(SANDBOX_CREDENTIALS.shopify_app.api_secret);
    } finally {
      await r.close();
    }
  });
});
