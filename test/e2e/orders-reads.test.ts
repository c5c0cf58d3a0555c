import { gql, newUserToken, startTestServer, type GraphQLResponse, type TestServer } from '../support/server.js';
import { statementsOf } from '../support/statements.js';

interface OrdersAnswer {
  orders: {
    totalCount?: number;
    edges: Array<{
      node: {
        orderNumber: string;
        total: { amount: string };
        items: Array<{ sku: string; quantity: number; unitPrice: { amount: string } }>;
        shipments: Array<{ events: unknown[] }>;
      };
    }>;
  };
}

const PAGE = `query($first: Int) { orders(first: $first) { pageInfo { hasNextPage endCursor }
  edges { node { id orderNumber priced total { amount } items { sku quantity unitPrice { amount } }
    shipments { trackingNumber status events { status } } } } } }`;

/** `orders` reads only what the answer asks for, a page at a time: big sellers stay fast. */
describe('reading orders', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** A seller with `n` orders of two lines each, every third one shipped with two scans. */
  async function sellerWithOrders(n: number) {
    const seller = await newUserToken('reads');
    await gql(server, '{ channelAccounts { id } }', {}, seller.token);
    const db = server.db.em.getConnection();
    const [user] = await db.execute<{ id: string }[]>('select id from users where subject = ?', [seller.subject]);
    await db.execute(
      `with a as (insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name)
             values (gen_random_uuid(), ?, 'flipkart', 'FLIPKART', 'x', 'x') returning id, user_id),
       o as (insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
               ordered_at, source_updated_at, total)
             select gen_random_uuid(), a.user_id, a.id, 'flipkart', 'OD' || g, 'OD' || g, 'SHIPPED', 'SHIPPED', 'PREPAID', 'INR',
               now() - g * interval '1 hour', now(), ((g * 100) || '.50')::numeric
             from a, generate_series(1, ?) g returning id, user_id, external_id),
       i as (insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, unit_price)
             select gen_random_uuid(), o.user_id, o.id, o.external_id || '-' || l, 'SKU-' || l, 'Kurta', l, '499.50'
             from o, generate_series(1, 2) l returning 1),
       s as (insert into shipments (id, user_id, order_id, provider_id, tracking_number, status)
             select gen_random_uuid(), o.user_id, o.id, 'delhivery', 'AWB' || o.external_id, 'IN_TRANSIT'
             from o where right(o.external_id, 1) in ('3', '6', '9') returning id, user_id)
       insert into shipment_events (id, user_id, shipment_id, at, status, raw_status)
       select gen_random_uuid(), s.user_id, s.id, now() - e * interval '1 minute', 'IN_TRANSIT', 'In Transit ' || e from s, generate_series(1, 2) e`,
      [user!.id, n],
    );
    return { token: seller.token, userId: user!.id };
  }

  it('runs the same statements for a page of 10 and of 50, and counts only when totalCount is asked for', async () => {
    const { token } = await sellerWithOrders(60);
    const small = await statementsOf(() => gql(server, PAGE, { first: 10 }, token));
    let answer: GraphQLResponse<OrdersAnswer> | undefined;
    const big = await statementsOf(async () => (answer = await gql<OrdersAnswer>(server, PAGE, { first: 50 }, token)));
    expect(big.length).toBe(small.length);
    expect(big.some((s) => /count\(/i.test(s))).toBe(false);
    const edges = answer!.data!.orders.edges;
    expect(edges).toHaveLength(50);
    expect(edges[0]!.node).toMatchObject({
      orderNumber: 'OD1',
      total: { amount: '100.50' },
      items: [
        { sku: 'SKU-1', quantity: 1, unitPrice: { amount: '499.50' } },
        { sku: 'SKU-2', quantity: 2 },
      ],
    });
    expect(edges[2]!.node.shipments).toEqual([
      { trackingNumber: 'AWBOD3', status: 'IN_TRANSIT', events: [{ status: 'IN_TRANSIT' }, { status: 'IN_TRANSIT' }] },
    ]);

    const counted = await statementsOf(async () => (answer = await gql<OrdersAnswer>(server, '{ orders(first: 5) { totalCount } }', {}, token)));
    expect(answer!.data!.orders.totalCount).toBe(60);
    expect(counted.some((s) => /count\(/i.test(s))).toBe(true);
  });

  it('reads neither lines nor shipments that are not asked for', async () => {
    const { token } = await sellerWithOrders(5);
    const bare = await statementsOf(() => gql(server, '{ orders { edges { node { id } } } }', {}, token));
    expect(bare.filter((s) => /order_items|shipments/.test(s))).toEqual([]);
  });

  it("answers each of an order's fields as stored, its profit to the paisa once computed and none before", async () => {
    const { token, userId } = await sellerWithOrders(2);
    const db = server.db.em.getConnection();
    const [account] = await db.execute<{ id: string }[]>(
      `update orders set profit_revenue = 1234.56, profit_cogs = 600.01, profit_channel_fees = 120.10, profit_payment_fees = 0, profit_shipping_cost = 70,
         profit_rto_cost = 0, profit_ad_spend = 33.33, profit_net_profit = 411.12, profit_gst = 0, profit_flags = '{}', profit_sources = '{}', profit_currency = 'INR',
         profit_computed_at = '2026-12-01T10:20:30.456Z', ordered_at = '2026-11-30T23:59:59.999Z'
       where user_id = ? and external_id = 'OD1' returning channel_account_id as id`,
      [userId],
    );
    const answer = await gql<{ orders: { edges: Array<{ node: Record<string, unknown> }> } }>(
      server,
      `{ orders { edges { node { channelAccountId providerId externalId orderNumber status paymentMethod orderedAt priced total { amount currencyCode }
          profit { revenue { amount } cogs { amount } channelFees { amount } paymentFees { amount } shippingCost { amount } rtoCost { amount }
            adSpend { amount } netProfit { amount currencyCode } computedAt } } } } }`,
      {},
      token,
    );
    const byId = new Map(answer.data!.orders.edges.map((e) => [e.node.externalId, e.node]));
    const [computed, notYet] = [byId.get('OD1'), byId.get('OD2')];
    expect(computed).toEqual({
      channelAccountId: account!.id,
      providerId: 'flipkart',
      externalId: 'OD1',
      orderNumber: 'OD1',
      status: 'SHIPPED',
      paymentMethod: 'PREPAID',
      orderedAt: '2026-11-30T23:59:59.999Z',
      priced: true,
      total: { amount: '100.50', currencyCode: 'INR' },
      profit: {
        revenue: { amount: '1234.56' },
        cogs: { amount: '600.01' },
        channelFees: { amount: '120.10' },
        paymentFees: { amount: '0.00' },
        shippingCost: { amount: '70.00' },
        rtoCost: { amount: '0.00' },
        adSpend: { amount: '33.33' },
        netProfit: { amount: '411.12', currencyCode: 'INR' },
        computedAt: '2026-12-01T10:20:30.456Z',
      },
    });
    expect(notYet).toMatchObject({ externalId: 'OD2', profit: null });
  });

  it('pages forward with the page info a Relay client expects', async () => {
    const { token } = await sellerWithOrders(5);
    type Page = {
      orders: { edges: Array<{ cursor: string }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
    };
    const query =
      'query($after: String) { orders(first: 3, after: $after) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
    const first = (await gql<Page>(server, query, {}, token)).data!.orders;
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor, endCursor: first.edges[2]!.cursor });
    const second = (await gql<Page>(server, query, { after: first.pageInfo.endCursor }, token)).data!.orders;
    expect(second.edges).toHaveLength(2);
    expect(second.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: second.edges[0]!.cursor, endCursor: second.edges[1]!.cursor });
  });
});
