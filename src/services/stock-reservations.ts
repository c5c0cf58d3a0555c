import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderStatus } from '../domain/enums.js';
import type { CommonOrder } from '../providers/types.js';

/**
 * How order lines hold the seller's stock. A line holds its quantity from when it is seen until
 * it leaves: while it waits to ship (PENDING, CONFIRMED, PACKED) from the seller's own stock. A
 * line that shipped, came back or was cancelled holds nothing (the stock a channel reports drops
 * when goods leave, so a reservation kept past shipping would take the same units twice), nor
 * does a line the channel ships from its own warehouse (Amazon FBA, Flipkart FBF).
 *
 * A reservation is counted in one level: the seller's level of its SKU with the most units free,
 * among the levels whose stock was read from a channel. While no stock of the SKU has been read
 * the reservation waits with no warehouse, counted nowhere, and is placed when a level is read
 * (placeWaitingReservations). A level's reserved count is always the sum of its open reservations.
 */
export const HOLDING: readonly OrderStatus[] = [OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PACKED];

// Any constant shared by every Sutra process; with the user it names the advisory lock below.
const STOCK_LOCK = 7_374_202;

/**
 * Order pages reserve under a shared lock of the seller's stock, so they run side by side; a stock
 * read places waiting reservations under an exclusive one, taken before it touches any level. So
 * a page never reads a reservation as waiting while a stock read places it (which would count it
 * twice), and neither waits for the other while holding a level it needs.
 */
export async function lockStock(em: EntityManager, userId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  await sql`select ${lock}(${STOCK_LOCK}::int, hashtext(${userId}))`.execute(em.getKysely());
}

/** The lines of a page the channel ships from its own stock, and the others, as arrays per column (the shape `unnest` takes). */
export function pageLines(orders: CommonOrder[], orderIds: ReadonlyMap<string, string>) {
  const lines = orders.flatMap((o) => {
    const id = orderIds.get(o.externalId);
    return id ? o.items.map((i) => ({ orderId: id, lineId: i.externalLineId, byChannel: o.fulfilledBy === 'CHANNEL' })) : [];
  });
  return { orderId: lines.map((l) => l.orderId), lineId: lines.map((l) => l.lineId), byChannel: lines.map((l) => l.byChannel) };
}

/**
 * One reservation per line of the page that holds stock, of the line's quantity now: a line whose
 * quantity changed (a Shopify refund of some units) moves its reservation with it, and a line of
 * these orders that stopped holding stock has its reservation released. A line the page does not
 * carry (another part of a Flipkart order) is reserved by the page that does, and only released
 * here. Levels' reserved counts move by exactly what changed, so concurrent pages of one seller
 * add up instead of overwriting. Idempotent: a replayed page changes nothing.
 */
export async function reserveStock(em: EntityManager, userId: string, orderIds: string[], lines: ReturnType<typeof pageLines>): Promise<void> {
  await lockStock(em, userId, 'shared');
  await sql`
    with page_lines as (
      select order_id, external_line_id, bool_or(by_channel) as by_channel
      from unnest(${lines.orderId}::uuid[], ${lines.lineId}::text[], ${lines.byChannel}::bool[]) as x(order_id, external_line_id, by_channel)
      group by order_id, external_line_id
    ), page_items as (
      select i.id, i.sku, i.quantity, f.order_id is not null as in_page,
        coalesce(i.status, o.status) = any(${HOLDING}::order_status[]) and not coalesce(f.by_channel, false) as holds
      from orders o
      -- Looked up order by order: see assembleFromLines (order-assembly.ts) for the fence.
      cross join lateral (select id, sku, quantity, status, external_line_id from order_items where order_id = o.id offset 0) i
      left join page_lines f on f.order_id = o.id and f.external_line_id = i.external_line_id
      where o.id = any(${orderIds}::uuid[])
    ), held as (
      -- What each line held before this statement (every part of one statement sees the same snapshot).
      select r.order_item_id, r.warehouse_id, r.quantity from inventory_reservations r join page_items p on r.order_item_id = p.id where r.released_at is null
    ), best as (
      select distinct on (l.sku) l.sku, l.warehouse_id
      from (select distinct sku from page_items where in_page and holds) s
      join inventory_levels l on l.user_id = ${userId}::uuid and l.sku = s.sku and l.on_hand is not null
      join warehouses w on w.id = l.warehouse_id
      order by l.sku, l.on_hand - l.reserved desc, w.code
    ), reserved as (
      insert into inventory_reservations (id, user_id, order_item_id, warehouse_id, sku, quantity, created_at)
      select gen_random_uuid(), ${userId}::uuid, p.id, b.warehouse_id, p.sku, p.quantity, now()
      from page_items p left join best b on b.sku = p.sku
      where p.in_page and p.holds
      -- A waiting reservation is placed as soon as its line is written again with a level to go to.
      on conflict (order_item_id) do update set
        quantity = excluded.quantity, warehouse_id = coalesce(inventory_reservations.warehouse_id, excluded.warehouse_id)
        where inventory_reservations.released_at is null
          and (inventory_reservations.quantity <> excluded.quantity or (inventory_reservations.warehouse_id is null and excluded.warehouse_id is not null))
      returning order_item_id, warehouse_id, sku, quantity
    ), released as (
      update inventory_reservations r set released_at = now()
      from page_items p
      where r.order_item_id = p.id and not p.holds and r.released_at is null
      returning r.warehouse_id, r.sku, r.quantity
    ), moves as (
      select warehouse_id, sku, quantity as q from reserved
      union all select h.warehouse_id, r.sku, -h.quantity from reserved r join held h using (order_item_id)
      union all select warehouse_id, sku, -quantity from released
    ), delta as (
      select warehouse_id, sku, sum(q)::int as change from moves where warehouse_id is not null group by warehouse_id, sku
    ), locked as (
      -- Levels locked in one order, so two pages moving the same levels cannot deadlock.
      select l.id, d.change from inventory_levels l join delta d using (warehouse_id, sku)
      where d.change <> 0
      order by l.warehouse_id, l.sku
      for update of l
    )
    update inventory_levels l set reserved = l.reserved + k.change, updated_at = now() from locked k where l.id = k.id
  `.execute(em.getKysely());
}

/**
 * Places the seller's waiting reservations of these SKUs now that their stock was read: each in
 * the level of its SKU with the most units free, whose reserved count grows by it. Run by the stock
 * read, after it wrote its levels, under the exclusive stock lock (lockStock).
 */
export async function placeWaitingReservations(em: EntityManager, userId: string, skus: string[]): Promise<void> {
  await sql`
    with best as (
      select distinct on (l.sku) l.sku, l.warehouse_id
      from inventory_levels l join warehouses w on w.id = l.warehouse_id
      where l.user_id = ${userId}::uuid and l.sku = any(${skus}::text[]) and l.on_hand is not null
      order by l.sku, l.on_hand - l.reserved desc, w.code
    ), placed as (
      update inventory_reservations r set warehouse_id = b.warehouse_id
      from best b
      where r.user_id = ${userId}::uuid and r.sku = b.sku and r.warehouse_id is null and r.released_at is null
      returning r.warehouse_id, r.sku, r.quantity
    ), delta as (
      select warehouse_id, sku, sum(quantity)::int as change from placed group by warehouse_id, sku
    )
    update inventory_levels l set reserved = l.reserved + d.change, updated_at = now()
    from delta d where l.warehouse_id = d.warehouse_id and l.sku = d.sku and d.change <> 0
  `.execute(em.getKysely());
}
