import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { inTransaction } from '../db/tenant-filter.js';
import { OrderStatus } from '../domain/index.js';
import { ESTIMATED_FLAGS, INCOMPLETE_FLAGS, ProfitDimension } from '../domain/enums.js';
import { getProvider } from '../providers/registry.js';
import { dayBounds, SETTINGS_DEFAULTS } from './profit/seller-days.js';

/**
 * The reads behind profitSummary, profitBreakdown and adSpend: sums over the profit the
 * recompute (services/profit/) stored on each order, in one statement each, in the database.
 *
 * Plain SQL does not pass through the ORM's tenant filter: every statement names the user
 * itself, and row-level security holds the same line (`em` is the seller's, forUser).
 *
 * Days are the seller's (profit_settings.timezone, the default without settings): an order
 * belongs to the day of its ordered_at there; ad spend to the date the ad account reports.
 * Money comes back as 2-place decimal strings in the seller's currency (profit_settings.currency).
 */

/** The money of the profit formula, as 2-place decimal strings. */
export interface ProfitMoney {
  revenue: string;
  gst: string;
  cogs: string;
  channelFees: string;
  paymentFees: string;
  shippingCost: string;
  rtoCost: string;
  adSpend: string;
  netProfit: string;
}

interface OrderCounts {
  orders: number;
  rtoOrders: number;
  /** RTO orders / orders shipped; null when none shipped. */
  rtoRate: number | null;
  incompleteOrders: number;
  estimatedOrders: number;
}

export interface ProfitDayRow extends ProfitMoney, OrderCounts {
  /** YYYY-MM-DD in the seller's timezone. */
  date: string;
  /** adSpend / orders, to the paisa; null without orders. */
  cac: string | null;
  roas: number | null;
  poas: number | null;
  adSpendIncomplete: boolean;
}

export interface ProfitBreakdownEntry extends ProfitMoney, OrderCounts {
  key: string;
  label: string;
}

export interface AdSpendRow {
  date: string;
  providerId: string;
  accountId: string;
  channelAccountId: string | null;
  spend: string;
  currency: string;
  /** The spend in the seller's currency; null when its currency has no rate in force on its day. */
  converted: string | null;
  impressions: number | null;
  clicks: number | null;
}

/** The answer of a read: its rows and the seller's currency their money is in. */
export interface InSellerCurrency<Row> {
  currency: string;
  rows: Row[];
}

/** Statuses of an order that left the seller: the denominator of the RTO rate. */
const SHIPPED: readonly OrderStatus[] = [OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RTO, OrderStatus.RETURNED];

/** The order columns summed, as [profit column, name of the sum]. */
const MONEY_COLUMNS = [
  ['profit_revenue', 'revenue'],
  ['profit_gst', 'gst'],
  ['profit_cogs', 'cogs'],
  ['profit_channel_fees', 'channel_fees'],
  ['profit_payment_fees', 'payment_fees'],
  ['profit_shipping_cost', 'shipping_cost'],
  ['profit_rto_cost', 'rto_cost'],
  ['profit_ad_spend', 'ad_spend'],
  ['profit_net_profit', 'net_profit'],
] as const;

type MoneyName = (typeof MONEY_COLUMNS)[number][1];

/** The seller's timezone and currency: one row, with the defaults when the seller has no settings. */
const settings = (userId: string) => sql`
  select coalesce(max(p.timezone), ${SETTINGS_DEFAULTS.timezone}::text) as tz, coalesce(max(p.currency), ${SETTINGS_DEFAULTS.currency}::text) as currency
    from profit_settings p where p.user_id = ${userId}::uuid`;

/**
 * The orders of the seller's days from..to, each with its day, bounded on ordered_at so that
 * the (user_id, ordered_at) index serves it: the bounds are a materialized CTE's (dayBounds says
 * why). Needs `s` (settings) in the WITH list.
 */
const rangeOrders = (userId: string, from: string, to: string) => sql`
  with r as materialized (
    select min(b.lo) as lo, max(b.hi) as hi from (${dayBounds(sql`values (${from}::date), (${to}::date)`, sql`(select s.tz from s)`)}) b)
  select o.id, o.status, o.provider_id, o.channel_account_id, o.customer_state, o.customer_pincode, o.ordered_at,
         (o.ordered_at at time zone s.tz)::date as day, o.profit_computed_at, o.profit_flags,
         ${sql.join(MONEY_COLUMNS.map(([column]) => sql.ref(`o.${column}`)))}
    from s, r, orders o
   where o.user_id = ${userId}::uuid
     and o.ordered_at >= r.lo
     and o.ordered_at < r.hi`;

