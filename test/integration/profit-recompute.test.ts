import { randomUUID } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { forUser } from '../../src/db/tenant-filter.js';
import {
  AdSpendDaily,
  ChannelAccount,
  ChannelType,
  ExchangeRate,
  Order,
  OrderItem,
  OrderStatus,
  PaymentMethod,
  ProductCost,
  ProfitSettings,
  Shipment,
  ShipmentStatus,
  User,
} from '../../src/domain/index.js';
import { DEFAULT_RATE_CARD } from '../../src/domain/rate-card.js';
import { createLogger } from '../../src/logger.js';
import { allocateAdSpend } from '../../src/services/profit/ad-allocation.js';
import { channelTraits } from '../../src/services/profit/channel-traits.js';
import { daySpend } from '../../src/services/profit/day-spend.js';
import { paiseOf } from '../../src/services/profit/money.js';
import { orderFigures, withAdSpend, type OrderFacts, type OrderProfitFigures, type ProfitRules } from '../../src/services/profit/order-profit.js';
import { recomputeStaleDays } from '../../src/services/profit/recompute.js';
import { markCurrencyDaysStale, markDaysStale, markEveryDayStale, markOrderDaysStale, markSkuDaysStale } from '../../src/services/profit/stale-days.js';
import { testOrm } from '../support/database.js';
import { testDatabaseUrl } from '../support/env.js';

const silent = createLogger({ level: 'silent', pretty: false });

