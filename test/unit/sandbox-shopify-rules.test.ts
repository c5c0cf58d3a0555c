import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { AdminGraphql, fetchShop } from '../../src/providers/shopify/client.js';
import { QUERY_COSTS, SHOPIFY_QUERIES, shopifyInventory, shopifyOrders } from '../../src/providers/shopify/orders.js';
import type { CommonOrder, SyncSession } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { rupees } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_LOCATIONS, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const { shop, access_token: token } = SANDBOX_CREDENTIALS.shopify;
const ORDERS = 60;
const log = createLogger({ level: 'silent', pretty: false });

describe('the Shopify sandbox refuses what Shopify refuses, and takes what Sutra sends', () => {
  let sandbox: Sandbox;
  let session: SyncSession;
  const url = (version = '2026-10', at = shop) => `${sandbox.url}/shopify/${at}/admin/api/${version}/graphql.json`;
  const post = async (
    body: unknown,
    { version, headers = { 'x-shopify-access-token': token } }: { version?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(url(version), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return {
      status: res.status,
      version: res.headers.get('x-shopify-api-version'),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw Admin GraphQL answers, each test reads the fields it checks
      body: (await res.json()) as { data?: any; errors?: any; extensions?: any },
    };
  };
  const ordersOf = async (s: SyncSession) => {
    const orders: CommonOrder[] = [];
    for await (const page of shopifyOrders.pages(s)) orders.push(...page.orders);
    return orders;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: ORDERS, rateScale: 500 });
    const endpoints = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...sandbox.env }).providers;
    session = { endpoints, log, credentials: { shop, access_token: token }, firstSyncFrom: new Date(0) };
  });
  afterAll(() => sandbox.stop());

  it('a missing or wrong X-Shopify-Access-Token: 401 with Shopify’s words, which reach the seller', async () => {
    const missing = await post({ query: '{ shop { name } }' }, { headers: {} });
    expect(missing).toMatchObject({ status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } });
    await expect(ordersOf({ ...session, credentials: { shop, access_token: 'shpat_wrong00000000000000000000000' } })).rejects.toMatchObject({
      kind: 'auth',
      message:
        `Shopify refused the access token for ${shop} (HTTP 401): [API] Invalid API key or access token (unrecognized login or wrong password).` +
        ' Reinstall the app or paste a new Admin API token',
    });
    await expect(fetchShop(shop, token, session)).resolves.toMatchObject({ myshopifyDomain: shop });
  });

  it('an API version Shopify does not have: 404; a retired one falls forward; Sutra’s is served as asked', async () => {
    expect(await post({ query: '{ shop { name } }' }, { version: '2026-13' })).toMatchObject({ status: 404, body: { errors: 'Not Found' } });
    expect(await post({ query: '{ shop { name } }' }, { version: '2024-01' })).toMatchObject({ status: 200, version: '2025-10' });
    expect(await post({ query: '{ shop { name } }' }, { version: session.endpoints.shopifyApiVersion })).toMatchObject({ status: 200, version: '2026-10' });
    const wrongVersion = { ...session, endpoints: { ...session.endpoints, shopifyApiVersion: '2026-13' } };
    await expect(ordersOf(wrongVersion)).rejects.toThrow(
      /^Shopify refused shop sutra-sandbox\.myshopify\.com \(HTTP 404\): Not Found\. Check the \.myshopify\.com domain \(no such shop, or no Admin API version 2026-13 there\)$/,
    );
  });

  it('a query costing more than 1000 points: MAX_COST_EXCEEDED; each of Sutra’s queries costs what Sutra budgets, under 1000', async () => {
    const costly = await post({ query: '{ orders(first: 250) { nodes { id lineItems(first: 100) { nodes { id } } } } }' });
    expect(costly.body.errors).toEqual([
      {
        message: 'Query cost is 25752, which exceeds the single query max cost limit (1000).',
        extensions: { code: 'MAX_COST_EXCEEDED', cost: 25752, maxCost: 1000 },
      },
    ]);
    const asked = [
      [SHOPIFY_QUERIES.ORDERS_QUERY, { first: SHOPIFY_QUERIES.PAGE_SIZE, after: null, q: null }, QUERY_COSTS.orders],
      [SHOPIFY_QUERIES.MORE_LINES_QUERY, { id: 'gid://shopify/Order/1000000000', after: null }, QUERY_COSTS.moreLines],
      [SHOPIFY_QUERIES.INVENTORY_QUERY, { first: SHOPIFY_QUERIES.ITEMS_PER_PAGE, after: null }, QUERY_COSTS.inventory],
      [SHOPIFY_QUERIES.MORE_LEVELS_QUERY, { id: 'gid://shopify/InventoryItem/80000', after: null }, QUERY_COSTS.moreLevels],
    ] as const;
    for (const [query, variables, budget] of asked) {
      const { body } = await post({ query, variables });
      expect(body.extensions.cost.requestedQueryCost).toBe(budget);
      expect(budget).toBeLessThanOrEqual(1000);
      expect(body.data).toBeTruthy();
    }
  });

  it('a page of more than 250: refused (the error’s words are the sandbox’s own, UNVERIFIED); Sutra asks fewer', async () => {
    const big = await post({ query: 'query Big { orders(first: 251) { nodes { id } } }' });
    expect(big.body.data).toBeUndefined();
    expect(big.body.errors[0]).toMatchObject({ path: ['query Big', 'orders'], extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED', maxPageSize: 250 } });
    expect(SHOPIFY_QUERIES.PAGE_SIZE).toBeLessThanOrEqual(250);
    expect(SHOPIFY_QUERIES.ITEMS_PER_PAGE).toBeLessThanOrEqual(250);
  });

  it('a field the schema lacks: undefinedField, as Shopify words it; Sutra’s query asks only real fields', async () => {
    const unknown = await post({ query: 'query Orders { orders(first: 1) { nodes { id totalPrice } } }' });
    expect(unknown.body).toEqual({
      errors: [
        {
          message: "Field 'totalPrice' doesn't exist on type 'Order'",
          locations: [{ line: 1, column: 46 }],
          path: ['query Orders', 'orders', 'nodes', 'totalPrice'],
          extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'totalPrice' },
        },
      ],
    });
    const ours = await post({ query: SHOPIFY_QUERIES.ORDERS_QUERY, variables: { first: SHOPIFY_QUERIES.PAGE_SIZE } });
    // Its only errors are the withheld addresses (below).
    expect((ours.body.errors ?? []).filter((e: { path: unknown[] }) => !e.path.includes('shippingAddress'))).toEqual([]);
    expect(ours.body.data.orders.nodes).toHaveLength(SHOPIFY_QUERIES.PAGE_SIZE);
  });

  it('a query that does not parse: graphql-ruby’s words and location, no data, no code', async () => {
    const said = async (query: string) => (await post({ query })).body;
    // As Shopify answered in Shopify/shopify-cli#668: `Parse error on ")" (RPAREN) at [1, 28]`.
    expect(await said('{ orders() { nodes { id } } }')).toEqual({
      errors: [{ message: 'Parse error on ")" (RPAREN) at [1, 10]', locations: [{ line: 1, column: 10 }] }],
    });
    expect(await said('{ shop { name } } }')).toEqual({
      errors: [{ message: 'Parse error on "}" (RCURLY) at [1, 19]', locations: [{ line: 1, column: 19 }] }],
    });
    expect(await said('{\n  "shop" }')).toEqual({
      errors: [{ message: 'Parse error on "shop" (STRING) at [2, 3]', locations: [{ line: 2, column: 3 }] }],
    });
    expect(await said('{ shop { name % } }')).toEqual({
      errors: [{ message: 'Parse error on "%" (UNKNOWN_CHAR) at [1, 15]', locations: [{ line: 1, column: 15 }] }],
    });
    expect(await said('query Orders { orders(first: 1) { nodes { id }')).toEqual({ errors: [{ message: 'Unexpected end of document', locations: [] }] });
    const api = new AdminGraphql(session);
    await expect(api.query('{ orders() { nodes { id } } }', {}, 10)).rejects.toMatchObject({
      kind: 'request',
      message: 'Shopify refused the query (HTTP 200): Parse error on ")" (RPAREN) at [1, 10]',
    });
  });

  it('an argument the field does not take: argumentNotAccepted, as Shopify words it', async () => {
    const { body } = await post({ query: 'query Orders { orders(first: 1, sortBy: ID) { nodes { id } } }' });
    expect(body).toEqual({
      errors: [
        {
          message: "Field 'orders' doesn't accept argument 'sortBy'",
          locations: [{ line: 1, column: 33 }],
          path: ['query Orders', 'orders', 'sortBy'],
          extensions: { code: 'argumentNotAccepted', name: 'orders', typeName: 'Field', argumentName: 'sortBy' },
        },
      ],
    });
  });

  it('a withheld address: data with the address null and an error pointing into it; Sutra keeps the order without it', async () => {
    const { body } = await post({ query: SHOPIFY_QUERIES.ORDERS_QUERY, variables: { first: 12 } });
    // Order 5: the whole address withheld, with ACCESS_DENIED; order 11: its city and pincode, without a code.
    expect(body.data.orders.nodes[5].shippingAddress).toBeNull();
    expect(body.data.orders.nodes[11].shippingAddress).toMatchObject({ city: null, zip: null, province: sandbox.book.get(11).state });
    expect(body.errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['orders', 'nodes', 5, 'shippingAddress'],
      ['orders', 'nodes', 11, 'shippingAddress', 'city'],
      ['orders', 'nodes', 11, 'shippingAddress', 'zip'],
    ]);
    const orders = await ordersOf(session);
    expect(orders).toHaveLength(ORDERS);
    expect(orders[5]!.customer).toEqual({ city: undefined, state: undefined, pincode: undefined });
    expect(orders[11]!.customer).toEqual({ city: undefined, state: sandbox.book.get(11).state, pincode: undefined });
    expect(orders[0]!.customer).toEqual({ city: sandbox.book.get(0).city, state: sandbox.book.get(0).state, pincode: sandbox.book.get(0).pincode });
  });

  it('Sutra reads what the sandbox rendered: current totals after refunds, tax apart, quantities kept', async () => {
    const orders = await ordersOf(session);
    for (const o of orders) {
      const book = sandbox.book.get(Number(o.externalId) - 1_000_000_000);
      const view = shopifyView(book);
      expect({ total: o.total, tax: o.tax, quantities: o.items.map((i) => i.quantity) }).toEqual({
        total: rupees(view.current.total),
        tax: rupees(view.current.tax),
        quantities: view.lines.map((l) => l.currentQuantity),
      });
    }
    // Some of each kind the book holds at this size.
    const kinds = new Set(orders.map((o) => shopifyView(sandbox.book.get(Number(o.externalId) - 1_000_000_000)).refund?.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['cancel', 'partial', 'return']));
  });

  it('an item stocked at more locations than one page of inventoryLevels: every location arrives', async () => {
    const levels = [];
    for await (const page of shopifyInventory(session)) levels.push(...page);
    expect(SANDBOX_LOCATIONS.length).toBeGreaterThan(10);
    const mug = levels.filter((l) => l.sku === 'MUG-BLK-M');
    expect(mug.map((l) => l.locationName)).toEqual(SANDBOX_LOCATIONS.map((l) => l.name));
  });

  it('puts Shopify’s own words for a refused query into the error the seller reads', async () => {
    const api = new AdminGraphql(session);
    await expect(api.query('{ orders(first: 250) { nodes { id lineItems(first: 100) { nodes { id } } } } }', {}, 10)).rejects.toMatchObject({
      kind: 'request',
      message: 'Shopify refused the query (HTTP 200): Query cost is 25752, which exceeds the single query max cost limit (1000).',
    });
  });
});