/**
 * The ad spend rows of the dates from..to, each converted to the seller's currency at the rate
 * in force on its date (the latest effective_from on or before it): `exact`, and `converted` to
 * the paisa (half away from zero), as adSpend shows a row. A day's spend is the sum of the exact
 * figures rounded once, as the recompute shares it among the day's orders (services/profit/day-spend.ts).
 * A row whose currency has no rate in force has neither. Needs `s` in the WITH list.
 */
const convertedSpend = (userId: string, from: string, to: string) => sql`
  select c.*, round(c.exact, 2) as converted
    from (
      select a.date, a.provider_id, a.account_id, a.channel_account_id, a.spend, a.currency, a.impressions, a.clicks,
             case when a.currency = s.currency then a.spend else a.spend * r.rate end as exact
        from s cross join ad_spend_daily a
        left join lateral (
          select x.rate from exchange_rates x
           where x.user_id = ${userId}::uuid and x.currency = a.currency and x.effective_from <= a.date
           order by x.effective_from desc limit 1) r on true
       where a.user_id = ${userId}::uuid and a.date between ${from}::date and ${to}::date) c`;

/** count(…) of the orders meeting `condition`; `distinct` where an order spans several rows (SKU lines). */
const countOrders = (condition: RawBuilder<unknown> | undefined, distinct: boolean) => {
  const counted = distinct ? sql`count(distinct x.id)` : sql`count(*)`;
  return condition ? sql`(${counted} filter (where ${condition}))::int` : sql`${counted}::int`;
};

/** The counts of the orders of a group, as orders, rto_orders, shipped, incomplete_orders, estimated_orders. */
const orderCounts = (distinct: boolean) => sql`
  ${countOrders(undefined, distinct)} as orders,
  ${countOrders(sql`x.status = ${OrderStatus.RTO}::order_status`, distinct)} as rto_orders,
  ${countOrders(sql`x.status = any(${SHIPPED}::order_status[])`, distinct)} as shipped,
  ${countOrders(sql`x.profit_computed_at is null or x.profit_flags && ${INCOMPLETE_FLAGS}::text[]`, distinct)} as incomplete_orders,
  ${countOrders(sql`x.profit_flags && ${ESTIMATED_FLAGS}::text[]`, distinct)} as estimated_orders`;

/** Money as the API answers it: exact, two places. */
const money = (expr: RawBuilder<unknown>) => sql`round(${expr}, 2)::text`;

type MoneyRaw = Record<MoneyName, string>;
interface CountsRaw {
  orders: number;
  rto_orders: number;
  shipped: number;
  incomplete_orders: number;
  estimated_orders: number;
}

const toMoney = (r: MoneyRaw): ProfitMoney => ({
  revenue: r.revenue,
  gst: r.gst,
  cogs: r.cogs,
  channelFees: r.channel_fees,
  paymentFees: r.payment_fees,
  shippingCost: r.shipping_cost,
  rtoCost: r.rto_cost,
  adSpend: r.ad_spend,
  netProfit: r.net_profit,
});

const toCounts = (r: CountsRaw): OrderCounts => ({
  orders: r.orders,
  rtoOrders: r.rto_orders,
  rtoRate: r.shipped > 0 ? r.rto_orders / r.shipped : null,
  incompleteOrders: r.incomplete_orders,
  estimatedOrders: r.estimated_orders,
});

/**
 * One row per day of from..to with orders or ad spend, oldest first. Orders not computed yet
 * count in `orders` and `incompleteOrders` and add nothing to the money. adSpend is the day's whole
 * spend in the seller's currency (rows without a rate left out: adSpendIncomplete), and netProfit
 * takes all of it: Σ orders' net profit − (the day's spend − Σ orders' ad spend).
 */
