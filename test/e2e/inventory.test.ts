import { amazonFulfilledBy } from '../../src/sandbox/commerce/amazon-orders.js';
import { CATALOG_SKUS, type BookOrder } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_LOCATIONS, sandboxOnHand, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox } from '../support/sync.js';

/**
 * The stock a seller sees in `inventory` after syncing the sandbox's Shopify (which reports the
 * stock at its locations) and Amazon (which reports none, and ships some orders itself: FBA).
 */

const ORDERS = 120;

interface Level {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  available: number;
  oversold: number;
  fetchedAt: string | null;
}

/** Orders of the book not yet shipped (nor cancelled): their units wait to leave. */
const waiting = (o: BookOrder) => o.status === 'pending' || o.status === 'confirmed' || o.status === 'packed';

/** Units per SKU, from the book. */
function units(server: TestServer, linesOf: (o: BookOrder) => Array<{ sku: string; quantity: number }>): Map<string, number> {
  const by = new Map<string, number>();
  for (let i = 0; i < ORDERS; i++) {
    const o = server.sandbox!.book.get(i);
    if (waiting(o)) for (const l of linesOf(o)) by.set(l.sku, (by.get(l.sku) ?? 0) + l.quantity);
  }
  return by;
}

describe('the stock a seller can still sell, through the inventory query', () => {
  let server: TestServer;
  /** What each channel's orders waiting to ship hold, by SKU (Shopify's current quantities, after refunds). */
  let shopifyWaiting: Map<string, number>;
  let amazonSellerShips: Map<string, number>;
  let amazonShips: Map<string, number>;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
    shopifyWaiting = units(server, (o) => shopifyView(o).lines.map((l) => ({ sku: l.book.sku, quantity: l.currentQuantity })));
    const amazonLines = (by: string) => (o: BookOrder) => (amazonFulfilledBy(o.status, o.index) === by ? o.lines : []);
    amazonSellerShips = units(server, amazonLines('MERCHANT'));
    amazonShips = units(server, amazonLines('AMAZON'));
  });
  afterAll(() => server.stop());

  async function sync(token: string, providerId: string, scope = 'ORDERS') {
    const client = wsClient(server, token);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 200));
    const queued = await gql(server, `mutation($p: ID!) { syncProvider(providerId: $p, scope: ${scope}) { id } }`, { p: providerId }, token);
    expect(queued.errors).toBeUndefined();
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED', processed: ORDERS });
    await client.dispose();
  }

  async function inventory(token: string): Promise<Level[]> {
    const res = await gql(server, doc<{ inventory: Level[] }>('{ inventory { sku location onHand reserved available oversold fetchedAt } }'), {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.inventory;
  }

  /** Every level is one read from Shopify, with what can be sold never below 0. */
  function expectTrue(levels: Level[]) {
    const locations = new Map(SANDBOX_LOCATIONS.map((l) => [l.name, l.id]));
    expect(levels).toHaveLength(CATALOG_SKUS.length * SANDBOX_LOCATIONS.length);
    for (const l of levels) {
      expect(l.fetchedAt).not.toBeNull();
      expect(l.onHand).toBe(sandboxOnHand(l.sku, locations.get(l.location)!));
      expect(l.available).toBe(Math.max(l.onHand - l.reserved, 0));
      expect(l.oversold).toBe(Math.max(l.reserved - l.onHand, 0));
    }
  }

  /** Per SKU, over all of its locations. */
  const perSku = (levels: Level[], f: (l: Level) => number) => {
    const by = new Map<string, number>();
    for (const l of levels) by.set(l.sku, (by.get(l.sku) ?? 0) + f(l));
    return by;
  };
  const plus = (...maps: Array<Map<string, number>>) => new Map(CATALOG_SKUS.map((sku) => [sku, maps.reduce((t, m) => t + (m.get(sku) ?? 0), 0)]));

  it('the book has Amazon orders of both kinds waiting to ship, so the figures below tell them apart', () => {
    expect([...amazonSellerShips.values()].reduce((t, n) => t + n, 0)).toBeGreaterThan(0);
    expect([...amazonShips.values()].reduce((t, n) => t + n, 0)).toBeGreaterThan(0);
  });

  it('shows no level before any stock is read, then holds each waiting order’s units in the levels read, FBA orders none', async () => {
    const seller = await newUserToken('stock-later');
    await connectSandbox(server, seller.token, 'amazon');
    await connectSandbox(server, seller.token, 'shopify');
    await sync(seller.token, 'amazon');
    // Amazon reports no stock: nothing is known, and nothing is shown as 0 on hand.
    expect(await inventory(seller.token)).toEqual([]);

    await sync(seller.token, 'shopify', 'ORDERS_AND_INVENTORY');
    const levels = await inventory(seller.token);
    expectTrue(levels);
    expect(perSku(levels, (l) => l.reserved)).toEqual(plus(shopifyWaiting, amazonSellerShips));
  });

  it('a seller-fulfilled order takes its quantity off what can be sold; an FBA order takes nothing', async () => {
    const seller = await newUserToken('stock-first');
    await connectSandbox(server, seller.token, 'shopify');
    await connectSandbox(server, seller.token, 'amazon');
    await sync(seller.token, 'shopify', 'ORDERS_AND_INVENTORY');
    const before = await inventory(seller.token);
    expectTrue(before);
    expect(perSku(before, (l) => l.reserved)).toEqual(plus(shopifyWaiting));

    await sync(seller.token, 'amazon');
    const after = await inventory(seller.token);
    expectTrue(after);
    const sellable = (levels: Level[]) => perSku(levels, (l) => l.available - l.oversold);
    const taken = new Map([...sellable(before)].map(([sku, n]) => [sku, n - sellable(after).get(sku)!]));
    expect(taken).toEqual(plus(amazonSellerShips));
  });
});