/** Seller A's settings: Razorpay 2 %, COD ₹35, Amazon 15 %. */
const rules: ProfitRules = {
  currency: 'INR',
  commissionRates: { amazon: '15' },
  gatewayFeeRates: { razorpay: '2' },
  gatewayFeePercent: null,
  codFee: '35',
  defaultGstPercent: '18',
  rateCard: DEFAULT_RATE_CARD,
};
const COSTS = [
  { sku: 'MUG', effectiveFrom: '2000-01-01', cost: '400.00' },
  { sku: 'MUG', effectiveFrom: '2026-11-16', cost: '420.00' },
  { sku: 'TEE', effectiveFrom: '2026-01-01', cost: '199.50' },
];
const USD = [
  { effectiveFrom: '2026-11-01', rate: '83.25' },
  { effectiveFrom: '2026-11-18', rate: '83.50' },
];
/** Ten days of seller A's (IST), 11 to 20 November 2026. */
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(11 + i).padStart(2, '0')}`);

interface Seeded {
  facts: OrderFacts;
  day: string;
}

/** Seller A's orders: four a day, Shopify and Amazon, prepaid and COD, one RTO, one in the evening UTC (the next day in IST). */
function ordersOf(day: string, n: number): Array<Seeded & { orderedAt: Date }> {
  const base = new Date(`${day}T05:00:00Z`); // 10:30 IST
  const mk = (k: number, over: Partial<OrderFacts>, orderedAt = new Date(base.getTime() + k * 3_600_000)): Seeded & { orderedAt: Date } => ({
    day,
    orderedAt,
    facts: {
      id: randomUUID(),
      providerId: 'shopify',
      status: OrderStatus.DELIVERED,
      paymentMethod: PaymentMethod.PREPAID,
      currency: 'INR',
      itemSubtotal: `${900 + n * 7 + k}.00`,
      discounts: '0.00',
      shippingCharged: '0.00',
      tax: '0.00',
      total: `${900 + n * 7 + k}.00`,
      channelFees: null,
      paymentGateway: 'Razorpay',
      paymentFees: null,
      pricesIncludeUnstatedTax: false,
      customerPincode: '560001',
      fulfilledByChannel: false,
      items: [{ sku: 'MUG', quantity: 1 + (k % 2), unitPrice: `${900 + n * 7 + k}.00`, discount: '0.00', status: null }],
      shipments: [
        {
          status: ShipmentStatus.DELIVERED,
          shippingCost: `${50 + k}.25`,
          rtoCost: null,
          chargesEstimated: false,
          weightGrams: 500,
          destinationPincode: '560001',
        },
      ],
      ...over,
    },
  });
  return [
    mk(0, {}),
    mk(1, { paymentMethod: PaymentMethod.COD, paymentGateway: null }),
    mk(2, {
      providerId: 'amazon',
      paymentGateway: null,
      shipments: [],
      items: [{ sku: 'TEE', quantity: 3, unitPrice: '333.33', discount: '0.00', status: null }],
      itemSubtotal: '999.99',
      total: '999.99',
    }),
    mk(3, { status: OrderStatus.RTO, shipments: [{ ...mk(0, {}).facts.shipments[0]!, status: ShipmentStatus.RTO_DELIVERED, rtoCost: '47.10' }] }),
    // 20:00 UTC is 01:30 the next day in India: this order belongs to that day, not to `day`'s UTC date.
    mk(4, { items: [{ sku: 'GIFT', quantity: 1, unitPrice: '905.00', discount: '0.00', status: null }] }, new Date(`${day}T20:00:00Z`)),
  ].map((o, k) => (k === 4 ? { ...o, day: nextDay(day) } : o));
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface ProfitRow {
  id: string;
  revenue: string;
  gst: string;
  cogs: string;
  channel_fees: string;
  payment_fees: string;
  shipping_cost: string;
  rto_cost: string;
  ad_spend: string;
  net_profit: string;
  flags: string[];
  sources: Record<string, string>;
  computed_at: Date | null;
}

describe('the recompute of stale profit days', () => {
  let owner: MikroORM;
  let app: MikroORM;
  let a: string;
  let b: string;
  let seeded: Seeded[];
  const spend = new Map<string, Array<{ accountId: string; spend: string; currency: string }>>();

  const asSeller = (userId: string) => forUser(app.em, userId);
  const profits = async (userId: string): Promise<Map<string, ProfitRow>> => {
    const rows = await owner.em.getConnection().execute<ProfitRow[]>(
      `select id, profit_revenue::text as revenue, profit_gst::text as gst, profit_cogs::text as cogs, profit_channel_fees::text as channel_fees,
         profit_payment_fees::text as payment_fees, profit_shipping_cost::text as shipping_cost, profit_rto_cost::text as rto_cost,
         profit_ad_spend::text as ad_spend, profit_net_profit::text as net_profit, profit_flags as flags, profit_sources as sources,
         profit_computed_at as computed_at
       from orders where user_id = ?`,
      [userId],
    );
    return new Map(rows.map((r) => [r.id, r]));
  };
  const staleDays = async (userId: string) =>
    (
      await owner.em.getConnection().execute<Array<{ day: string }>>(`select day::text as day from profit_stale_days where user_id = ? order by day`, [userId])
    ).map((r) => r.day);

  /** What the pure engine says of seller A's day. */
  function expectedDay(day: string): Map<string, OrderProfitFigures> {
    const usd = [...USD].reverse().find((r) => r.effectiveFrom <= day);
    const rates = new Map(usd ? [['USD', usd.rate]] : []);
    const costs = new Map(
      ['MUG', 'TEE'].flatMap((sku) => {
        const c = COSTS.filter((x) => x.sku === sku && x.effectiveFrom <= day).pop();
        return c ? [[sku, { cost: c.cost, currency: 'INR', gstPercent: null }] as const] : [];
      }),
    );
    const orders = seeded
      .filter((o) => o.day === day)
      .map((o) => ({ id: o.facts.id, figures: orderFigures(o.facts, channelTraits(o.facts.providerId), rules, { costs, rates }) }));
    const total = daySpend(spend.get(day) ?? [], 'INR', rates);
    const shares = allocateAdSpend(
      total.paise,
      orders.map((o) => ({ orderId: o.id, revenuePaise: paiseOf(o.figures.revenue) })),
    );
    return new Map(orders.map((o) => [o.id, withAdSpend(o.figures, shares.get(o.id) ?? 0n, total.incomplete)]));
  }

  const asRow = (p: OrderProfitFigures) => ({
    revenue: p.revenue,
    gst: p.gst,
    cogs: p.cogs,
    channel_fees: p.channelFees,
    payment_fees: p.paymentFees,
    shipping_cost: p.shippingCost,
    rto_cost: p.rtoCost,
    ad_spend: p.adSpend,
    net_profit: p.netProfit,
    flags: p.flags,
    sources: p.sources,
  });

  async function seedSeller(em: EntityManager, label: string, withOrders: Array<Seeded & { orderedAt: Date }>): Promise<string> {
    const user = em.create(User, { subject: `profit-${label}-${randomUUID()}` });
    const shop = em.create(ChannelAccount, {
      user,
      providerId: 'shopify',
      channelType: ChannelType.SHOPIFY,
      externalId: `${label}-${randomUUID()}.myshopify.com`,
      displayName: 'Store',
    });
    const amzn = em.create(ChannelAccount, {
      user,
      providerId: 'amazon',
      channelType: ChannelType.AMAZON,
      externalId: `${label}-${randomUUID()}`,
      displayName: 'Amazon',
    });
    for (const { facts, orderedAt } of withOrders) {
      const order = em.create(Order, {
        id: facts.id,
        user,
        channelAccount: facts.providerId === 'amazon' ? amzn : shop,
        providerId: facts.providerId,
        externalId: facts.id,
        status: facts.status,
        rawStatus: facts.status,
        paymentMethod: facts.paymentMethod,
        currency: facts.currency,
        orderedAt,
        sourceUpdatedAt: orderedAt,
        itemSubtotal: facts.itemSubtotal ?? undefined,
        discounts: facts.discounts ?? undefined,
        shippingCharged: facts.shippingCharged ?? undefined,
        tax: facts.tax ?? undefined,
        total: facts.total ?? undefined,
        paymentGateway: facts.paymentGateway ?? undefined,
        customerPincode: facts.customerPincode ?? undefined,
      });
      facts.items.forEach((l, i) =>
        em.create(OrderItem, {
          user,
          order,
          externalLineId: String(i),
          sku: l.sku,
          title: l.sku,
          quantity: l.quantity,
          unitPrice: l.unitPrice!,
          discount: l.discount!,
        }),
      );
      for (const s of facts.shipments) {
        em.create(Shipment, {
          user,
          order,
          providerId: 'delhivery',
          trackingNumber: randomUUID(),
          status: s.status,
          shippingCost: s.shippingCost ?? undefined,
          rtoCost: s.rtoCost ?? undefined,
          weightGrams: s.weightGrams ?? undefined,
          destinationPincode: s.destinationPincode ?? undefined,
        });
      }
    }
    for (const c of COSTS) em.create(ProductCost, { user, ...c });
    for (const r of USD) em.create(ExchangeRate, { user, currency: 'USD', ...r });
    em.create(ProfitSettings, { user, commissionRates: rules.commissionRates, gatewayFeeRates: rules.gatewayFeeRates, codFee: rules.codFee });
    await em.flush();
    return user.id;
  }

  beforeAll(async () => {
    owner = await testOrm();
    app = await MikroORM.init(ormOptions({ url: testDatabaseUrl(), poolMax: 4, appRole: true }));
    const all = DAYS.flatMap((d, n) => ordersOf(d, n));
    seeded = all;
    a = await seedSeller(owner.em.fork(), 'a', all);
    b = await seedSeller(
      owner.em.fork(),
      'b',
      ordersOf('2026-11-15', 0).map((o) => ({ ...o, facts: { ...o.facts, id: randomUUID() } })),
    );
    // Three ad accounts a day, one billed in USD (at 83.25, then 83.50 from the 18th); none on the 11th.
    const em = owner.em.fork();
    for (const day of DAYS.slice(1)) {
      const rows = [
        { accountId: 'act_1', spend: `${1000 + day.charCodeAt(9)}.37`, currency: 'INR' },
        { accountId: 'act_2', spend: '333.33', currency: 'INR' },
        { accountId: 'cust_9', spend: '7.77', currency: 'USD' },
      ];
      spend.set(day, rows);
      for (const r of rows) em.create(AdSpendDaily, { user: a, providerId: r.accountId.startsWith('act') ? 'meta_ads' : 'google_ads', date: day, ...r });
      em.create(AdSpendDaily, { user: b, providerId: 'meta_ads', accountId: 'act_b', date: day, spend: '100.00', currency: 'INR' });
    }
    await em.flush();
    await asSeller(a).transactional((tx) => markEveryDayStale(tx, a));
    await asSeller(b).transactional((tx) => markEveryDayStale(tx, b));
  });
  afterAll(async () => {
    await app?.close();
    await owner?.close();
  });

  it('recomputes every stale day of the seller, matching the pure engine to the paisa, and takes the days off', async () => {
    const stale = await staleDays(a);
    expect(stale).toEqual([...DAYS, '2026-11-21']);
    const result = await recomputeStaleDays(asSeller(a), a, silent);
    expect(result).toEqual({ days: 11, orders: seeded.length });
    expect(await staleDays(a)).toEqual([]);

    const stored = await profits(a);
    for (const day of [...DAYS, '2026-11-21']) {
      for (const [id, figures] of expectedDay(day)) {
        expect({ id, ...stored.get(id), computed_at: undefined }).toEqual({ id, ...asRow(figures), computed_at: undefined });
      }
    }
    // The day's boundary is India's: the evening-UTC order of the 20th is on the 21st.
    expect(expectedDay('2026-11-21').size).toBe(1);
  });

  it('shares each day’s ad spend exactly over its orders', async () => {
    const stored = await profits(a);
    for (const day of DAYS.slice(1)) {
      const usd = day >= '2026-11-18' ? '83.50' : '83.25';
      const expected = daySpend(spend.get(day)!, 'INR', new Map([['USD', usd]])).paise;
      const ids = seeded.filter((o) => o.day === day).map((o) => o.facts.id);
      const allocated = ids.reduce((sum, id) => sum + paiseOf(stored.get(id)!.ad_spend), 0n);
      expect(allocated).toBe(expected);
    }
    // No spend on the 11th.
    const first = seeded.filter((o) => o.day === '2026-11-11').map((o) => stored.get(o.facts.id)!.ad_spend);
    expect(new Set(first)).toEqual(new Set(['0.00']));
  });

  it('a restated day’s ad spend changes that day’s profit and no other’s', async () => {
    const before = await profits(a);
    await owner.em
      .getConnection()
      .execute(`update ad_spend_daily set spend = spend + 500 where user_id = ? and date = '2026-11-15' and account_id = 'act_2'`, [a]);
    spend.set(
      '2026-11-15',
      spend.get('2026-11-15')!.map((r) => (r.accountId === 'act_2' ? { ...r, spend: '833.33' } : r)),
    );
    await asSeller(a).transactional((tx) => markDaysStale(tx, a, ['2026-11-15']));
    expect(await recomputeStaleDays(asSeller(a), a, silent)).toEqual({ days: 1, orders: 5 }); // four of its own, one from the 14th's evening (UTC)

    const after = await profits(a);
    for (const o of seeded) {
      const [was, now] = [before.get(o.facts.id)!, after.get(o.facts.id)!];
      if (o.day === '2026-11-15') {
        expect(now).toMatchObject(asRow(expectedDay('2026-11-15').get(o.facts.id)!));
        if (paiseOf(now.revenue) > 0n) expect(paiseOf(now.net_profit)).toBeLessThan(paiseOf(was.net_profit));
      } else {
        expect(now).toEqual(was); // computed_at included: not even rewritten
      }
    }
  });

  it('marks the days of a SKU’s orders from a date, and of orders named by their account’s ids', async () => {
    await asSeller(a).transactional((tx) => markSkuDaysStale(tx, a, ['TEE'], '2026-11-18'));
    expect(await staleDays(a)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    const amazonOrder = seeded.find((o) => o.day === '2026-11-13' && o.facts.providerId === 'amazon')!.facts.id;
    const [account] = await owner.em.getConnection().execute<Array<{ id: string }>>(`select channel_account_id as id from orders where id = ?`, [amazonOrder]);
    await asSeller(a).transactional((tx) => markOrderDaysStale(tx, a, { channelAccountId: account!.id, externalIds: [amazonOrder, 'unknown'] }));
    expect(await staleDays(a)).toEqual(['2026-11-13', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(await recomputeStaleDays(asSeller(a), a, silent)).toMatchObject({ days: 4 });
  });

  it('marks the days from a date with spend or orders in a currency whose rate changed', async () => {
    await asSeller(a).transactional((tx) => markCurrencyDaysStale(tx, a, ['EUR'], '2026-11-11'));
    expect(await staleDays(a)).toEqual([]);
    await asSeller(a).transactional((tx) => markCurrencyDaysStale(tx, a, ['USD'], '2026-11-19'));
    expect(await staleDays(a)).toEqual(['2026-11-19', '2026-11-20']);
    expect(await recomputeStaleDays(asSeller(a), a, silent)).toMatchObject({ days: 2 });
  });

  it('leaves another seller’s days alone (row-level security)', async () => {
    // Seller A's EntityManager asked for seller B's days sees none of them.
    expect(await recomputeStaleDays(asSeller(a), b, silent)).toEqual({ days: 0, orders: 0 });
    expect((await staleDays(b)).length).toBeGreaterThan(0);
    for (const row of (await profits(b)).values()) expect(row.computed_at).toBeNull();
    // B's own recompute does B's.
    const bDays = (await staleDays(b)).length;
    expect(await recomputeStaleDays(asSeller(b), b, silent)).toEqual({ days: bDays, orders: 5 });
  });

  it('leaves a day whose change is not committed yet stale, and does it once the change is in', async () => {
    await asSeller(a).transactional((tx) => markEveryDayStale(tx, a));
    const changed = seeded.find((o) => o.day === '2026-11-12' && o.facts.providerId === 'shopify')!.facts.id;
    let release!: () => void;
    let marked!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isMarked = new Promise<void>((resolve) => (marked = resolve));
    // A writer changes an order of the 12th and marks its day, and has not committed yet.
    const writer = asSeller(a).transactional(async (tx) => {
      await tx.execute(`update orders set total = total + 100 where id = ?`, [changed]);
      await markOrderDaysStale(tx, a, { orderIds: [changed] });
      marked();
      await held;
    });
    await isMarked;
    const onTheTwelfth = seeded.filter((o) => o.day === '2026-11-12').length;
    try {
      expect(await recomputeStaleDays(asSeller(a), a, silent)).toEqual({ days: 10, orders: seeded.length - onTheTwelfth });
      expect(await staleDays(a)).toEqual(['2026-11-12']);
    } finally {
      release();
      await writer;
    }
    expect(await recomputeStaleDays(asSeller(a), a, silent)).toEqual({ days: 1, orders: onTheTwelfth });
    // 2 % of the ₹100 more the order now costs in gateway fees.
    const [row] = await owner.em
      .getConnection()
      .execute<Array<{ payment_fees: string }>>(`select profit_payment_fees::text as payment_fees from orders where id = ?`, [changed]);
    const original = seeded.find((o) => o.facts.id === changed)!.facts.total!;
    expect(row!.payment_fees).toBe((Math.round((Number(original) + 100) * 2) / 100).toFixed(2));
    await owner.em.getConnection().execute(`update orders set total = total - 100 where id = ?`, [changed]);
  });

  it('two recomputes of one seller at once never compute the same day twice', async () => {
    await asSeller(a).transactional((tx) => markEveryDayStale(tx, a));
    const [one, two] = await Promise.all([recomputeStaleDays(asSeller(a), a, silent), recomputeStaleDays(asSeller(a), a, silent)]);
    expect(one.days + two.days).toBe(11);
    expect(one.orders + two.orders).toBe(seeded.length);
    expect(await staleDays(a)).toEqual([]);
  });
});