export async function profitSummary(em: EntityManager, userId: string, from: string, to: string): Promise<InSellerCurrency<ProfitDayRow>> {
  const sums = MONEY_COLUMNS.map(([column, name]) => sql`coalesce(sum(${sql.ref(`x.${column}`)}), 0) as ${sql.id(name)}`);
  const orderMoney = MONEY_COLUMNS.filter(([, name]) => name !== 'ad_spend' && name !== 'net_profit').map(
    ([, name]) => sql`${money(sql`coalesce(${sql.ref(`d.${name}`)}, 0)`)} as ${sql.id(name)}`,
  );
  const query = sql<DayRaw>`
    with s as (${settings(userId)}),
         x as (${rangeOrders(userId, from, to)}),
         od as (select x.day, ${sql.join(sums)}, ${orderCounts(false)} from x group by x.day),
         sp as (${convertedSpend(userId, from, to)}),
         sd as (select sp.date as day, round(coalesce(sum(sp.exact), 0), 2) as spend, bool_or(sp.exact is null) as incomplete from sp group by sp.date),
         d as (
           select coalesce(od.day, sd.day) as date, od.*, coalesce(sd.spend, 0) as spend, coalesce(sd.incomplete, false) as spend_incomplete,
                  coalesce(od.net_profit, 0) + coalesce(od.ad_spend, 0) - coalesce(sd.spend, 0) as net
             from od full join sd on sd.day = od.day)
    select to_char(d.date, 'YYYY-MM-DD') as date, ${sql.join(orderMoney)}, ${money(sql`d.spend`)} as ad_spend, ${money(sql`d.net`)} as net_profit,
           coalesce(d.orders, 0) as orders, coalesce(d.rto_orders, 0) as rto_orders, coalesce(d.shipped, 0) as shipped,
           coalesce(d.incomplete_orders, 0) as incomplete_orders, coalesce(d.estimated_orders, 0) as estimated_orders,
           case when d.orders > 0 then ${money(sql`d.spend / d.orders`)} end as cac,
           case when d.spend <> 0 then (coalesce(d.revenue, 0) / d.spend)::float8 end as roas,
           case when d.spend <> 0 then ((d.net + d.spend) / d.spend)::float8 end as poas,
           d.spend_incomplete as ad_spend_incomplete, (select s.currency from s) as currency
      from d
     order by d.date`;
  const { rows } = await inTransaction(em, (db) => query.execute(db));
  return {
    currency: currencyOf(rows),
    rows: rows.map((r) => ({
      date: r.date,
      ...toMoney(r),
      ...toCounts(r),
      cac: r.cac,
      roas: r.roas,
      poas: r.poas,
      adSpendIncomplete: r.ad_spend_incomplete,
    })),
  };
}

/** The key of a dimension's group, and the name its label is made from (an account's, a SKU's title). */
function dimension(by: ProfitDimension, userId: string): { key: RawBuilder<unknown>; name: RawBuilder<unknown> } {
  switch (by) {
    case ProfitDimension.CHANNEL:
      return { key: sql`o.provider_id`, name: sql`null::text` };
    case ProfitDimension.ACCOUNT:
      return {
        key: sql`coalesce(o.channel_account_id::text, '')`,
        name: sql`(select ca.display_name from channel_accounts ca where ca.user_id = ${userId}::uuid and ca.id::text = x.key)`,
      };
    case ProfitDimension.STATE:
      return { key: sql`coalesce(o.customer_state, '')`, name: sql`null::text` };
    case ProfitDimension.PINCODE:
      return { key: sql`coalesce(o.customer_pincode, '')`, name: sql`null::text` };
    case ProfitDimension.SKU:
      // The title of the SKU's latest line.
      return { key: sql`coalesce(sh.sku, '')`, name: sql`(array_agg(x.title order by x.ordered_at desc, x.id))[1]` };
  }
}

function labelOf(by: ProfitDimension, key: string, name: string | null): string {
  if (by === ProfitDimension.CHANNEL) return getProvider(key)?.name ?? key;
  if (key === '') return 'Unknown';
  if (by === ProfitDimension.ACCOUNT) return name ?? key;
  if (by === ProfitDimension.SKU) return name ? `${key} — ${name}` : key;
  return key;
}

/**
 * The orders of from..to grouped by one dimension, worst net profit first (then by key), at
 * most `first` groups. An order's adSpend is what its day gave it: spend no order was given is
 * in no group (profitSummary shows it).
 *
 * SKU: an order's every figure (revenue, fees, freight, even cogs, whose split per line is not
 * stored) is shared among its lines in proportion to each line's item value (unit price ×
 * quantity − its discount; by quantity when the order's lines have no value, evenly when they have
 * no quantity either); an order without lines is under the key "". The shares are summed exactly
 * and each group's sum is rounded to the paisa at the end (half away from zero), so a SKU's figure
 * is within half a paisa of its exact share, and the groups of one order sum back to the order's
 * figures within half a paisa per group. An order counts once in each SKU it sells.
 */
