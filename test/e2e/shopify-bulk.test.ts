import { CATALOG_SKUS, rupees } from '../../src/sandbox/commerce/order-book.js';
import { MAX_RUNNING_BULK_QUERIES } from '../../src/sandbox/commerce/shopify-bulk.js';
import { SANDBOX_LOCATIONS, sandboxOnHand, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { getProviderModule } from '../../src/providers/registry.js';
import { bulkOrdersQuery } from '../../src/providers/shopify/bulk.js';
import type { OrderPage } from '../../src/providers/types.js';
import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox } from '../support/sync.js';

const ORDERS = 300;
const shop = SANDBOX_CREDENTIALS.shopify;
/** Order i of the book is Shopify order 1,000,000,000 + i in the sandbox. */
const idOf = (i: number) => String(1_000_000_000 + i);
const paise = (amount: string) => Math.round(Number(amount) * 100);

interface Job {
  status: string;
  processed: number;
  error: string | null;
  logs: Array<{ level: string; message: string }>;
}

/** The sandbox's Admin GraphQL, as the custom app's shop. */
async function admin(sandboxUrl: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${sandboxUrl}/shopify/${shop.shop}/admin/api/2026-10/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': shop.access_token },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test reads Shopify's answers loosely
}

async function syncToEnd(server: TestServer, token: string, since?: string): Promise<Job> {
  const queued = await gql<{ syncProvider: { id: string } }>(
    server,
    'mutation($since: DateTime) { syncProvider(providerId: "shopify", scope: ORDERS, since: $since) { id } }',
    { since: since ?? null },
    token,
  );
  expect(queued.errors).toBeUndefined();
  for (;;) {
    const res = await gql<{ syncJob: Job }>(
      server,
      'query($id: ID!) { syncJob(id: $id) { status processed error logs(first: 50) { level message } } }',
      { id: queued.data!.syncProvider.id },
      token,
    );
    const job = res.data!.syncJob;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a Shopify backfill by bulk operation', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
  });
  afterAll(() => server.stop());

  it('imports a first sync through one bulk operation, every order to the paisa, lines assembled from an ungrouped file', async () => {
    const seller = await newUserToken('shopify-bulk');
    await connectSandbox(server, seller.token, 'shopify');
    const job = await syncToEnd(server, seller.token);
    expect(job).toMatchObject({ status: 'SUCCEEDED', processed: ORDERS });

    // The sandbox ran one bulk query over the whole book: every order and every line.
    const book = server.sandbox!.book;
    let lines = 0;
    for (let i = 0; i < ORDERS; i++) lines += book.get(i).lines.length;
    const op = (await admin(server.sandbox!.url, '{ currentBulkOperation { status objectCount rootObjectCount url } }')).data!.currentBulkOperation;
    expect(op).toMatchObject({ status: 'COMPLETED', rootObjectCount: String(ORDERS), objectCount: String(ORDERS + lines) });
    // And its file did not keep children after their parent: some line items come before their order.
    const file = (await (await fetch(op.url)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; __parentId?: string });
    const at = new Map(file.map((o, k) => [o.id, k]));
    expect(file.some((o, k) => o.__parentId && at.get(o.__parentId)! > k)).toBe(true);
    expect(file.some((o, k) => o.__parentId && at.get(o.__parentId)! < k - 1)).toBe(true);

    const db = server.db.em.getConnection();
    const orders = await db.execute<
      Array<{ external_id: string; total: string; tax: string; item_subtotal: string; discounts: string; shipping_charged: string; status: string }>
    >(
      `select o.external_id, o.status, o.total::text, o.tax::text, o.item_subtotal::text, o.discounts::text, o.shipping_charged::text
         from orders o join users u on u.id = o.user_id where u.subject = ?`,
      [seller.subject],
    );
    const items = await db.execute<Array<{ external_id: string; sku: string; quantity: number }>>(
      `select o.external_id, i.sku, i.quantity from order_items i join orders o on o.id = i.order_id join users u on u.id = o.user_id
        where u.subject = ? order by o.external_id, i.external_line_id`,
      [seller.subject],
    );
    const byId = new Map(orders.map((o) => [o.external_id, o]));
    let expected = 0;
    let stored = 0;
    for (let i = 0; i < ORDERS; i++) {
      const view = shopifyView(book.get(i));
      const o = byId.get(idOf(i))!;
      // What the buyer pays now, its tax, and revenue = total − tax (tax taken out of tax-inclusive prices once).
      expect({ i, total: o.total, tax: o.tax }).toEqual({ i, total: rupees(view.current.total), tax: rupees(view.current.tax) });
      expect(paise(o.item_subtotal) - paise(o.discounts) + paise(o.shipping_charged)).toBe(view.current.total - view.current.tax);
      expect(items.filter((l) => l.external_id === idOf(i)).map((l) => [l.sku, l.quantity])).toEqual(view.lines.map((l) => [l.book.sku, l.currentQuantity]));
      expected += view.current.total;
      stored += paise(o.total);
    }
    expect(stored).toBe(expected);
    // Goods back read from the refund lines Sutra reads apart (a bulk query cannot nest them in the refunds list).
    expect(byId.get(idOf(44))).toMatchObject({ status: 'RETURNED', total: '0.00' });
    expect(byId.get(idOf(3))).toMatchObject({ status: 'CONFIRMED', total: '0.00' });

    // The next sync is incremental: a few orders, paged, no new bulk operation.
    const before = (await admin(server.sandbox!.url, '{ currentBulkOperation { id } }')).data!.currentBulkOperation.id;
    expect(await syncToEnd(server, seller.token)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await admin(server.sandbox!.url, '{ currentBulkOperation { id } }')).data!.currentBulkOperation.id).toBe(before);
    // A window of many pages asked for (since) goes by bulk again.
    expect(await syncToEnd(server, seller.token, new Date(Date.now() - 30 * 86_400_000).toISOString())).toMatchObject({
      status: 'SUCCEEDED',
      processed: ORDERS,
    });
    expect((await admin(server.sandbox!.url, '{ currentBulkOperation { id } }')).data!.currentBulkOperation.id).not.toBe(before);
  });

  it('without bulk access, tells the seller what to switch on and imports page by page', async () => {
    const seller = await newUserToken('shopify-bulk-denied');
    await connectSandbox(server, seller.token, 'shopify');
    server.sandbox!.shopifyBulk.accessDenied = true;
    try {
      const job = await syncToEnd(server, seller.token);
      expect(job).toMatchObject({ status: 'SUCCEEDED', processed: ORDERS });
      const notice = job.logs.find((l) => l.level === 'warn');
      expect(notice?.message).toMatch(/bulk operations are not switched on.*Partner Dashboard.*Run bulk operations/);
      const db = server.db.em.getConnection();
      const [row] = await db.execute<Array<{ total: string }>>(
        'select sum(o.total)::text as total from orders o join users u on u.id = o.user_id where u.subject = ?',
        [seller.subject],
      );
      let expected = 0;
      for (let i = 0; i < ORDERS; i++) expected += shopifyView(server.sandbox!.book.get(i)).current.total;
      expect(paise(row!.total)).toBe(expected);
    } finally {
      server.sandbox!.shopifyBulk.accessDenied = false;
    }
  });
});

