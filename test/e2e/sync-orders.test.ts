import { flipkartView } from '../../src/sandbox/commerce/flipkart-orders.js';
import { CATALOG_SKUS } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_LOCATIONS, sandboxOnHand, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox, readAllOrders, SYNC_MUTATION } from '../support/sync.js';

const ORDERS = 240;
/** Lines of the book's orders, as each pulled provider reports them (Myntra pushes: myntra-push.test.ts). */
const linesOf = (server: TestServer) => {
  let lines = 0;
  for (let i = 0; i < ORDERS; i++) lines += server.sandbox!.book.get(i).lines.length;
  return lines;
};

describe('importing orders from each sales channel, watched live over graphql-ws', () => {
  let server: TestServer;
  beforeAll(async () => {
    // rateScale keeps each provider's real usage plans but runs them 500 times faster.
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
  });
  afterAll(() => server.stop());

  it.each(['flipkart', 'amazon', 'shopify'] as const)('%s: RUNNING, page events and SUCCEEDED, then exactly the sandbox’s orders', async (providerId) => {
    const seller = await newUserToken(providerId);
    await connectSandbox(server, seller.token, providerId);
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 200));

    const queued = await gql(server, SYNC_MUTATION, { p: providerId }, seller.token);
    expect(queued.errors).toBeUndefined();
    expect(queued.data!.syncProvider).toMatchObject({ status: 'QUEUED', trigger: 'MANUAL', scope: 'ORDERS' });

    const end = await progress.ended;
    await client.dispose();
    expect(end).toMatchObject({ jobId: queued.data!.syncProvider.id, status: 'SUCCEEDED', processed: ORDERS, created: ORDERS, updated: 0 });
    const statuses = progress.events.map((e) => e.status);
    expect(statuses).toContain('RUNNING');
    expect(statuses.filter((s) => s === 'RUNNING').length).toBeGreaterThan(1);
    const processed = progress.events.map((e) => e.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));

    // Flipkart charges only the lines that were not cancelled (an order with one of two lines cancelled is worth the other).
    const flipkartPaid = () => Array.from({ length: ORDERS }, (_, i) => flipkartView(server.sandbox!.book.get(i)).totalPaise).reduce((t, p) => t + p, 0);
    // Shopify's totals are the current ones (docs/providers.md §1.7): lower after refunds, returns and cancellations.
    // Amazon has not priced its pending orders yet (docs/providers.md §2.2): they carry no total.
    const amazonPriced = () =>
      Array.from({ length: ORDERS }, (_, i) => server.sandbox!.book.get(i))
        .filter((o) => o.status !== 'pending')
        .reduce((t, o) => t + o.totalPaise, 0);
    const totalPaise =
      providerId === 'shopify'
        ? Array.from({ length: ORDERS }, (_, i) => shopifyView(server.sandbox!.book.get(i)).current.total).reduce((t, p) => t + p, 0)
        : providerId === 'amazon'
          ? amazonPriced()
          : flipkartPaid();
    expect(await readAllOrders(server, seller.token, providerId)).toEqual({ count: ORDERS, totalCount: ORDERS, totalPaise, lines: linesOf(server) });

    const job = await gql(
      server,
      doc<{ syncJob: { status: string; processed: number; created: number; finishedAt: string; logs: Array<{ level: string; message: string }> } }>(
        'query($id: ID!) { syncJob(id: $id) { status processed created finishedAt logs { level message } } }',
      ),
      { id: end.jobId },
      seller.token,
    );
    expect(job.data!.syncJob.logs.at(-1)!.message).toBe(`done: ${ORDERS} orders seen, ${ORDERS} new, 0 updated`);
  });

  it('a second run finds nothing new and doubles nothing', async () => {
    const seller = await newUserToken('again');
    await connectSandbox(server, seller.token, 'flipkart');
    for (const expected of [{ created: ORDERS }, { created: 0 }]) {
      const client = wsClient(server, seller.token);
      const progress = collectProgress(client);
      await new Promise((r) => setTimeout(r, 200));
      await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
      expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED', ...expected });
      await client.dispose();
    }
    const counts = await server.db.em.getConnection().execute<{ orders: number; lines: number; reservations: number }[]>(
      `select (select count(*) from orders o where o.user_id = u.id)::int as orders,
              (select count(*) from order_items i where i.user_id = u.id)::int as lines,
              (select count(*) from inventory_reservations r where r.user_id = u.id)::int as reservations
         from users u where u.subject = ?`,
      [seller.subject],
    );
    const book = server.sandbox!.book;
    let waitingLines = 0;
    for (let i = 0; i < ORDERS; i++) waitingLines += flipkartView(book.get(i)).waitingLines;
    expect(counts[0]).toEqual({ orders: ORDERS, lines: linesOf(server), reservations: waitingLines });
  });

  it('gives back the running job when asked twice, and refuses what cannot sync', async () => {
    const seller = await newUserToken('twice');
    await connectSandbox(server, seller.token, 'amazon');
    const [a, b] = await Promise.all([gql(server, SYNC_MUTATION, { p: 'amazon' }, seller.token), gql(server, SYNC_MUTATION, { p: 'amazon' }, seller.token)]);
    expect(a.data!.syncProvider.id).toBe(b.data!.syncProvider.id);

    const notConnected = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    expect(notConnected.errors![0]).toMatchObject({ message: 'Connect Flipkart first (connectProvider)', extensions: { code: 'BAD_USER_INPUT' } });
    const wrongScope = await gql(server, 'mutation { syncProvider(providerId: "amazon", scope: AD_SPEND) { id } }', {}, seller.token);
    expect(wrongScope.errors![0]).toMatchObject({
      message: 'Amazon cannot sync AD_SPEND (it syncs ORDERS)',
      extensions: { code: 'BAD_USER_INPUT', field: 'scope' },
    });
    const future = await gql(
      server,
      'mutation($s: DateTime) { syncProvider(providerId: "amazon", since: $s) { id } }',
      { s: '2999-01-01T00:00:00Z' },
      seller.token,
    );
    expect(future.errors![0]).toMatchObject({ message: 'since must not be in the future', extensions: { code: 'BAD_USER_INPUT', field: 'since' } });
    const pushed = await gql(server, SYNC_MUTATION, { p: 'myntra' }, seller.token);
    expect(pushed.errors![0]).toMatchObject({ message: 'Myntra pushes its orders to Sutra; there is nothing to pull', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('a Shopify sync with inventory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 60, rateScale: 500 } });
  });
  afterAll(() => server.stop());

  it('imports the orders and every location’s stock, through the same engine', async () => {
    const seller = await newUserToken('stock');
    await connectSandbox(server, seller.token, 'shopify');
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 200));
    const queued = await gql(
      server,
      doc<{ syncProvider: { id: string; scope: string } }>('mutation { syncProvider(providerId: "shopify", scope: ORDERS_AND_INVENTORY) { id scope } }'),
      {},
      seller.token,
    );
    expect(queued.data!.syncProvider.scope).toBe('ORDERS_AND_INVENTORY');
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED', processed: 60 });
    await client.dispose();

    const inventory = await gql<{
      inventory: Array<{ sku: string; location: string; onHand: number; reserved: number; available: number; fetchedAt: string | null }>;
    }>(server, '{ inventory { sku location onHand reserved available fetchedAt } }', {}, seller.token);
    // Every level is a location's stock as Shopify reported it; the orders' reservations are held there (inventory.test.ts).
    const levels = inventory.data!.inventory;
    expect(levels).toHaveLength(CATALOG_SKUS.length * SANDBOX_LOCATIONS.length);
    const mug = levels.find((l) => l.sku === 'MUG-BLK-M' && l.location === 'Delhi Store')!;
    expect(mug).toMatchObject({ onHand: sandboxOnHand('MUG-BLK-M', 70002) });
    expect(levels.every((l) => l.fetchedAt !== null && l.available >= 0)).toBe(true);
    expect(levels.some((l) => l.reserved > 0)).toBe(true);
  });
});
