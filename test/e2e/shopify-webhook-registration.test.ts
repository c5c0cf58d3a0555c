import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox } from '../support/sync.js';

const SHOP = SANDBOX_CREDENTIALS.shopify.shop;
const TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  'inventory_levels/update',
  'app/uninstalled',
  'bulk_operations/finish',
];

type Subscription = { channelAccountId: string; providerId: string; topic: string; address: string; registeredAt: string | null; active: boolean };
const FIELDS = 'channelAccountId providerId topic address registeredAt active';
const REGISTER = doc<{ registerShopifyWebhooks: Subscription[] }>(`mutation($id: ID) { registerShopifyWebhooks(channelAccountId: $id) { ${FIELDS} } }`);
const LISTED = doc<{ webhookSubscriptions: Subscription[] }>(`{ webhookSubscriptions { ${FIELDS} } }`);
const CATALOG = doc<{ integrationCatalog: { sections: Array<{ providers: Array<{ id: string; actions: Array<{ id: string; available: boolean }> }> }> } }>(
  '{ integrationCatalog { sections { providers { id actions { id available } } } } }',
);
const BEGIN = doc<{ beginOAuthInstall: { authorizeUrl: string } }>(
  'mutation($s: String!) { beginOAuthInstall(providerId: "shopify", shop: $s) { authorizeUrl } }',
);

/** The sandbox's subscriptions of a shop, as topic → addresses (deliveries' words). */
function atShopify(server: TestServer, shop: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of server.sandbox!.shopifyWebhooks.subscriptionsOf(shop)) {
    const topic = TOPICS.find((t) => t.toUpperCase().replace('/', '_') === s.topic) ?? s.topic;
    (out[topic] ??= []).push(s.uri);
  }
  return out;
}

/** Installs the sandbox app on `shop` for the seller: begin, the sandbox approving, Sutra's callback. Where the browser lands. */
async function install(server: TestServer, token: string, shop: string): Promise<URL> {
  const begun = await gql(server, BEGIN, { s: shop }, token);
  expect(begun.errors).toBeUndefined();
  const approved = await fetch(begun.data!.beginOAuthInstall.authorizeUrl, { redirect: 'manual' });
  const back = new URL(approved.headers.get('location')!);
  const res = await fetch(`${server.url}${back.pathname}${back.search}`, { redirect: 'manual' });
  return new URL(res.headers.get('location')!);
}