describe('inventory(refresh: true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 10, rateScale: 500 } });
  });
  afterAll(() => server.stop());

  it("reads Shopify's levels at every location now, stores them and serves them", async () => {
    const seller = await newUserToken('shopify-stock-refresh');
    await connectSandbox(server, seller.token, 'shopify');
    const query = '{ inventory(refresh: true) { sku location onHand } }';
    const res = await gql<{ inventory: Array<{ sku: string; location: string; onHand: number }> }>(server, query, {}, seller.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.inventory).toHaveLength(CATALOG_SKUS.length * SANDBOX_LOCATIONS.length);
    for (const sku of ['TSHIRT-BLK-S', 'WALLET-WHT-XL']) {
      for (const loc of SANDBOX_LOCATIONS) {
        expect(res.data!.inventory.find((l) => l.sku === sku && l.location === loc.name)).toMatchObject({ onHand: sandboxOnHand(sku, loc.id) });
      }
    }
    // Kept: a plain read serves the same levels.
    const cached = await gql<{ inventory: unknown[] }>(server, '{ inventory { sku location onHand } }', {}, seller.token);
    expect(cached.data!.inventory).toEqual(res.data!.inventory);
  });

  it('names the account Shopify refused', async () => {
    const seller = await newUserToken('shopify-stock-refused');
    await connectSandbox(server, seller.token, 'shopify');
    server.sandbox!.revoke();
    try {
      const res = await gql(server, '{ inventory(refresh: true) { sku } }', {}, seller.token);
      expect(res.errors?.[0]?.message).toMatch(new RegExp(`^Shopify · ${shop.shop.replace(/\./g, '\\.')}: Shopify refused the access token`));
    } finally {
      server.sandbox!.restore();
    }
  });
});

