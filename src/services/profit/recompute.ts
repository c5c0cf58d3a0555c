import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { z } from 'zod';
import type { OrderStatus, PaymentMethod, ShipmentStatus } from '../../domain/enums.js';
import { DEFAULT_RATE_CARD } from '../../domain/rate-card.js';
import type { Logger } from '../../logger.js';
import { rateCardSchema } from '../rate-card.js';
import { allocateAdSpend } from './ad-allocation.js';
import { channelTraits, type ChannelTraits } from './channel-traits.js';
import { daySpend } from './day-spend.js';
import { byKeyInDateOrder, groupBy, inForce } from './in-force.js';
import { paiseOf } from './money.js';
import {
  orderFigures,
  withAdSpend,
  type LineFacts,
  type OrderFacts,
  type OrderProfitFigures,
  type ParcelFacts,
  type ProfitRules,
  type SkuCost,
} from './order-profit.js';
import { dayBounds, SETTINGS_DEFAULTS } from './seller-days.js';
import { markEveryDayStale } from './stale-days.js';

/** A batch's bounds: a week of days, or about this many orders (a day is never split). */
const MAX_DAYS = 7;
const MAX_ORDERS = 5_000;

/** What one recompute did. */
export interface RecomputeResult {
  days: number;
  orders: number;
}

// The rows the loads read: numbers as text, so no amount passes through a double.
interface SettingsRow {
  currency: string;
  timezone: string;
  commission_rates: unknown;
  gateway_fee_rates: unknown;
  gateway_fee_percent: string | null;
  cod_fee: string;
  default_gst_percent: string;
  rate_card: unknown;
}
interface OrderRow {
  id: string;
  day: string;
  provider_id: string;
  status: OrderStatus;
  payment_method: PaymentMethod;
  currency: string;
  item_subtotal: string | null;
  discounts: string | null;
  shipping_charged: string | null;
  tax: string | null;
  total: string | null;
  channel_fees: string | null;
  payment_gateway: string | null;
  payment_fees: string | null;
  prices_include_unstated_tax: boolean;
  fulfilled_by_channel: boolean;
  customer_pincode: string | null;
}
interface ItemRow {
  order_id: string;
  sku: string;
  quantity: number;
  unit_price: string | null;
  discount: string | null;
  status: OrderStatus | null;
}
interface ShipmentRow {
  order_id: string;
  status: ShipmentStatus;
  shipping_cost: string | null;
  rto_cost: string | null;
  charges_estimated: boolean;
  weight_grams: number | null;
  destination_pincode: string | null;
}
interface CostRow {
  sku: string;
  effectiveFrom: string;
  cost: string;
  currency: string;
  gstPercent: string | null;
}
interface RateRow {
  currency: string;
  effectiveFrom: string;
  rate: string;
}
interface SpendRow {
  date: string;
  spend: string;
  currency: string;
}

/** Percent rates keyed by a name; a number typed by hand is read as its decimal text. */
const rates = z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).catch({});

/** The seller's rules from their settings row, or the defaults without one (the entity's). */
function rulesOf(row: SettingsRow | undefined): ProfitRules {
  const d = SETTINGS_DEFAULTS;
  return {
    currency: row?.currency ?? d.currency,
    commissionRates: rates.parse(row?.commission_rates ?? d.commissionRates),
    gatewayFeeRates: rates.parse(row?.gateway_fee_rates ?? d.gatewayFeeRates),
    gatewayFeePercent: row ? row.gateway_fee_percent : (d.gatewayFeePercent ?? null),
    codFee: row?.cod_fee ?? d.codFee,
    defaultGstPercent: row?.default_gst_percent ?? d.defaultGstPercent,
    rateCard: row?.rate_card ? rateCardSchema.parse(row.rate_card) : DEFAULT_RATE_CARD,
  };
}

/**
 * Recomputes the profit of every order on the seller's stale days, batch by batch, each batch one
 * transaction (on `em`, a forUser EntityManager: every statement runs as the seller, behind
 * row-level security): take up to a week of stale days (`for update skip locked`: two workers
 * never take the same day), load their orders, lines, parcels, the costs and rates in force and
 * the days' ad spend in a few set-based statements, compute with the pure rules, write every
 * order's profit in one statement, take the days off the stale list. Until no stale day is left,
 * or another worker holds the rest.
 */
