import { Decimal } from 'decimal.js';
import { dayIn, addDays } from '../../src/services/calendar-days.js';
import { CATALOG_SKUS, type BookOrder } from '../../src/sandbox/commerce/order-book.js';
import { shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { SANDBOX_CREDENTIALS, SANDBOX_GOOGLE_ADS_USD, SANDBOX_SECOND_ACCOUNTS } from '../../src/sandbox/credentials.js';
import { gqlData, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox, jobEnded } from '../support/sync.js';

/**
 * What a seller opens Sutra for, end to end over HTTP: a Shopify store, two Meta ad accounts and
 * a Google Ads account billed in USD, synced from the sandbox; then every day's profitSummary is
 * checked against figures the test works out on its own from the sandbox's books (the order book
 * Shopify serves, the ad accounts' daily delivery), to the paisa.
 */
describe('the profit of every day, end to end', () => {
  const ORDERS = 240;
  const HOUR = 3_600_000;
  const USD_RATE = '84.2575';
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({
      // One order an hour: ten days of orders ending now.
      sandbox: { orders: ORDERS, stepMs: HOUR, rateScale: 500 },
      env: { ORDER_SYNC_INTERVAL: 'off', SHIPMENT_SYNC_INTERVAL: 'off', AD_SPEND_SCHEDULE: 'off' },
    });
    ({ token } = await newUserToken('profit-e2e'));
  });
  afterAll(() => server.stop());

  const call = <T>(query: string, variables: Record<string, unknown> = {}) => gqlData<T>(server, query, variables, token);
  const connect = (providerId: string, credentials: object) =>
    call('mutation($p: ID!, $c: JSONObject!) { connectProvider(providerId: $p, credentials: $c) { status { state } } }', { p: providerId, c: credentials });

  async function settled(jobIds: string[]): Promise<void> {
    for (const job of await Promise.all(jobIds.map((id) => jobEnded(server, token, id)))) expect(job).toEqual({ status: 'SUCCEEDED', error: null });
  }

  const costOf = (sku: string) => new Decimal(100 + CATALOG_SKUS.indexOf(sku)).toFixed(2);

  it("equals, for every day, what the sandbox's own books add up to", async () => {
    await connectSandbox(server, token, 'shopify');
    await connect('meta_ads', SANDBOX_CREDENTIALS.meta_ads);
    await connect('meta_ads', SANDBOX_SECOND_ACCOUNTS.meta_ads);
    await connect('google_ads', SANDBOX_GOOGLE_ADS_USD);
    await call('mutation($c: [ProductCostInput!]!) { setProductCosts(costs: $c) }', {
      c: CATALOG_SKUS.map((sku) => ({ sku, cost: costOf(sku) })),
    });
    await call('mutation { setProfitSettings(input: { gatewayFeePercent: "2", codFee: "30" }) { codFee } }');
    await call('mutation($r: [ExchangeRateInput!]!) { setExchangeRates(rates: $r) { rate } }', {
      r: [{ currencyCode: 'USD', effectiveFrom: '2020-01-01', rate: USD_RATE }],
    });

    const orders = await call<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "shopify", scope: ORDERS) { id } }');
    await settled([orders.syncProvider.id]);
    const spend = await call<{ syncAdSpend: Array<{ id: string; providerId: string }> }>('mutation { syncAdSpend { id providerId } }');
    expect(spend.syncAdSpend.map((j) => j.providerId).sort()).toEqual(['google_ads', 'meta_ads', 'meta_ads']);
    await settled(spend.syncAdSpend.map((j) => j.id));

    // The sandbox's books, added up by the test: India's days, as the seller's default calendar.
    const yesterday = addDays(dayIn('Asia/Kolkata'), -1);
    const from = addDays(yesterday, -13);
    type Day = { orders: number; revenue: Decimal; cogs: Decimal; adSpend: Decimal };
    const expected = new Map<string, Day>();
    const dayOf = (d: string) => {
      let day = expected.get(d);
      if (!day) expected.set(d, (day = { orders: 0, revenue: new Decimal(0), cogs: new Decimal(0), adSpend: new Decimal(0) }));
      return day;
    };
    const book = server.sandbox!.book;
    for (let i = 0; i < book.size; i++) {
      const o: BookOrder = book.get(i);
      const day = dayIn('Asia/Kolkata', o.createdAt);
      if (day < from || day > yesterday) continue;
      const figures = dayOf(day);
      figures.orders++;
      // Cancelled, returned and returned-to-origin orders earn nothing and hold no goods.
      if (['cancelled', 'returned', 'rto'].includes(o.status)) continue;
      const view = shopifyView(o);
      figures.revenue = figures.revenue.plus(new Decimal(view.current.total - view.current.tax).div(100));
      for (const line of view.lines) figures.cogs = figures.cogs.plus(new Decimal(costOf(line.book.sku)).times(line.currentQuantity));
    }
    const adBook = server.sandbox!.adSpend;
    for (let day = from; day <= yesterday; day = addDays(day, 1)) {
      let total = new Decimal(0);
      for (const account of [SANDBOX_CREDENTIALS.meta_ads.ad_account_id, SANDBOX_SECOND_ACCOUNTS.meta_ads.ad_account_id]) {
        total = total.plus(new Decimal(adBook.delivery(account, day)?.spendMinor ?? 0).div(100));
      }
      const usd = adBook.delivery(SANDBOX_GOOGLE_ADS_USD.customer_id, day)?.spendMinor ?? 0;
      total = total.plus(new Decimal(usd).div(100).times(USD_RATE));
      if (!total.isZero()) dayOf(day).adSpend = total.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    }

    type Row = Record<'revenue' | 'cogs' | 'channelFees' | 'paymentFees' | 'shippingCost' | 'rtoCost' | 'adSpend' | 'netProfit', { amount: string }> & {
      date: string;
      orders: number;
      adSpendIncomplete: boolean;
    };
    const { profitSummary } = await call<{ profitSummary: Row[] }>(
      `query($from: LocalDate!, $to: LocalDate!) { profitSummary(from: $from, to: $to) {
        date orders adSpendIncomplete revenue { amount } cogs { amount } channelFees { amount } paymentFees { amount }
        shippingCost { amount } rtoCost { amount } adSpend { amount } netProfit { amount } } }`,
      { from, to: yesterday },
    );
    const days = [...expected.keys()].sort();
    expect(profitSummary.map((r) => r.date)).toEqual(days);
    for (const row of profitSummary) {
      const want = expected.get(row.date)!;
      const money = (k: keyof Row) => new Decimal((row[k] as { amount: string }).amount);
      expect({
        date: row.date,
        orders: row.orders,
        revenue: money('revenue').toFixed(2),
        cogs: money('cogs').toFixed(2),
        adSpend: money('adSpend').toFixed(2),
      }).toEqual({
        date: row.date,
        orders: want.orders,
        revenue: want.revenue.toFixed(2),
        cogs: want.cogs.toFixed(2),
        adSpend: want.adSpend.toFixed(2),
      });
      expect(row.adSpendIncomplete).toBe(false);
      // Net profit is revenue less every cost, the day's whole ad spend included.
      const costs = (['cogs', 'channelFees', 'paymentFees', 'shippingCost', 'rtoCost', 'adSpend'] as const).reduce(
        (sum, k) => sum.plus(money(k)),
        new Decimal(0),
      );
      expect(money('netProfit').toFixed(2)).toBe(money('revenue').minus(costs).toFixed(2));
    }
    // Days with orders and days with spend both appear: the books reach back further for spend than for orders.
    expect(profitSummary.filter((r) => r.orders > 0).length).toBeGreaterThanOrEqual(9);
    expect(profitSummary.some((r) => r.orders === 0 && new Decimal(r.adSpend.amount).gt(0))).toBe(true);
  }, 120_000);

  it('moves the profit of the days the platforms restated, and of no other day', async () => {
    const yesterday = addDays(dayIn('Asia/Kolkata'), -1);
    const from = addDays(yesterday, -13);
    const read = async () =>
      new Map(
        (
          await call<{ profitSummary: Array<{ date: string; adSpend: { amount: string }; netProfit: { amount: string } }> }>(
            'query($from: LocalDate!, $to: LocalDate!) { profitSummary(from: $from, to: $to) { date adSpend { amount } netProfit { amount } } }',
            { from, to: yesterday },
          )
        ).profitSummary.map((r) => [r.date, r]),
      );
    const before = await read();
    // Overnight, Meta and Google revise the last few days' spend (invalid clicks credited back, late billing).
    const adBook = server.sandbox!.adSpend;
    const accounts = [SANDBOX_CREDENTIALS.meta_ads.ad_account_id, SANDBOX_SECOND_ACCOUNTS.meta_ads.ad_account_id, SANDBOX_GOOGLE_ADS_USD.customer_id];
    const spendOf = (day: string) => accounts.map((a) => adBook.delivery(a, day)?.spendMinor ?? 0).join('/');
    const was = new Map([...before.keys()].map((d) => [d, spendOf(d)]));
    adBook.restate();
    const restated = [...before.keys()].filter((d) => spendOf(d) !== was.get(d));
    expect(restated.length).toBeGreaterThan(0);

    const spend = await call<{ syncAdSpend: Array<{ id: string }> }>('mutation { syncAdSpend { id } }');
    await settled(spend.syncAdSpend.map((j) => j.id));
    const after = await read();
    for (const [day, row] of before) {
      const now = after.get(day)!;
      if (restated.includes(day)) {
        expect(now.adSpend.amount).not.toBe(row.adSpend.amount);
        // The day's profit moved by exactly what its spend moved.
        expect(new Decimal(row.netProfit.amount).minus(now.netProfit.amount).toFixed(2)).toBe(
          new Decimal(now.adSpend.amount).minus(row.adSpend.amount).toFixed(2),
        );
      } else {
        expect(now).toEqual(row);
      }
    }
  }, 120_000);
});