describe('registering Shopify webhooks', () => {
  const PUBLIC_URL = 'https://sutra.example.test';
  const ADDRESS = `${PUBLIC_URL}/api/webhooks/shopify`;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 5, rateScale: 500 }, env: { PUBLIC_URL } });
  });
  afterAll(() => server.stop());

  it('subscribes a custom app’s shop to the 7 topics once, however often it is pressed, keeping another address’s subscription', async () => {
    const seller = await newUserToken('webhooks');
    await connectSandbox(server, seller.token, 'shopify');
    // Another app (or an older deployment) already sends orders/create elsewhere: not Sutra's to delete.
    server.sandbox!.shopifyWebhooks.add(SHOP, {
      topic: 'ORDERS_CREATE',
      uri: 'https://elsewhere.example.com/hooks',
      format: 'JSON',
      includeFields: [],
      filter: null,
      apiVersion: '2026-10',
    });

    const catalog = await gql(server, CATALOG, {}, seller.token);
    const shopify = catalog.data!.integrationCatalog.sections.flatMap((s) => s.providers).find((p) => p.id === 'shopify')!;
    expect(shopify.actions.find((a) => a.id === 'register_webhooks')).toEqual({ id: 'register_webhooks', available: true });

    for (let pressed = 0; pressed < 2; pressed++) {
      const res = await gql(server, REGISTER, {}, seller.token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.registerShopifyWebhooks.map((s) => [s.topic, s.address, s.active, s.providerId])).toEqual(
        TOPICS.map((t) => [t, ADDRESS, true, 'shopify']),
      );
    }
    const expected = Object.fromEntries(TOPICS.map((t) => [t, t === 'orders/create' ? ['https://elsewhere.example.com/hooks', ADDRESS] : [ADDRESS]]));
    expect(atShopify(server, SHOP)).toEqual(expected);

    const listed = (await gql(server, LISTED, {}, seller.token)).data!.webhookSubscriptions;
    expect(listed.map((s) => s.topic)).toEqual(TOPICS);
    expect(listed.every((s) => s.active && s.address === ADDRESS && s.registeredAt !== null)).toBe(true);
  });

  it('registers on install, and again on a second shop of the same seller, each at its own shop', async () => {
    const seller = await newUserToken('webhooks-install');
    await connectSandbox(server, seller.token, 'shopify_app');
    for (const shop of ['webhook-one.myshopify.com', 'webhook-two.myshopify.com']) {
      expect((await install(server, seller.token, shop)).searchParams.get('install')).toBe('success');
      expect(atShopify(server, shop)).toEqual(Object.fromEntries(TOPICS.map((t) => [t, [ADDRESS]])));
    }
    const listed = (await gql(server, LISTED, {}, seller.token)).data!.webhookSubscriptions;
    expect(listed).toHaveLength(14);
    expect(new Set(listed.map((s) => s.channelAccountId)).size).toBe(2);

    // Pressing the button afterwards changes nothing at either shop.
    expect((await gql(server, REGISTER, {}, seller.token)).data!.registerShopifyWebhooks).toHaveLength(14);
    for (const shop of ['webhook-one.myshopify.com', 'webhook-two.myshopify.com']) {
      expect(Object.values(atShopify(server, shop)).flat()).toHaveLength(7);
    }
  });

  it('gives 7 active topics, none doubled, when two registrations of one shop run at once', async () => {
    const seller = await newUserToken('webhooks-race');
    await connectSandbox(server, seller.token, 'shopify');
    const hooks = server.sandbox!.shopifyWebhooks;
    for (const s of [...hooks.subscriptionsOf(SHOP)]) hooks.remove(SHOP, s.id);

    const both = await Promise.all([gql(server, REGISTER, {}, seller.token), gql(server, REGISTER, {}, seller.token)]);
    for (const res of both) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.registerShopifyWebhooks.map((s) => [s.topic, s.active])).toEqual(TOPICS.map((t) => [t, true]));
    }
    expect(atShopify(server, SHOP)).toEqual(Object.fromEntries(TOPICS.map((t) => [t, [ADDRESS]])));
  });

  it('answers an account id that is not the seller’s as NOT_FOUND', async () => {
    const seller = await newUserToken('webhooks-stranger');
    const res = await gql(server, REGISTER, { id: '00000000-0000-4000-8000-000000000000' }, seller.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a registration Shopify refuses', () => {
  // Shopify takes HTTPS addresses only (the sandbox lets loopback ones through for tests).
  const PUBLIC_URL = 'http://sutra.example.test';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 5, rateScale: 500 }, env: { PUBLIC_URL } });
  });
  afterAll(() => server.stop());

  it('answers in Shopify’s words and lists the topics inactive', async () => {
    const seller = await newUserToken('webhooks-refused');
    await connectSandbox(server, seller.token, 'shopify');
    const res = await gql(server, REGISTER, {}, seller.token);
    expect(res.errors?.[0]?.message).toBe(
      `Shopify refused to send orders/create of ${SHOP} to ${PUBLIC_URL}/api/webhooks/shopify: Address protocol http:// is not supported`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const listed = (await gql(server, LISTED, {}, seller.token)).data!.webhookSubscriptions;
    expect(listed.map((s) => [s.topic, s.active])).toEqual(TOPICS.map((t) => [t, false]));
    expect(atShopify(server, SHOP)).toEqual({});
  });

  it('leaves the install standing: the shop is installed, its topics listed inactive', async () => {
    const seller = await newUserToken('webhooks-refused-install');
    await connectSandbox(server, seller.token, 'shopify_app');
    const shop = 'refused-hooks.myshopify.com';
    const landed = await install(server, seller.token, shop);
    expect(landed.searchParams.get('install')).toBe('success');
    const listed = (await gql(server, LISTED, {}, seller.token)).data!.webhookSubscriptions;
    expect(listed.map((s) => [s.topic, s.active, s.channelAccountId])).toEqual(TOPICS.map((t) => [t, false, landed.searchParams.get('channelAccountId')]));
    expect(atShopify(server, shop)).toEqual({});
  });
});
