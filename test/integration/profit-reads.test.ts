import { randomUUID } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { ChannelAccount, ChannelType, User } from '../../src/domain/index.js';
import { ProfitDimension } from '../../src/graphql/types/profit-enums.js';
import { adSpendDays, profitBreakdown, profitSummary, type ProfitMoney } from '../../src/services/profit-reads.js';
import { testOrm } from '../support/database.js';
import { testDatabaseUrl } from '../support/env.js';

/** An order's stored profit, as the recompute writes it: revenue gst cogs channel payment shipping rto ad net. */
interface Stored {
  externalId: string;
  account: 'shop' | 'fk';
  status: string;
  at: string;
  state?: string;
  pincode?: string;
  /** Absent: not computed yet. */
  profit?: [string, string, string, string, string, string, string, string, string];
  flags?: string[];
  lines?: Array<[sku: string, title: string, quantity: number, unitPrice: string]>;
}

/*
 * Seller A's book, days in Asia/Kolkata (its settings name no timezone):
 * 2026-12-01: O1 (from 00:00 IST), O2, O3 (RTO), O4 (not computed); spend ₹80 + 2 × $0.25 at 83.33 = ₹121.67, ₹100.00 of it given to orders.
 * 2026-12-02: O5 (cost unknown), O6 (cancelled, no lines, fees kept); spend ₹50 + $1 at 84 (the rate from that day) + €2 (no rate).
 * 2026-12-03: spend only.
 * Outside the range: one order a second before 2026-12-01 IST and one at 2026-12-04 00:00 IST.
 */
const A_ORDERS: Stored[] = [
  {
    externalId: 'O1',
    account: 'shop',
    status: 'DELIVERED',
    at: '2026-11-30T18:30:00Z',
    state: 'Maharashtra',
    pincode: '400001',
    profit: ['1000.00', '180.00', '400.00', '0.00', '20.00', '60.00', '0.00', '66.67', '453.33'],
    flags: [],
    lines: [
      ['MUG', 'Mug', 2, '300.00'],
      ['TEE', 'T-shirt', 1, '400.00'],
    ],
  },
  {
    externalId: 'O2',
    account: 'fk',
    status: 'SHIPPED',
    at: '2026-12-01T06:00:00Z',
    state: 'Karnataka',
    pincode: '560001',
    profit: ['500.00', '90.00', '250.00', '75.50', '0.00', '0.00', '0.00', '33.33', '141.17'],
    flags: ['GST_ESTIMATED', 'CHANNEL_FEES_ESTIMATED'],
    lines: [['MUG', 'Mug', 1, '500.00']],
  },
  {
    externalId: 'O3',
    account: 'shop',
    status: 'RTO',
    at: '2026-12-01T08:00:00Z',
    state: 'Delhi',
    pincode: '110001',
    profit: ['0.00', '0.00', '0.00', '0.00', '15.00', '70.00', '65.00', '0.00', '-150.00'],
    flags: ['FREIGHT_ESTIMATED'],
    lines: [['TEE', 'T-shirt', 1, '450.00']],
  },
  { externalId: 'O4', account: 'shop', status: 'PENDING', at: '2026-12-01T18:29:59Z', lines: [['CAP', 'Cap', 1, '199.00']] },
  {
    externalId: 'O5',
    account: 'fk',
    status: 'DELIVERED',
    at: '2026-12-02T05:00:00Z',
    state: 'Karnataka',
    pincode: '560001',
    profit: ['800.00', '144.00', '300.00', '120.00', '0.00', '0.00', '0.00', '50.00', '330.00'],
    flags: ['COST_UNKNOWN'],
    lines: [
      ['MUG', 'Mug', 1, '100.00'],
      ['TEE', 'T-shirt', 1, '100.00'],
      ['CAP', 'Cap', 1, '100.00'],
    ],
  },
  {
    externalId: 'O6',
    account: 'fk',
    status: 'CANCELLED',
    at: '2026-12-02T10:00:00Z',
    profit: ['0.00', '0.00', '0.00', '10.00', '0.00', '0.00', '0.00', '0.00', '-10.00'],
    flags: [],
  },
  {
    externalId: 'BEFORE',
    account: 'shop',
    status: 'DELIVERED',
    at: '2026-11-30T18:29:59Z',
    profit: ['1.00', '0', '0', '0', '0', '0', '0', '0', '1.00'],
    flags: [],
  },
  {
    externalId: 'AFTER',
    account: 'shop',
    status: 'DELIVERED',
    at: '2026-12-03T18:30:00Z',
    profit: ['1.00', '0', '0', '0', '0', '0', '0', '0', '1.00'],
    flags: [],
  },
];

