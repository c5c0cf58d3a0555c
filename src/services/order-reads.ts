import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { inTransaction } from '../db/tenant-filter.js';
import { Order, OrderItem, Shipment, type OrderStatus } from '../domain/index.js';
import { rowsOf, type RowOf } from './entity-rows.js';

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

/** What an order read answers with (the API's Order), as the Order entity declares each column. */
const ORDER_READ = [
  'id',
  'channelAccount',
  'providerId',
  'externalId',
  'orderNumber',
  'status',
  'paymentMethod',
  'currency',
  'orderedAt',
  'total',
  'profit',
] as const;
/** And of each of its lines. */
const ITEM_READ = ['sku', 'title', 'quantity', 'unitPrice'] as const;

export type OrderItemRow = RowOf<OrderItem, (typeof ITEM_READ)[number]>;
export type OrderRow = RowOf<Order, (typeof ORDER_READ)[number]> & {
  /** Only when asked for. */
  items?: OrderItemRow[];
};

const orderRows = rowsOf(Order, ORDER_READ);
const itemRows = rowsOf(OrderItem, ITEM_READ);

function conditions(userId: string, filter: OrderFilterInput | undefined): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`o.user_id = ${userId}::uuid`];
  if (filter?.providerId) where.push(sql`o.provider_id = ${filter.providerId}`);
  if (filter?.channelAccountId) where.push(sql`o.channel_account_id = ${filter.channelAccountId}::uuid`);
  if (filter?.status) where.push(sql`o.status = ${filter.status}::order_status`);
  if (filter?.from) where.push(sql`o.ordered_at >= ${filter.from}`);
  if (filter?.to) where.push(sql`o.ordered_at < ${filter.to}`);
  return where;
}

async function selectOrders(em: EntityManager, where: RawBuilder<unknown>[], limit: number, withItems: boolean): Promise<OrderRow[]> {
  const [orders, items] = [orderRows(em), itemRows(em)];
  // The lines as one JSON array per order: one statement for the page and its lines.
  const lines = sql`coalesce((
      select json_agg(${items.json('i')} order by i.external_line_id)
        from order_items i where i.order_id = o.id and i.user_id = o.user_id), '[]'::json) as items`;
  const query = sql<Record<string, unknown> & { items?: unknown[][] }>`
    select ${withItems ? sql`${lines},` : sql``} ${orders.select('o')}
      from orders o
     where ${sql.join(where, sql` and `)}
     order by o.ordered_at desc, o.id desc
     limit ${limit}`;
  const { rows } = await inTransaction(em, (db) => query.execute(db));
  return rows.map((r) => ({ ...orders.toRow(r), items: r.items?.map(items.fromJson) }));
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
  const { rows } = await inTransaction(em, (db) => query.execute(db));
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