export async function recomputeStaleDays(em: EntityManager, userId: string, log: Logger): Promise<RecomputeResult> {
  const started = Date.now();
  const done: RecomputeResult = { days: 0, orders: 0 };
  for (;;) {
    const batch = await em.transactional((tx) => recomputeBatch(tx.getKysely(), userId));
    if (!batch) break;
    done.days += batch.days;
    done.orders += batch.orders;
    if (batch.held) {
      // A writer holds some of the batch's orders: their days stay stale, for the next run
      // (the writer's own mark wakes it); taking them again now would only spin.
      log.info({ days: batch.held }, 'profit days left stale: their orders are being written');
      break;
    }
  }
  if (done.days) log.info({ days: done.days, orders: done.orders, ms: Date.now() - started }, 'profit recomputed');
  return done;
}

/** Every day of the seller's computed again (their settings changed). */
export async function recomputeEverything(em: EntityManager, userId: string, log: Logger): Promise<RecomputeResult> {
  await em.transactional((tx) => markEveryDayStale(tx, userId));
  return recomputeStaleDays(em, userId, log);
}

/** One batch; undefined when no stale day is free to take. `held`: days left stale because a writer holds their orders. */
async function recomputeBatch(db: ReturnType<EntityManager['getKysely']>, userId: string): Promise<(RecomputeResult & { held: number }) | undefined> {
  const user = sql`${userId}::uuid`;
  const { rows: candidates } = await sql<{ day: string }>`
    select s.day::text as day from profit_stale_days s where s.user_id = ${user} order by s.day limit ${MAX_DAYS} for update skip locked`.execute(db);
  if (!candidates.length) return undefined;

  // Read after the days are locked, in a statement of its own (a snapshot of its own): a change of
  // settings marks every day, so once it commits its days are free to take and its settings are seen here.
  const { rows: settingsRows } = await sql<SettingsRow>`
    select currency, timezone, commission_rates, gateway_fee_rates, gateway_fee_percent::text, cod_fee::text, default_gst_percent::text, rate_card
    from profit_settings where user_id = ${user}`.execute(db);
  const rules = rulesOf(settingsRows[0]);
  const tz = settingsRows[0]?.timezone ?? SETTINGS_DEFAULTS.timezone;

  // The days to take: the earliest stale ones, as many as fit in MAX_ORDERS (at least one).
  const { rows: taken } = await sql<{ day: string; orders: number }>`
    with bounds as materialized (${dayBounds(sql`select unnest(${candidates.map((c) => c.day)}::date[])`, sql`${tz}::text`)})
    select b.day::text as day,
      (select count(*)::int from orders o where o.user_id = ${user} and o.ordered_at >= b.lo and o.ordered_at < b.hi) as orders
    from bounds b order by b.day`.execute(db);
  const days: string[] = [];
  let count = 0;
  for (const t of taken) {
    if (days.length && count + t.orders > MAX_ORDERS) break;
    days.push(t.day);
    count += t.orders;
  }
  const lastDay = days[days.length - 1]!;

  // The days' orders by an ordered_at range per day (the index (user_id, ordered_at, id)).
  const { rows: orderRows } = await sql<OrderRow>`
    with bounds as materialized (${dayBounds(sql`select unnest(${days}::date[])`, sql`${tz}::text`)})
    select o.id, b.day::text as day, o.provider_id, o.status, o.payment_method, o.currency,
      o.item_subtotal::text, o.discounts::text, o.shipping_charged::text, o.tax::text, o.total::text, o.channel_fees::text,
      o.payment_gateway, o.payment_fees::text, o.prices_include_unstated_tax, o.fulfilled_by_channel, o.customer_pincode
    from bounds b join orders o on o.user_id = ${user} and o.ordered_at >= b.lo and o.ordered_at < b.hi`.execute(db);
  const ids = orderRows.map((o) => o.id);

  // One after the other: a transaction is one connection, so running them together would gain nothing.
  const { rows: itemRows } = await sql<ItemRow>`
    select order_id, sku, quantity, unit_price::text, discount::text, status
    from order_items where user_id = ${user} and order_id = any(${ids}::uuid[])`.execute(db);
  const { rows: shipmentRows } = await sql<ShipmentRow>`
    select order_id, status, shipping_cost::text, rto_cost::text, charges_estimated, weight_grams, destination_pincode
    from shipments where user_id = ${user} and order_id = any(${ids}::uuid[])`.execute(db);
  const skus = [...new Set(itemRows.map((i) => i.sku))];
  const { rows: costRows } = await sql<CostRow>`
    select sku, effective_from::text as "effectiveFrom", cost::text, currency, gst_percent::text as "gstPercent"
    from product_costs where user_id = ${user} and sku = any(${skus}::text[]) and effective_from <= ${lastDay}::date`.execute(db);
  const { rows: rateRows } = await sql<RateRow>`
    select currency, effective_from::text as "effectiveFrom", rate::text
    from exchange_rates where user_id = ${user} and effective_from <= ${lastDay}::date`.execute(db);
  const { rows: spendRows } = await sql<SpendRow>`
    select date::text, spend::text, currency from ad_spend_daily where user_id = ${user} and date = any(${days}::date[])`.execute(db);

  const figures = computeDays({ days, rules, orderRows, itemRows, shipmentRows, costRows, rateRows, spendRows });

  // Every order's profit in one statement, its rows one JSON parameter (PostgreSQL parses it
  // faster than node-postgres escapes a dozen arrays). Only the orders whose figures changed are
  // locked and rewritten (after a change of settings most are not: no new row version, no index
  // entries). An order a writer holds is skipped, never waited for (the writer may be waiting for
  // this batch's day rows, stale-days.ts): the statement returns those, and their days stay stale.
  const { rows: held } = await sql<{ id: string }>`
    with v as (
      select * from json_to_recordset(${JSON.stringify(figures.map(asColumns))}::json)
        as v(id uuid, revenue numeric, gst numeric, cogs numeric, channel_fees numeric, payment_fees numeric, shipping_cost numeric,
          rto_cost numeric, ad_spend numeric, net_profit numeric, flags text[], sources jsonb)
    ), differs as materialized (
      select o.id from orders o join v on v.id = o.id
      where o.user_id = ${user} and (o.profit_revenue, o.profit_gst, o.profit_cogs, o.profit_channel_fees, o.profit_payment_fees, o.profit_shipping_cost,
          o.profit_rto_cost, o.profit_ad_spend, o.profit_net_profit, o.profit_flags, o.profit_sources, o.profit_currency)
        is distinct from (v.revenue, v.gst, v.cogs, v.channel_fees, v.payment_fees, v.shipping_cost, v.rto_cost, v.ad_spend, v.net_profit,
          v.flags, v.sources, ${rules.currency}::varchar)
    ), free as (
      select o.id from orders o join differs d on d.id = o.id where o.user_id = ${user} for update of o skip locked
    ), changed as (
      update orders o set
        profit_revenue = v.revenue, profit_gst = v.gst, profit_cogs = v.cogs, profit_channel_fees = v.channel_fees,
        profit_payment_fees = v.payment_fees, profit_shipping_cost = v.shipping_cost, profit_rto_cost = v.rto_cost,
        profit_ad_spend = v.ad_spend, profit_net_profit = v.net_profit, profit_flags = v.flags, profit_sources = v.sources,
        profit_currency = ${rules.currency}, profit_computed_at = now()
      from v join free f on f.id = v.id
      where o.user_id = ${user} and o.id = v.id
    )
    select d.id from differs d where not exists (select 1 from free f where f.id = d.id)`.execute(db);

  const heldIds = new Set(held.map((h) => h.id));
  const heldDays = new Set(orderRows.filter((o) => heldIds.has(o.id)).map((o) => o.day));
  const finished = days.filter((d) => !heldDays.has(d));
  if (finished.length) {
    await sql`delete from profit_stale_days where user_id = ${user} and day = any(${finished}::date[])`.execute(db);
  }
  return { days: finished.length, orders: orderRows.filter((o) => !heldDays.has(o.day)).length, held: heldDays.size };
}

