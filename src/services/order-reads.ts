import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { inTransaction } from '../db/tenant-filter.js';
import { Shipment, type OrderStatus, type PaymentMethod } from '../domain/index.js';

/**
 * The reads behind `orders` and `order`, each one query and each only when the answer
 * needs it: the page, its lines, its shipments, the total count. A big seller's page used
 * to load every order's collections as entities and count all orders on every request;
 * profiled under 50 concurrent clients, entity hydration and its garbage were most of the
 * time. Pages are read as plain rows, their lines in the same statement when asked for.
 *
 * Plain SQL does not pass through the ORM's tenant filter, so every statement here takes
 * the user's id and filters on it itself; the signatures make a caller name the user. The
 * database's row-level security holds the same line; it needs the user named to the
 * transaction (inTransaction: `em` is the user's).
 */

export interface OrderFilterInput {
  providerId?: string;
  channelAccountId?: string;
  status?: OrderStatus;
  from?: Date;
  to?: Date;
}

export interface OrderRow {
  id: string;
  channelAccountId: string;
  providerId: string;
  externalId: string;
  orderNumber: string | null;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  currency: string;
  orderedAt: Date;
  total: string | null;
  /** Only when asked for. */
  items?: OrderItemRow[];
  profit: {
    revenue: string | null;
    cogs: string | null;
    channelFees: string | null;
    paymentFees: string | null;
    shippingCost: string | null;
    rtoCost: string | null;
    adSpend: string | null;
    netProfit: string | null;
    computedAt: Date;
  } | null;
}

export interface OrderItemRow {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: string | null;
}

// Timestamps as ISO text: the ORM's pool hands timestamptz over as PostgreSQL's own text.
const iso = (column: RawBuilder<unknown>) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function conditions(userId: string, filter: OrderFilterInput | undefined): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`o.user_id = ${userId}::uuid`];
  if (filter?.providerId) where.push(sql`o.provider_id = ${filter.providerId}`);
  if (filter?.channelAccountId) where.push(sql`o.channel_account_id = ${filter.channelAccountId}::uuid`);
  if (filter?.status) where.push(sql`o.status = ${filter.status}::order_status`);
  if (filter?.from) where.push(sql`o.ordered_at >= ${filter.from}`);
  if (filter?.to) where.push(sql`o.ordered_at < ${filter.to}`);
  return where;
}

interface PageRow {
  id: string;
  channel_account_id: string;
  provider_id: string;
  external_id: string;
  order_number: string | null;
  status: OrderStatus;
  payment_method: PaymentMethod;
  currency: string;
  ordered_at: string;
  total: string | null;
  profit_revenue: string | null;
  profit_cogs: string | null;
  profit_channel_fees: string | null;
  profit_payment_fees: string | null;
  profit_shipping_cost: string | null;
  profit_rto_cost: string | null;
  profit_ad_spend: string | null;
  profit_net_profit: string | null;
  profit_computed_at: string | null;
  /** [sku, title, quantity, unit price as text], in line order. */
  items?: Array<[string, string, number, string | null]>;
}

function toOrderRow(r: PageRow): OrderRow {
  return {
    id: r.id,
    channelAccountId: r.channel_account_id,
    providerId: r.provider_id,
    externalId: r.external_id,
    orderNumber: r.order_number,
    status: r.status,
    paymentMethod: r.payment_method,
    currency: r.currency,
    orderedAt: new Date(r.ordered_at),
    total: r.total,
    items: r.items?.map(([sku, title, quantity, unitPrice]) => ({ sku, title, quantity, unitPrice })),
    profit: r.profit_computed_at
      ? {
          revenue: r.profit_revenue,
          cogs: r.profit_cogs,
          channelFees: r.profit_channel_fees,
          paymentFees: r.profit_payment_fees,
          shippingCost: r.profit_shipping_cost,
          rtoCost: r.profit_rto_cost,
          adSpend: r.profit_ad_spend,
          netProfit: r.profit_net_profit,
          computedAt: new Date(r.profit_computed_at),
        }
      : null,
  };
}

// The lines as one JSON array per order: one statement for the page and its lines. Amounts
// as text, so they stay exact strings.
const ITEMS = sql`coalesce((
    select json_agg(json_build_array(i.sku, i.title, i.quantity, i.unit_price::text) order by i.external_line_id)
      from order_items i where i.order_id = o.id and i.user_id = o.user_id), '[]'::json) as items`;

async function selectOrders(em: EntityManager, where: RawBuilder<unknown>[], limit: number, withItems: boolean): Promise<OrderRow[]> {
  const query = sql<PageRow>`
    select ${withItems ? sql`${ITEMS},` : sql``} o.id, o.channel_account_id, o.provider_id, o.external_id, o.order_number,
           o.status, o.payment_method, o.currency,
           ${iso(sql`o.ordered_at`)} as ordered_at, o.total,
           o.profit_revenue, o.profit_cogs, o.profit_channel_fees, o.profit_payment_fees, o.profit_shipping_cost,
           o.profit_rto_cost, o.profit_ad_spend, o.profit_net_profit, ${iso(sql`o.profit_computed_at`)} as profit_computed_at
      from orders o
     where ${sql.join(where, sql` and `)}
     order by o.ordered_at desc, o.id desc
     limit ${limit}`;
  const { rows } = await inTransaction(em, (tx) => query.execute(tx.getKysely()));
  return rows.map(toOrderRow);
}

/** Newest first, keyset-paged on (orderedAt, id): `size` orders after the cursor, and whether more follow. */
export async function orderPage(
  em: EntityManager,
  userId: string,
  page: { filter?: OrderFilterInput; size: number; after?: { at: Date; id: string }; withItems: boolean },
): Promise<{ orders: OrderRow[]; hasNextPage: boolean }> {
  const { filter, size, after, withItems } = page;
  const where = conditions(userId, filter);
  // A row comparison, which the (user_id, ordered_at, id) index serves directly.
  if (after) where.push(sql`(o.ordered_at, o.id) < (${after.at}, ${after.id}::uuid)`);
  const rows = await selectOrders(em, where, size + 1, withItems);
  return { orders: rows.slice(0, size), hasNextPage: rows.length > size };
}

export async function findOrder(em: EntityManager, userId: string, id: string, withItems: boolean): Promise<OrderRow | undefined> {
  const [row] = await selectOrders(em, [sql`o.user_id = ${userId}::uuid`, sql`o.id = ${id}::uuid`], 1, withItems);
  return row;
}

export async function countOrders(em: EntityManager, userId: string, filter: OrderFilterInput | undefined): Promise<number> {
  const query = sql<{ n: number }>`select count(*)::int as n from orders o where ${sql.join(conditions(userId, filter), sql` and `)}`;
  const { rows } = await inTransaction(em, (tx) => query.execute(tx.getKysely()));
  return rows[0]!.n;
}

function byOrder<T>(rows: T[], orderId: (row: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const id = orderId(row);
    if (!id) continue;
    const list = map.get(id);
    if (list) list.push(row);
    else map.set(id, [row]);
  }
  return map;
}

/**
 * The shipments of these orders in one query (and their scans in one more, when asked
 * for): few per order and rarely asked for in a list, so read through the ORM (em is the user's).
 */
export async function shipmentsByOrder(em: EntityManager, orderIds: string[], withEvents: boolean): Promise<Map<string, Shipment[]>> {
  if (!orderIds.length) return new Map();
  const rows = await em.find(Shipment, { order: { $in: orderIds } }, { orderBy: { createdAt: 'asc', id: 'asc' }, populate: withEvents ? ['events'] : [] });
  return byOrder(rows, (s) => s.order?.id);
}
