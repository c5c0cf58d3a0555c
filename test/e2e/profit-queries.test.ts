import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';

const MONEY =
  'revenue { amount currencyCode } gst { amount } cogs { amount } channelFees { amount } paymentFees { amount } shippingCost { amount } rtoCost { amount } adSpend { amount } netProfit { amount }';

const SUMMARY = `query($from: LocalDate!, $to: LocalDate!) { profitSummary(from: $from, to: $to) {
  date orders ${MONEY} cac { amount currencyCode } roas poas rtoRate rtoOrders incompleteOrders estimatedOrders adSpendIncomplete } }`;

const BREAKDOWN = `query($from: LocalDate!, $to: LocalDate!, $by: ProfitDimension!, $first: Int) { profitBreakdown(from: $from, to: $to, by: $by, first: $first) {
  key label orders rtoOrders rtoRate incompleteOrders estimatedOrders ${MONEY} } }`;

const zero = { amount: '0.00' };

/** profitSummary and profitBreakdown over HTTP: their shapes, their arguments' checks, the stored profit read back. */
describe('profit queries', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    const seller = await newUserToken('profit');
    token = seller.token;
    await gql(server, '{ channelAccounts { id } }', {}, token);
    const db = server.db.em.getConnection();
    const [user] = await db.execute<{ id: string }[]>('select id from users where subject = ?', [seller.subject]);
    // Two Flipkart orders on 2026-12-01 IST: one delivered, one back to origin; ₹40 of ad spend, ₹30 given to the first.
    await db.execute(
      `with a as (insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name)
             values (gen_random_uuid(), ?, 'flipkart', 'FLIPKART', 'fk', 'Flipkart · Main') returning id, user_id),
       o as (insert into orders (id, user_id, channel_account_id, provider_id, external_id, status, raw_status, payment_method, currency, ordered_at,
               source_updated_at, total, customer_pincode, profit_revenue, profit_gst, profit_cogs, profit_channel_fees, profit_payment_fees,
               profit_shipping_cost, profit_rto_cost, profit_ad_spend, profit_net_profit, profit_flags, profit_sources, profit_computed_at)
             select gen_random_uuid(), a.user_id, a.id, 'flipkart', v.ext, v.status::order_status, v.status, 'PREPAID', 'INR', '2026-12-01T06:00:00Z', now(), '1.00',
               v.pin, v.revenue, v.gst, '200.00', v.fees, '0.00', '50.00', v.rto, v.ad, v.net, v.flags::text[], '{"gst":"SELLER_SETTING","channelFees":"REPORTED"}'::jsonb, now()
             from a, (values ('F1', 'DELIVERED', '560001', 1000.00, 180.00, 100.00, 0.00, 30.00, 620.00, '{GST_ESTIMATED}'),
                             ('F2', 'RTO', '110001', 0.00, 0.00, 20.00, 45.00, 0.00, -315.00, '{COST_UNKNOWN}'))
                    as v(ext, status, pin, revenue, gst, fees, rto, ad, net, flags)
             returning id, user_id, external_id)
       insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, unit_price)
       select gen_random_uuid(), o.user_id, o.id, o.external_id || '-1', 'KURTA-' || o.external_id, 'Kurta', 1, '1000.00' from o`,
      [user!.id],
    );
    await db.execute(
      `insert into ad_spend_daily (id, user_id, provider_id, account_id, date, spend, currency, fetched_at)
       values (gen_random_uuid(), ?, 'meta_ads', 'act_1', '2026-12-01', '40.00', 'INR', now())`,
      [user!.id],
    );
  });
  afterAll(() => server.stop());

  it('answers a day of profit', async () => {
    const res = await gql(server, SUMMARY, { from: '2026-12-01', to: '2026-12-07' }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      profitSummary: [
        {
          date: '2026-12-01',
          orders: 2,
          revenue: { amount: '1000.00', currencyCode: 'INR' },
          gst: { amount: '180.00' },
          cogs: { amount: '400.00' },
          channelFees: { amount: '120.00' },
          paymentFees: zero,
          shippingCost: { amount: '100.00' },
          rtoCost: { amount: '45.00' },
          adSpend: { amount: '40.00' },
          // 620 − 315 − (40 − 30)
          netProfit: { amount: '295.00' },
          cac: { amount: '20.00', currencyCode: 'INR' },
          roas: 25,
          poas: 335 / 40,
          rtoRate: 0.5,
          rtoOrders: 1,
          incompleteOrders: 1,
          estimatedOrders: 1,
          adSpendIncomplete: false,
        },
      ],
    });
  });

  it('answers the breakdown, worst first, and its labels', async () => {
    const res = await gql<{ profitBreakdown: Array<Record<string, unknown>> }>(
      server,
      BREAKDOWN,
      { from: '2026-12-01', to: '2026-12-01', by: 'PINCODE' },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.profitBreakdown.map((r) => [r.key, r.label, r.netProfit, r.rtoRate])).toEqual([
      ['110001', '110001', { amount: '-315.00' }, 1],
      ['560001', '560001', { amount: '620.00' }, 0],
    ]);
    const channels = await gql<{ profitBreakdown: Array<Record<string, unknown>> }>(
      server,
      BREAKDOWN,
      { from: '2026-12-01', to: '2026-12-01', by: 'CHANNEL' },
      token,
    );
    expect(channels.data!.profitBreakdown).toEqual([
      {
        key: 'flipkart',
        label: 'Flipkart',
        orders: 2,
        rtoOrders: 1,
        rtoRate: 0.5,
        incompleteOrders: 1,
        estimatedOrders: 1,
        revenue: { amount: '1000.00', currencyCode: 'INR' },
        gst: { amount: '180.00' },
        cogs: { amount: '400.00' },
        channelFees: { amount: '120.00' },
        paymentFees: zero,
        shippingCost: { amount: '100.00' },
        rtoCost: { amount: '45.00' },
        adSpend: { amount: '30.00' },
        netProfit: { amount: '305.00' },
      },
    ]);
    const skus = await gql<{ profitBreakdown: Array<{ label: string }> }>(
      server,
      BREAKDOWN,
      { from: '2026-12-01', to: '2026-12-01', by: 'SKU', first: 1 },
      token,
    );
    expect(skus.data!.profitBreakdown.map((r) => r.label)).toEqual(['KURTA-F2 — Kurta']);
  });

  it("answers an order's flags, completeness and sources", async () => {
    const res = await gql<{ orders: { edges: Array<{ node: Record<string, unknown> }> } }>(
      server,
      '{ orders { edges { node { externalId profit { gst { amount } flags complete estimated sources { gst cogs channelFees paymentFees shippingCost rtoCost } } } } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data!.orders.edges.map((e) => [e.node.externalId, e.node.profit]));
    expect(byId.get('F1')).toEqual({
      gst: { amount: '180.00' },
      flags: ['GST_ESTIMATED'],
      complete: true,
      estimated: true,
      sources: { gst: 'SELLER_SETTING', cogs: 'NONE', channelFees: 'REPORTED', paymentFees: 'NONE', shippingCost: 'NONE', rtoCost: 'NONE' },
    });
    expect(byId.get('F2')).toMatchObject({ flags: ['COST_UNKNOWN'], complete: false, estimated: false });
  });

  it('refuses a range longer than a year, backwards, or a page past its maximum', async () => {
    const long = await gql(server, SUMMARY, { from: '2025-01-01', to: '2026-12-01' }, token);
    expect(long.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const backwards = await gql(server, BREAKDOWN, { from: '2026-12-02', to: '2026-12-01', by: 'STATE' }, token);
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const page = await gql(server, BREAKDOWN, { from: '2026-12-01', to: '2026-12-01', by: 'STATE', first: 1000 }, token);
    expect(page.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers adSpend with its account and converted figure', async () => {
    const res = await gql(
      server,
      '{ adSpend(from: "2026-12-01", to: "2026-12-01") { date providerId accountId channelAccountId spend { amount currencyCode } converted { amount currencyCode } } }',
      {},
      token,
    );
    expect(res.data).toEqual({
      adSpend: [
        {
          date: '2026-12-01',
          providerId: 'meta_ads',
          accountId: 'act_1',
          channelAccountId: null,
          spend: { amount: '40.00', currencyCode: 'INR' },
          converted: { amount: '40.00', currencyCode: 'INR' },
        },
      ],
    });
  });
});
