import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommonOrder } from '../providers/types.js';
import { writeChannelShipments, type ShipmentChange } from './channel-shipments.js';
import { orderStatusOverChannelSql } from './courier-order-status.js';
import { mergeParts, writeParts } from './order-assembly.js';
import {
  columnNames,
  columnUpdates,
  columnValues,
  fromNewerCopy,
  ORDER_KEY,
  orderColumns,
  orderItemColumns,
  STATUS,
  unnestRows,
  type PageValues,
} from './order-columns.js';
import { pageLines, reserveStock } from './stock-reservations.js';
import type { PageTarget } from './sync/page-target.js';

export interface PageCounts {
  created: number;
  updated: number;
  /** Orders older than the copy already stored (a late page or a replay); left as they were. */
  unchanged: number;
}

/** What one page's write did: its counts, and the parcels that are new or changed status (to tell subscribers once it commits). */
export interface PageWrite extends PageCounts {
  shipmentChanges: ShipmentChange[];
}

/**
 * Writes one page of orders in bulk: one statement upserts the orders and their lines, a
 * second reserves the seller's stock for the lines waiting to ship from it, or releases it
 * (stock-reservations.ts), moving levels' reserved counts by exactly what changed. Orders a
 * channel delivers in parts (`partial`) are merged line by line (order-assembly.ts); the
 * channel's shipments become Shipment rows. Run inside the page's transaction, beside the
 * cursor save, so a crash leaves either all of it or none. Idempotent: a replayed page
 * changes nothing and reserves nothing twice.
 *
 * `job`: the sync job writing, marked on each order it writes, and the orders it had already
 * written before this page (ordersSeenBy): those are not counted as updated a second time.
 */
export async function writeOrderPage(
  em: EntityManager,
  target: PageTarget,
  page: CommonOrder[],
  job?: { id: string; alreadySeen: ReadonlySet<string> },
): Promise<PageWrite> {
  if (!page.length) return { created: 0, updated: 0, unchanged: 0, shipmentChanges: [] };
  // These statements take milliseconds, but while a long import outgrows the tables'
  // statistics PostgreSQL's estimates for them pass jit_above_cost, and compiling them then
  // took ten times longer than running them (700 ms for a 50 ms statement at 100,000 orders).
  await sql`set local jit = off`.execute(em.getKysely());
  const wholeCopies = page.filter((o) => !o.partial);
  const whole = newestCopies(wholeCopies);
  const parts = page.filter((o) => o.partial);
  const wholeRows = await writeWholeOrders(em, target, whole, job?.id);
  const partRows = parts.length ? await writeParts(em, target, parts, job?.id) : [];
  const rows = [...wholeRows, ...partRows];
  // The rest finds the orders by the ids just written: by channel and external id, each
  // statement read every order of the account, more with every page of a long import.
  const orderIds = new Map(rows.map((r) => [r.external_id, r.id]));
  const written = new Set(wholeRows.map((r) => r.external_id));
  const shipmentChanges = await writeChannelShipments(em, target, [...whole.filter((o) => written.has(o.externalId)), ...mergeParts(parts)], orderIds);
  await reserveStock(
    em,
    target.userId,
    rows.map((r) => r.id),
    pageLines([...whole.filter((o) => written.has(o.externalId)), ...parts], orderIds),
  );

  const created = rows.filter((r) => r.inserted).length;
  const updated = rows.filter((r) => !r.inserted && !job?.alreadySeen.has(r.external_id)).length;
  return { created, updated, unchanged: wholeCopies.length - wholeRows.length, shipmentChanges };
}

/** Of these orders, those the job already wrote (a later part or copy of them is not news). */
export async function ordersSeenBy(em: EntityManager, target: PageTarget, jobId: string, externalIds: string[]): Promise<Set<string>> {
  // One index lookup per order: see assembleFromLines (order-assembly.ts) for the fence.
  const rows = await sql<{ external_id: string }>`
    select o.external_id from unnest(${externalIds}::text[]) as e(external_id)
    cross join lateral (
      select external_id from orders
      where channel_account_id = ${target.channelAccountId}::uuid and external_id = e.external_id and last_sync_job_id = ${jobId}::uuid
      offset 0
    ) o
  `.execute(em.getKysely());
  return new Set(rows.rows.map((r) => r.external_id));
}

/**
 * Orders that arrive whole: an older copy than the stored one changes nothing, and a newer
 * one's status gives way to what the seller's courier established (courier-order-status.ts).
 */
async function writeWholeOrders(
  em: EntityManager,
  target: PageTarget,
  orders: CommonOrder[],
  jobId?: string,
): Promise<Array<{ id: string; external_id: string; inserted: boolean }>> {
  if (!orders.length) return [];
  const values: PageValues = { ...target, jobId: jobId ?? null };
  const columns = orderColumns(em);
  const itemColumns = orderItemColumns(em).filter((c) => c.rule !== 'parts');
  const lines = orders.flatMap((order) => order.items.map((line) => ({ order, line })));
  const written = await sql<{ id: string; external_id: string; inserted: boolean }>`
    with o as (
      insert into orders (id, ${columnNames(columns)})
      select gen_random_uuid(), ${columnValues(columns, values, (c) => sql.ref(`x.${c.name}`))}
      from ${unnestRows('x', columns, orders)}
      on conflict (channel_account_id, external_id) do update set
        ${columnUpdates(columns, (c) => (c.name === STATUS ? orderStatusOverChannelSql(sql.ref('excluded.status'), { id: sql.ref('orders.id'), userId: sql.ref('orders.user_id') }) : fromNewerCopy(c)))},
        updated_at = now()
      where orders.source_updated_at <= excluded.source_updated_at
      returning id, external_id, (xmax = 0) as inserted
    ), i as (
      insert into order_items (id, order_id, ${columnNames(itemColumns)})
      select gen_random_uuid(), o.id, ${columnValues(itemColumns, values, (c) => sql.ref(`y.${c.name}`))}
      from ${unnestRows('y', itemColumns, lines, ORDER_KEY)}
      join o on o.external_id = y.order_external_id
      on conflict (order_id, external_line_id) do update set
        ${columnUpdates(itemColumns, fromNewerCopy)}
      returning 1
    )
    -- PostgreSQL runs every data-modifying CTE (i included) whether or not it is read.
    select id, external_id, inserted from o
  `.execute(em.getKysely());
  return written.rows;
}

/**
 * One copy per order, the most recently updated: an order updated while a sync pages can
 * appear twice, and one upsert statement may not touch a row twice.
 */
function newestCopies(orders: CommonOrder[]): CommonOrder[] {
  const newest = new Map<string, CommonOrder>();
  for (const o of orders) {
    const seen = newest.get(o.externalId);
    if (!seen || seen.updatedAt <= o.updatedAt) newest.set(o.externalId, o);
  }
  return newest.size === orders.length ? orders : [...newest.values()];
}