export async function profitBreakdown(
  em: EntityManager,
  userId: string,
  from: string,
  to: string,
  by: ProfitDimension,
  first: number,
): Promise<InSellerCurrency<ProfitBreakdownEntry>> {
  const { key, name } = dimension(by, userId);
  const isSku = by === ProfitDimension.SKU;
  const shares = sql`
    l as (
      select i.order_id, i.sku, i.title, greatest(coalesce(i.unit_price, 0) * i.quantity - coalesce(i.discount, 0), 0) as value, greatest(i.quantity, 0) as quantity
        from order_items i
       where i.user_id = ${userId}::uuid and i.order_id in (select o.id from o)),
    sh as (
      select l.order_id, l.sku, l.title,
             case when sum(l.value) over w > 0 then l.value / sum(l.value) over w
                  when sum(l.quantity) over w > 0 then l.quantity::numeric / sum(l.quantity) over w
                  else 1::numeric / count(*) over w end as share
        from l window w as (partition by l.order_id)),`;
  const grouped = isSku ? sql`from o left join sh on sh.order_id = o.id` : sql`from o`;
  const sums = MONEY_COLUMNS.map(([column, sum]) => sql`${money(sql`coalesce(sum(${sql.ref(`x.${column}`)} * x.share), 0)`)} as ${sql.id(sum)}`);
  const query = sql<BreakdownRaw>`
    with s as (${settings(userId)}),
         o as (${rangeOrders(userId, from, to)}),
         ${isSku ? shares : sql``}
         x as (select ${key} as key, ${isSku ? sql`coalesce(sh.share, 1)` : sql`1::numeric`} as share, ${isSku ? sql`sh.title` : sql`null::text`} as title, o.* ${grouped})
    select x.key, ${name} as name, ${sql.join(sums)}, ${orderCounts(isSku)}, (select s.currency from s) as currency
      from x
     group by x.key
     order by coalesce(round(sum(x.profit_net_profit * x.share), 2), 0), x.key
     limit ${first}`;
  const { rows } = await inTransaction(em, (db) => query.execute(db));
  return {
    currency: currencyOf(rows),
    rows: rows.map((r) => ({ key: r.key, label: labelOf(by, r.key, r.name), ...toMoney(r), ...toCounts(r) })),
  };
}

/** Each ad account's spend of each date of from..to, with its figure in the seller's currency. */
export async function adSpendDays(em: EntityManager, userId: string, from: string, to: string): Promise<InSellerCurrency<AdSpendRow>> {
  const query = sql<AdSpendRaw>`
    with s as (${settings(userId)}),
         sp as (${convertedSpend(userId, from, to)})
    select to_char(sp.date, 'YYYY-MM-DD') as date, sp.provider_id, sp.account_id, sp.channel_account_id::text as channel_account_id,
           sp.spend::text as spend, sp.currency, sp.converted::text as converted, sp.impressions::text as impressions, sp.clicks::text as clicks,
           (select s.currency from s) as seller_currency
      from sp
     order by sp.date, sp.provider_id, sp.account_id`;
  const { rows } = await inTransaction(em, (db) => query.execute(db));
  return {
    currency: rows[0]?.seller_currency ?? SETTINGS_DEFAULTS.currency,
    rows: rows.map((r) => ({
      date: r.date,
      providerId: r.provider_id,
      accountId: r.account_id,
      channelAccountId: r.channel_account_id,
      spend: r.spend,
      currency: r.currency,
      converted: r.converted,
      impressions: r.impressions === null ? null : Number(r.impressions),
      clicks: r.clicks === null ? null : Number(r.clicks),
    })),
  };
}

interface DayRaw extends MoneyRaw, CountsRaw {
  date: string;
  cac: string | null;
  roas: number | null;
  poas: number | null;
  ad_spend_incomplete: boolean;
  currency: string;
}

interface BreakdownRaw extends MoneyRaw, CountsRaw {
  key: string;
  name: string | null;
  currency: string;
}

interface AdSpendRaw {
  date: string;
  provider_id: string;
  account_id: string;
  channel_account_id: string | null;
  spend: string;
  currency: string;
  converted: string | null;
  impressions: string | null;
  clicks: string | null;
  seller_currency: string;
}

/** Every row carries the seller's currency; without rows it does not matter (no money to show). */
const currencyOf = (rows: Array<{ currency: string }>): string => rows[0]?.currency ?? SETTINGS_DEFAULTS.currency;