/** The loaded rows of a batch of days. */
interface BatchRows {
  days: string[];
  rules: ProfitRules;
  orderRows: OrderRow[];
  itemRows: ItemRow[];
  shipmentRows: ShipmentRow[];
  costRows: CostRow[];
  rateRows: RateRow[];
  spendRows: SpendRow[];
}

/** Every order's profit of the batch's days, from its rows (pure: the engine's rules, day by day). */
function computeDays(batch: BatchRows): Array<OrderProfitFigures & { id: string }> {
  const items = groupBy(batch.itemRows, (i) => i.order_id);
  const parcels = groupBy(batch.shipmentRows, (s) => s.order_id);
  const costs = byKeyInDateOrder(batch.costRows, (c) => c.sku);
  const rateHistory = byKeyInDateOrder(batch.rateRows, (r) => r.currency);
  const spendByDay = groupBy(batch.spendRows, (s) => s.date);
  const ordersByDay = groupBy(batch.orderRows, (o) => o.day);
  const traits = new Map<string, ChannelTraits>();
  const out: Array<OrderProfitFigures & { id: string }> = [];

  for (const day of batch.days) {
    const rates = new Map<string, string>();
    for (const [currency, history] of rateHistory) {
      const rate = inForce(history, day);
      if (rate) rates.set(currency, rate.rate);
    }
    const dayCosts = new Map<string, SkuCost>();
    const orders = ordersByDay.get(day) ?? [];
    const dayFigures = orders.map((row) => {
      const lines = items.get(row.id) ?? [];
      for (const line of lines) {
        if (dayCosts.has(line.sku)) continue;
        const cost = inForce(costs.get(line.sku), day);
        if (cost) dayCosts.set(line.sku, { cost: cost.cost, currency: cost.currency, gstPercent: cost.gstPercent });
      }
      let channel = traits.get(row.provider_id);
      if (!channel) traits.set(row.provider_id, (channel = channelTraits(row.provider_id)));
      return { id: row.id, figures: orderFigures(factsOf(row, lines, parcels.get(row.id) ?? []), channel, batch.rules, { costs: dayCosts, rates }) };
    });
    const spend = daySpend(spendByDay.get(day) ?? [], batch.rules.currency, rates);
    const shares = allocateAdSpend(
      spend.paise,
      dayFigures.map((o) => ({ orderId: o.id, revenuePaise: paiseOf(o.figures.revenue) })),
    );
    for (const o of dayFigures) out.push({ id: o.id, ...withAdSpend(o.figures, shares.get(o.id) ?? 0n, spend.incomplete) });
  }
  return out;
}