/** Seller B: big figures on the same days, its own EUR rate; never in A's answers. */
const B_ORDERS: Stored[] = [
  {
    externalId: 'B1',
    account: 'shop',
    status: 'RTO',
    at: '2026-12-01T06:00:00Z',
    pincode: '999999',
    profit: ['99999.00', '0', '0', '0', '0', '0', '0', '999.00', '-99999.00'],
    flags: ['COST_UNKNOWN'],
    lines: [['MUG', 'Mug', 1, '99999.00']],
  },
];

const sum = (values: string[]) => (values.reduce((total, v) => total + Math.round(Number(v) * 100), 0) / 100).toFixed(2);

describe('profit reads: sums of the stored profit by day and by dimension', () => {
  let orm: MikroORM;
  let a: string;
  let b: string;
  let accounts: Record<string, Record<'shop' | 'fk', string>>;
  const asSeller = (userId: string): EntityManager => forUser(orm.em, userId);

  async function seller(label: string): Promise<{ userId: string; shop: string; fk: string }> {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `profit-reads-${label}-${randomUUID()}` });
    const shop = em.create(ChannelAccount, { user, providerId: 'shopify', channelType: ChannelType.SHOPIFY, externalId: 'shop', displayName: 'My Shop' });
    const fk = em.create(ChannelAccount, {
      user,
      providerId: 'flipkart',
      channelType: ChannelType.FLIPKART,
      externalId: 'fk',
      displayName: 'Flipkart · Seller',
    });
    await em.flush();
    return { userId: user.id, shop: shop.id, fk: fk.id };
  }

  async function insertOrders(userId: string, orders: Stored[]) {
    const db = orm.em.getConnection();
    for (const o of orders) {
      const account = accounts[userId]![o.account];
      const p = o.profit;
      const [row] = await db.execute<Array<{ id: string }>>(
        `insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
           ordered_at, source_updated_at, total, customer_state, customer_pincode,
           profit_revenue, profit_gst, profit_cogs, profit_channel_fees, profit_payment_fees, profit_shipping_cost, profit_rto_cost, profit_ad_spend,
           profit_net_profit, profit_flags, profit_sources, profit_computed_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, 'PREPAID', 'INR', ?, now(), '1.00', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?) returning id`,
        [
          userId,
          account,
          o.account === 'shop' ? 'shopify' : 'flipkart',
          o.externalId,
          o.externalId,
          o.status,
          o.status,
          o.at,
          o.state ?? null,
          o.pincode ?? null,
          ...(p ?? Array(9).fill(null)),
          p ? `{${(o.flags ?? []).join(',')}}` : null,
          p
            ? JSON.stringify({
                gst: 'REPORTED',
                cogs: 'SELLER_SETTING',
                channelFees: 'REPORTED',
                paymentFees: 'NONE',
                shippingCost: 'RATE_CARD',
                rtoCost: 'NONE',
              })
            : null,
          p ? '2026-12-05T00:00:00Z' : null,
        ],
      );
      for (const [n, [sku, title, quantity, unitPrice]] of (o.lines ?? []).entries()) {
        await db.execute(
          `insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, unit_price, discount)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, '0.00')`,
          [userId, row!.id, `${o.externalId}-${n}`, sku, title, quantity, unitPrice],
        );
      }
    }
  }

  async function insertSpend(userId: string, rows: Array<[providerId: string, accountId: string, date: string, spend: string, currency: string]>) {
    for (const [providerId, accountId, date, spend, currency] of rows) {
      await orm.em
        .getConnection()
        .execute(
          `insert into ad_spend_daily (id, user_id, provider_id, account_id, date, spend, currency, fetched_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now())`,
          [userId, providerId, accountId, date, spend, currency],
        );
    }
  }

  async function insertRate(userId: string, currency: string, effectiveFrom: string, rate: string) {
    await orm.em
      .getConnection()
      .execute(`insert into exchange_rates (id, user_id, currency, effective_from, rate) values (gen_random_uuid(), ?, ?, ?, ?)`, [
        userId,
        currency,
        effectiveFrom,
        rate,
      ]);
  }

  beforeAll(async () => {
    orm = await testOrm();
    const [sa, sb] = [await seller('a'), await seller('b')];
    [a, b] = [sa.userId, sb.userId];
    accounts = { [a]: sa, [b]: sb };
    await insertOrders(a, A_ORDERS);
    await insertOrders(b, B_ORDERS);
    await insertSpend(a, [
      ['meta_ads', 'act_1', '2026-12-01', '80.00', 'INR'],
      ['google_ads', '111', '2026-12-01', '0.25', 'USD'],
      ['google_ads', '333', '2026-12-01', '0.25', 'USD'],
      ['meta_ads', 'act_1', '2026-12-02', '50.00', 'INR'],
      ['google_ads', '111', '2026-12-02', '1.00', 'USD'],
      ['google_ads', '222', '2026-12-02', '2.00', 'EUR'],
      ['meta_ads', 'act_1', '2026-12-03', '25.00', 'INR'],
      ['meta_ads', 'act_1', '2026-12-04', '999.00', 'INR'],
    ]);
    await insertRate(a, 'USD', '2026-11-01', '83.33');
    await insertRate(a, 'USD', '2026-12-02', '84.00');
    await insertSpend(b, [['meta_ads', 'act_9', '2026-12-01', '5000.00', 'INR']]);
    await insertRate(b, 'EUR', '2026-01-01', '90.00');
  });
  afterAll(() => orm.close());

  it("sums a day's orders to the paisa and takes the spend no order was given out of its net profit", async () => {
    const { currency, rows } = await profitSummary(asSeller(a), a, '2026-12-01', '2026-12-03');
    expect(currency).toBe('INR');
    expect(rows.map((r) => r.date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    const [first, second, third] = rows;
    expect(first).toMatchObject({
      orders: 4,
      revenue: '1500.00',
      gst: '270.00',
      cogs: '650.00',
      channelFees: '75.50',
      paymentFees: '35.00',
      shippingCost: '130.00',
      rtoCost: '65.00',
      // ₹80 + 2 × $0.25 × 83.33 = 121.665, rounded once (two rows rounded each would make 121.66)
      adSpend: '121.67',
      // 453.33 + 141.17 − 150 − (121.67 − 100.00 given to orders)
      netProfit: '422.83',
      cac: '30.42',
      rtoOrders: 1,
      rtoRate: 1 / 3,
      // O4: not computed yet
      incompleteOrders: 1,
      estimatedOrders: 2,
      adSpendIncomplete: false,
    });
    expect(first!.roas).toBeCloseTo(1500 / 121.67, 12);
    expect(first!.poas).toBeCloseTo((422.83 + 121.67) / 121.67, 12);

    expect(second).toMatchObject({
      orders: 2,
      revenue: '800.00',
      channelFees: '130.00',
      // ₹50 + $1 × 84.00 (the rate in force from that day); the €2 without a rate is left out
      adSpend: '134.00',
      netProfit: '236.00',
      cac: '67.00',
      rtoOrders: 0,
      rtoRate: 0,
      incompleteOrders: 1,
      estimatedOrders: 0,
      adSpendIncomplete: true,
    });
    expect(second!.poas).toBeCloseTo(370 / 134, 12);

    expect(third).toEqual({
      date: '2026-12-03',
      orders: 0,
      revenue: '0.00',
      gst: '0.00',
      cogs: '0.00',
      channelFees: '0.00',
      paymentFees: '0.00',
      shippingCost: '0.00',
      rtoCost: '0.00',
      adSpend: '25.00',
      netProfit: '-25.00',
      cac: null,
      roas: 0,
      poas: 0,
      rtoOrders: 0,
      rtoRate: null,
      incompleteOrders: 0,
      estimatedOrders: 0,
      adSpendIncomplete: false,
    });
  });

  it('answers no row for a day without orders or spend, and no ratio of spend for a day without spend', async () => {
    expect((await profitSummary(asSeller(a), a, '2026-11-01', '2026-11-29')).rows).toEqual([]);
    expect((await profitSummary(asSeller(a), a, '2026-11-30', '2026-11-30')).rows).toEqual([
      expect.objectContaining({
        date: '2026-11-30',
        orders: 1,
        revenue: '1.00',
        adSpend: '0.00',
        netProfit: '1.00',
        cac: '0.00',
        roas: null,
        poas: null,
        rtoRate: 0,
      }),
    ]);
    const { rows } = await profitSummary(asSeller(b), b, '2026-12-02', '2026-12-02');
    expect(rows).toEqual([]);
    const [own] = (await profitSummary(asSeller(b), b, '2026-12-01', '2026-12-01')).rows;
    expect(own).toMatchObject({ orders: 1, revenue: '99999.00', adSpend: '5000.00', cac: '5000.00', rtoRate: 1, incompleteOrders: 1 });
  });

  it('converts each ad account’s day at the rate in force, and leaves a currency without one unconverted', async () => {
    const { currency, rows } = await adSpendDays(asSeller(a), a, '2026-12-01', '2026-12-02');
    expect(currency).toBe('INR');
    expect(rows.map((r) => [r.date, r.providerId, r.accountId, r.spend, r.currency, r.converted])).toEqual([
      ['2026-12-01', 'google_ads', '111', '0.25', 'USD', '20.83'],
      ['2026-12-01', 'google_ads', '333', '0.25', 'USD', '20.83'],
      ['2026-12-01', 'meta_ads', 'act_1', '80.00', 'INR', '80.00'],
      ['2026-12-02', 'google_ads', '111', '1.00', 'USD', '84.00'],
      // seller B's EUR rate is B's alone
      ['2026-12-02', 'google_ads', '222', '2.00', 'EUR', null],
      ['2026-12-02', 'meta_ads', 'act_1', '50.00', 'INR', '50.00'],
    ]);
  });

  const breakdown = async (by: ProfitDimension, first = 50) => (await profitBreakdown(asSeller(a), a, '2026-12-01', '2026-12-03', by, first)).rows;
  const keyed = (rows: Awaited<ReturnType<typeof breakdown>>) => rows.map((r) => [r.key, r.label, r.netProfit, r.orders]);

  it('breaks down by pincode, the pincode with RTO losses first', async () => {
    const rows = await breakdown(ProfitDimension.PINCODE);
    expect(keyed(rows)).toEqual([
      ['110001', '110001', '-150.00', 1],
      ['', 'Unknown', '-10.00', 2],
      ['400001', '400001', '453.33', 1],
      ['560001', '560001', '471.17', 2],
    ]);
    expect(rows[0]).toMatchObject({ rtoOrders: 1, rtoRate: 1, shippingCost: '70.00', rtoCost: '65.00', estimatedOrders: 1, incompleteOrders: 0 });
    expect(rows[1]).toMatchObject({ rtoRate: null, incompleteOrders: 1, channelFees: '10.00' });
    expect(keyed(await breakdown(ProfitDimension.PINCODE, 2))).toEqual(keyed(rows.slice(0, 2)));
  });

  it('breaks down by channel, account and state', async () => {
    expect(keyed(await breakdown(ProfitDimension.CHANNEL))).toEqual([
      ['shopify', 'Shopify', '303.33', 3],
      ['flipkart', 'Flipkart', '461.17', 3],
    ]);
    expect(keyed(await breakdown(ProfitDimension.ACCOUNT))).toEqual([
      [accounts[a]!.shop, 'My Shop', '303.33', 3],
      [accounts[a]!.fk, 'Flipkart · Seller', '461.17', 3],
    ]);
    const states = await breakdown(ProfitDimension.STATE);
    expect(keyed(states)).toEqual([
      ['Delhi', 'Delhi', '-150.00', 1],
      ['', 'Unknown', '-10.00', 2],
      ['Maharashtra', 'Maharashtra', '453.33', 1],
      ['Karnataka', 'Karnataka', '471.17', 2],
    ]);
    // The orders' ad spend only: the ₹21.67 and ₹84.00 no order was given are in no state.
    expect(sum(states.map((s) => s.adSpend))).toBe('150.00');
    expect(states.find((s) => s.key === 'Karnataka')).toMatchObject({
      revenue: '1300.00',
      gst: '234.00',
      channelFees: '195.50',
      estimatedOrders: 1,
      incompleteOrders: 1,
    });
  });

  it('shares each order among its lines by their value, and the SKUs sum back to the orders within half a paisa each', async () => {
    const rows = await breakdown(ProfitDimension.SKU);
    expect(keyed(rows)).toEqual([
      ['', 'Unknown', '-10.00', 1],
      // O5 / 3
      ['CAP', 'CAP — Cap', '110.00', 2],
      // O1 × 0.4 (181.332) + O3 (−150) + O5 / 3 (110)
      ['TEE', 'TEE — T-shirt', '141.33', 3],
      // O1 × 0.6 (271.998) + O2 (141.17) + O5 / 3 (110)
      ['MUG', 'MUG — Mug', '523.17', 3],
    ]);
    expect(rows.find((r) => r.key === 'MUG')).toMatchObject({
      revenue: '1366.67',
      cogs: '590.00',
      adSpend: '90.00',
      paymentFees: '12.00',
      shippingCost: '36.00',
    });
    expect(rows.find((r) => r.key === 'CAP')).toMatchObject({ incompleteOrders: 2, revenue: '266.67' });
    expect(rows.find((r) => r.key === 'TEE')).toMatchObject({ rtoOrders: 1, rtoRate: 1 / 3 });

    const orders = await breakdown(ProfitDimension.CHANNEL);
    const fields: Array<keyof ProfitMoney> = ['revenue', 'gst', 'cogs', 'channelFees', 'paymentFees', 'shippingCost', 'rtoCost', 'adSpend', 'netProfit'];
    for (const field of fields) {
      const bySku = Number(sum(rows.map((r) => r[field])));
      const whole = Number(sum(orders.map((r) => r[field])));
      expect({ field, off: Math.abs(bySku - whole) <= 0.005 * rows.length + 1e-9 }).toEqual({ field, off: true });
    }
  });

  it('counts none of another seller’s rows, and runs as the seller behind row-level security', async () => {
    const app = await MikroORM.init(ormOptions({ url: testDatabaseUrl(), poolMax: 2, appRole: true }));
    try {
      const em = forUser(app.em, a);
      expect(await profitSummary(em, a, '2026-12-01', '2026-12-03')).toEqual(await profitSummary(asSeller(a), a, '2026-12-01', '2026-12-03'));
      expect((await profitBreakdown(em, a, '2026-12-01', '2026-12-03', ProfitDimension.SKU, 50)).rows).toEqual(await breakdown(ProfitDimension.SKU));
      expect((await adSpendDays(em, a, '2026-12-01', '2026-12-03')).rows).toHaveLength(7);
      // Seller B's user with seller A's id in the SQL: the database shows none of A's rows.
      expect((await profitSummary(forUser(app.em, b), a, '2026-12-01', '2026-12-03')).rows).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('groups days in the seller’s timezone', async () => {
    await orm.em.getConnection().execute(
      `insert into profit_settings (id, user_id, currency, timezone, commission_rates, gateway_fee_rates, default_gst_percent, cod_fee, updated_at)
         values (gen_random_uuid(), ?, 'INR', 'UTC', '{}', '{}', 18, 0, now())`,
      [b],
    );
    // B1 at 06:00 UTC on 2026-12-01 stays on the 1st; in UTC a day runs 00:00–24:00 UTC.
    const { rows } = await profitSummary(asSeller(b), b, '2026-12-01', '2026-12-01');
    expect(rows.map((r) => [r.date, r.orders])).toEqual([['2026-12-01', 1]]);
    await orm.em.getConnection().execute(`update orders set ordered_at = '2026-11-30T19:00:00Z' where user_id = ?`, [b]);
    // 00:30 IST on the 1st, but the 30th in UTC.
    expect((await profitSummary(asSeller(b), b, '2026-12-01', '2026-12-01')).rows.map((r) => r.orders)).toEqual([0]);
  });
});