describe('a bulk backfill that stopped midway', () => {
  it("resumes the same operation's file after the last page written, starting no new operation", async () => {
    const sandbox = await startSandbox({ orders: 600, rateScale: 500 });
    try {
      const config = loadConfig({ ...sandbox.env, JWT_SECRET: 'x'.repeat(32) });
      const session = (cursor?: string) => ({
        credentials: { ...shop },
        cursor,
        firstSyncFrom: new Date(Date.now() - 60 * 86_400_000),
        endpoints: config.providers,
        log: createLogger({ level: 'silent', pretty: false }),
      });
      const connector = getProviderModule('shopify')!.commerce!;
      // The first run writes one page, then its process dies: only that page's cursor was saved.
      const first = connector.pages(session())[Symbol.asyncIterator]();
      const page = (await first.next()).value as OrderPage;
      await first.return?.(undefined);
      expect(page.done).toBe(false);
      const operation = (await admin(sandbox.url, '{ currentBulkOperation { id } }')).data!.currentBulkOperation.id;
      expect(JSON.parse(page.cursor)).toMatchObject({ bulk: { id: operation, done: page.orders.length } });

      const rest: string[] = [];
      for await (const more of connector.pages(session(page.cursor))) rest.push(...more.orders.map((o) => o.externalId));
      expect((await admin(sandbox.url, '{ currentBulkOperation { id } }')).data!.currentBulkOperation.id).toBe(operation);
      const all = [...page.orders.map((o) => o.externalId), ...rest];
      expect(all).toHaveLength(600);
      expect(new Set(all).size).toBe(600);
    } finally {
      await sandbox.stop();
    }
  });
});

describe("the sandbox's bulk operations, as strict as Shopify", () => {
  it(`runs at most ${MAX_RUNNING_BULK_QUERIES} bulk queries at once per shop, refusing the next in Shopify's words`, async () => {
    // A slow shop: each operation runs for seconds.
    const sandbox = await startSandbox({ orders: 2000, rateScale: 0.05 });
    try {
      const run = () =>
        admin(
          sandbox.url,
          'mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id status } userErrors { code field message } } }',
          {
            q: bulkOrdersQuery("updated_at:>='2020-01-01T00:00:00Z'"),
          },
        );
      const started = [];
      for (let k = 0; k < MAX_RUNNING_BULK_QUERIES; k++) started.push((await run()).data!.bulkOperationRunQuery);
      expect(started.map((s) => [s.bulkOperation.status, s.userErrors])).toEqual(Array(MAX_RUNNING_BULK_QUERIES).fill(['RUNNING', []]));
      const sixth = (await run()).data!.bulkOperationRunQuery;
      expect(sixth.bulkOperation).toBeNull();
      expect(sixth.userErrors[0].message).toMatch(/^A bulk query operation for this app and shop is already in progress: gid:\/\/shopify\/BulkOperation\/\d+/);
      // Cancelling one frees a place.
      await admin(sandbox.url, 'mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }', {
        id: started[0].bulkOperation.id,
      });
      expect((await run()).data!.bulkOperationRunQuery.userErrors).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses inner queries that break the bulk shape rules', async () => {
    const sandbox = await startSandbox({ orders: 10 });
    try {
      const run = async (q: string) =>
        (
          await admin(sandbox.url, 'mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }', { q })
        ).data!.bulkOperationRunQuery.userErrors.map((e: { message: string }) => e.message);
      expect(await run('{ orders { nodes { id } } }')).toEqual([expect.stringMatching(/must select their contents using 'edges' > 'node'/)]);
      expect(await run('{ orders { edges { node { name lineItems { edges { node { id } } } } } } }')).toEqual([
        expect.stringMatching(/nested connection must select the 'id' field.*Connection fields without 'id': orders/),
      ]);
      expect(await run('{ orders { edges { node { id refunds { refundLineItems { edges { node { id } } } } } } } }')).toEqual([
        'Queries that contain a connection field within a list field are not currently supported.',
      ]);
      expect(await run('{ shop { name } }')).toEqual(['Bulk queries must contain at least one connection.']);
    } finally {
      await sandbox.stop();
    }
  });
});