/** An order's figures as the update's JSON rows name them. */
const asColumns = (p: OrderProfitFigures & { id: string }) => ({
  id: p.id,
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

function factsOf(row: OrderRow, lines: ItemRow[], parcels: ShipmentRow[]): OrderFacts {
  return {
    id: row.id,
    providerId: row.provider_id,
    status: row.status,
    paymentMethod: row.payment_method,
    currency: row.currency,
    itemSubtotal: row.item_subtotal,
    discounts: row.discounts,
    shippingCharged: row.shipping_charged,
    tax: row.tax,
    total: row.total,
    channelFees: row.channel_fees,
    paymentGateway: row.payment_gateway,
    paymentFees: row.payment_fees,
    pricesIncludeUnstatedTax: row.prices_include_unstated_tax,
    customerPincode: row.customer_pincode,
    fulfilledByChannel: row.fulfilled_by_channel,
    items: lines.map((l): LineFacts => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unit_price, discount: l.discount, status: l.status })),
    shipments: parcels.map((s): ParcelFacts => ({
      status: s.status,
      shippingCost: s.shipping_cost,
      rtoCost: s.rto_cost,
      chargesEstimated: s.charges_estimated,
      weightGrams: s.weight_grams,
      destinationPincode: s.destination_pincode,
    })),
  };
}
