import { amazonFulfillmentStatus, type FulfillmentStatus } from '../../src/sandbox/commerce/amazon-orders.js';
import { rupees } from '../../src/sandbox/commerce/order-book.js';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox, SYNC_MUTATION, type ProgressEvent } from '../support/sync.js';

/**
 * A seller's Amazon orders through the real server: SP-API Orders v2026-01-01 searchOrders
 * against the sandbox, which renders the shared order book as Amazon would (pre-orders,
 * partial shipments, unfulfillable orders, unpriced pending orders, GST-inclusive prices).
 */

const ORDERS = 1_000;

/** What the seller should see for each word of Amazon's (docs/providers.md §2.3). */
const SUTRA_STATUS: Record<FulfillmentStatus, string> = {
  PENDING_AVAILABILITY: 'PENDING',
  PENDING: 'PENDING',
  UNSHIPPED: 'CONFIRMED',
  PARTIALLY_SHIPPED: 'SHIPPED',
  SHIPPED: 'SHIPPED',
  CANCELLED: 'CANCELLED',
  UNFULFILLABLE: 'CANCELLED',
};

interface StoredOrder {
  external_id: string;
  status: string;
  raw_status: string;
  payment_method: string;
  total: string | null;
  lines: number;
  priced_lines: number;
}

describe('importing a seller’s Amazon orders (searchOrders v2026-01-01)', () => {
  let server: TestServer;
  let seller: { subject: string; token: string };
  beforeAll(async () => {
    // rateScale: the real plan (0.0056 rps after a burst of 20) fifty times faster, still paced.
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 50 } });
    seller = await newUserToken('amazon');
    await connectSandbox(server, seller.token, 'amazon');
  });
  afterAll(() => server.stop());

  const searchCalls = async () =>
    ((await (await fetch(`${server.sandbox!.url}/amazon/_sandbox/calls`)).json()) as { searchOrders: number; throttled: number }).searchOrders;

  async function syncOnce(): Promise<ProgressEvent> {
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client, 120_000);
    await new Promise((r) => setTimeout(r, 200));
    const queued = await gql(server, SYNC_MUTATION, { p: 'amazon' }, seller.token);
    expect(queued.errors).toBeUndefined();
    const end = await progress.ended;
    await client.dispose();
    return end;
  }

  const stored = async () =>
    server.db.em.getConnection().execute<StoredOrder[]>(
      `select o.external_id, o.status, o.raw_status, o.payment_method, o.total::text as total,
              (select count(*) from order_items i where i.order_id = o.id)::int as lines,
              (select count(i.unit_price) from order_items i where i.order_id = o.id)::int as priced_lines
         from orders o join users u on u.id = o.user_id
        where u.subject = ? and o.provider_id = 'amazon'`,
      [seller.subject],
    );

  const bookOf = (externalId: string) => server.sandbox!.book.get(Number(externalId.split('-')[1]));

  it('imports 1,000 orders in at most 15 calls, each with Amazon’s status, COD, total and lines', async () => {
    const callsBefore = await searchCalls();
    const end = await syncOnce();
    expect(end).toMatchObject({ status: 'SUCCEEDED', processed: ORDERS, created: ORDERS });
    // 100 orders a page with their items inline: no call per order.
    expect((await searchCalls()) - callsBefore).toBeLessThanOrEqual(15);

    const orders = await stored();
    expect(orders).toHaveLength(ORDERS);
    const seen = new Set<string>();
    for (const order of orders) {
      const book = bookOf(order.external_id);
      const word = amazonFulfillmentStatus(book.status, book.index);
      seen.add(word);
      const pending = book.status === 'pending';
      expect(order).toEqual({
        external_id: order.external_id,
        status: SUTRA_STATUS[word],
        raw_status: word,
        payment_method: book.cod ? 'COD' : 'PREPAID',
        // Amazon has not priced a pending order: nothing is invented for it.
        total: pending ? null : rupees(book.totalPaise),
        lines: book.lines.length,
        priced_lines: pending ? 0 : book.lines.length,
      });
    }
    expect(seen.size).toBe(7);
  }, 120_000);

  it('completes a pending order once Amazon prices it', async () => {
    const confirmed = ((await (await fetch(`${server.sandbox!.url}/amazon/_sandbox/confirm-pending`, { method: 'POST' })).json()) as { orderIds: string[] })
      .orderIds;
    expect(confirmed.length).toBeGreaterThan(10);
    const end = await syncOnce();
    expect(end.status).toBe('SUCCEEDED');
    expect(end.updated).toBeGreaterThanOrEqual(confirmed.length);

    const orders = new Map((await stored()).map((o) => [o.external_id, o]));
    expect(orders.size).toBe(ORDERS);
    for (const id of confirmed) {
      const book = bookOf(id);
      expect(orders.get(id)).toMatchObject({
        status: 'CONFIRMED',
        raw_status: 'UNSHIPPED',
        total: rupees(book.totalPaise),
        lines: book.lines.length,
        priced_lines: book.lines.length,
      });
    }
  }, 120_000);
});
