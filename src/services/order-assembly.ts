import { sql, type RawBuilder } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommonOrder, CommonOrderItem } from '../providers/types.js';
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
  type PartRule,
  type TableColumn,
} from './order-columns.js';
import { orderStatusOverChannelSql } from './courier-order-status.js';
import type { PageTarget } from './sync/page-target.js';

/**
 * Orders a channel delivers in parts. A Flipkart order arrives one shipment at a time: on
 * different pages, in different searches (one line cancelled, the other dispatched), in
 * different syncs, and from the returns API. Each part carries some of the order's lines;
 * the stored order is the union of every line seen, and its status and totals are computed
 * from all of its stored lines, never from the part that happened to come last.
 */

/**
 * The status and totals of orders from their lines, as a query over `lines`: the name of a
 * relation with the columns order_key, status, raw_status, unit_price, quantity, discount,
 * shipping and tax (one row per line), giving one row per order_key with the orders' columns
 * it computes, by their names in orders (the columns order-columns.ts declares 'lines'). The
 * one rule, applied both to stored lines (assembleFromLines) and to the lines of a new order
 * as they are written (writeParts), so the two cannot disagree.
 *
 * - Counted lines: those still with the buyer (not cancelled, returned or RTO); when none
 *   is, the lines that went out and came back; when every line was cancelled, all of them.
 *   So a two-line order with one line cancelled is worth its other line.
 * - Status: every line cancelled → CANCELLED; every line that was not cancelled came back
 *   → RTO (RETURNED if the buyer sent any back); otherwise the least advanced state of the
 *   lines still with the buyer (one line packed, one shipped → PACKED).
 * - An amount a counted line does not know yet leaves the order's amount unknown (null).
 */
function assembly(lines: string): string {
  const stages = `array['PENDING','CONFIRMED','PACKED','SHIPPED','DELIVERED']`;
  const counted = `case
      when f.all_cancelled then true
      when f.none_live then i.status <> 'CANCELLED'
      else i.status not in ('CANCELLED', 'RETURNED', 'RTO') end`;
  const total = (expr: string) => `case when bool_or(${expr} is null) filter (where ${counted}) then null
      else coalesce(sum(${expr}) filter (where ${counted}), 0) end`;
  return `
    select *, item_subtotal - discounts + shipping_charged + tax as total from (
    select f.order_key, f.raw_status,
      case
        when f.all_cancelled then 'CANCELLED'
        when f.none_live and f.any_returned then 'RETURNED'
        when f.none_live then 'RTO'
        else (${stages})[f.least_stage]
      end as status,
      ${total('i.unit_price * i.quantity')} as item_subtotal,
      ${total('i.discount')} as discounts,
      ${total('i.shipping')} as shipping_charged,
      ${total('i.tax')} as tax
    from (
      select order_key,
        string_agg(distinct raw_status, ',' order by raw_status) as raw_status,
        bool_and(status = 'CANCELLED') as all_cancelled,
        bool_and(status in ('CANCELLED', 'RETURNED', 'RTO')) as none_live,
        bool_or(status = 'RETURNED') as any_returned,
        min(array_position(${stages}, status::text)) filter (where status not in ('CANCELLED', 'RETURNED', 'RTO')) as least_stage
      from ${lines} group by order_key
    ) f
    join ${lines} i on i.order_key = f.order_key
    group by f.order_key, f.raw_status, f.all_cancelled, f.none_live, f.any_returned, f.least_stage
    ) a`;
}

/** The orders' columns the rule computes, as it gives them (text, for a status). */
const assembled = <Row>(c: TableColumn<Row, PartRule>) => sql`${sql.ref(`l.${c.name}`)}::${sql.raw(c.type)}`;

/**
 * The statement that computes the status and totals of the orders `orderIds` (an SQL
 * expression of type uuid[]) from their stored lines (the rule: `assembly`); the status gives
 * way to what the seller's courier established (courier-order-status.ts).
 */
export function assembleFromLines(em: EntityManager, orderIds: RawBuilder<unknown>): RawBuilder<unknown> {
  // Each order's lines are looked up by its id (the fence, `offset 0`, keeps the planner from
  // turning the lookups into a scan of every stored line, which it does while a long import
  // has outgrown the table's statistics).
  return sql`
  with stored_lines as (
    select k.id as order_key, i.status, i.raw_status, i.unit_price, i.quantity, i.discount, i.shipping, i.tax
    from (select distinct id from unnest(${orderIds}) as ids(id)) k
    cross join lateral (select * from order_items where order_id = k.id offset 0) i
  )
  update orders o set ${columnUpdates(
    orderColumns(em).filter((c) => c.rule === 'lines'),
    (c) => (c.name === STATUS ? orderStatusOverChannelSql(assembled(c), { id: sql.ref('o.id'), userId: sql.ref('o.user_id') }) : assembled(c)),
  )}, updated_at = now()
  from (${sql.raw(assembly('stored_lines'))}) l
  where o.id = l.order_key`;
}

/**
 * The parts of one order met in one page become one copy: every line (the newest copy of
 * each), every shipment, the earliest order time and the newest copy's order fields. One
 * upsert statement may not touch a row twice.
 */
export function mergeParts(parts: CommonOrder[]): CommonOrder[] {
  const byOrder = new Map<string, CommonOrder>();
  for (const part of parts) {
    const seen = byOrder.get(part.externalId);
    if (!seen) {
      byOrder.set(part.externalId, part);
      continue;
    }
    const [older, newer] = seen.updatedAt <= part.updatedAt ? [seen, part] : [part, seen];
    const lines = new Map<string, CommonOrderItem>(older.items.map((i) => [i.externalLineId, i]));
    for (const line of newer.items) lines.set(line.externalLineId, line);
    const shipments = new Map([...(older.shipments ?? []), ...(newer.shipments ?? [])].map((s) => [s.externalId, s]));
    byOrder.set(part.externalId, {
      ...newer,
      orderedAt: older.orderedAt < newer.orderedAt ? older.orderedAt : newer.orderedAt,
      customer: { ...older.customer, ...Object.fromEntries(Object.entries(newer.customer).filter(([, v]) => v !== undefined)) },
      items: [...lines.values()],
      shipments: [...shipments.values()],
    });
  }
  return [...byOrder.values()];
}

/**
 * Writes parts of orders: the order row (created on its first part; later parts only fill
 * in what the order itself carries), the part's lines (a line older than the stored one is
 * left alone), then the order's status and totals from all of its stored lines.
 *
 * An order this statement creates has no lines but the ones it writes, so its status and
 * totals are computed from them as it is inserted; only orders that were already stored are
 * computed again from their stored lines, by a second statement. (Updating every order right
 * after inserting it wrote each order twice, with all its indexes: a quarter of PostgreSQL's
 * time in a profile of a 20,000-order Flipkart import.)
 */
export async function writeParts(
  em: EntityManager,
  target: PageTarget,
  parts: CommonOrder[],
  jobId?: string,
): Promise<Array<{ id: string; external_id: string; inserted: boolean }>> {
  const orders = mergeParts(parts);
  const values: PageValues = { ...target, jobId: jobId ?? null };
  const columns = orderColumns(em).filter((c) => c.rule !== 'whole');
  const itemColumns = orderItemColumns(em);
  const lines = orders.flatMap((order) => order.items.map((line) => ({ order, line })));
  const db = em.getKysely();

  const written = await sql<{ id: string; external_id: string; inserted: boolean }>`
    with y as (
      select * from ${unnestRows('y', itemColumns, lines, ORDER_KEY)}
    ), new_lines as (
      -- The lines as they will be stored (amounts to the paisa), for the orders this statement creates.
      select order_external_id as order_key, status, raw_status, unit_price::numeric(14,2) as unit_price, quantity,
        discount::numeric(14,2) as discount, shipping::numeric(14,2) as shipping, tax::numeric(14,2) as tax
      from y
    ), l as (${sql.raw(assembly('new_lines'))}
    ), o as (
      insert into orders (id, ${columnNames(columns)})
      select gen_random_uuid(), ${columnValues(columns, values, (c) => {
        const part = sql.ref(`x.${c.name}`);
        return c.rule === 'lines' ? sql`case when l.order_key is null then ${part} else ${assembled(c)} end` : part;
      })}
      from ${unnestRows('x', columns, orders)}
      left join l on l.order_key = x.external_id
      on conflict (channel_account_id, external_id) do update set
        ${columnUpdates(columns, fromLaterPart)}, updated_at = now()
      returning id, external_id, (xmax = 0) as inserted
    ), i as (
      insert into order_items (id, order_id, ${columnNames(itemColumns)})
      select gen_random_uuid(), o.id, ${columnValues(itemColumns, values, (c) => sql.ref(`y.${c.name}`))}
      from y
      join o on o.external_id = y.order_external_id
      on conflict (order_id, external_line_id) do update set
        ${columnUpdates(itemColumns, fromNewerCopy)}
      where order_items.source_updated_at is null or order_items.source_updated_at <= excluded.source_updated_at
      returning 1
    )
    select id, external_id, inserted from o
  `.execute(db);

  // A separate statement: it must see the lines the statement above wrote.
  const stored = written.rows.filter((r) => !r.inserted).map((r) => r.id);
  if (stored.length) await assembleFromLines(em, sql`${stored}::uuid[]`).execute(db);
  return written.rows;
}

/** How a later part meets the stored order, by the column's rule (order-columns.ts); the columns its lines make are computed after. */
function fromLaterPart(c: TableColumn<CommonOrder, PartRule>): RawBuilder<unknown> | undefined {
  const [stored, part] = [sql.ref(`orders.${c.name}`), sql.ref(`excluded.${c.name}`)];
  switch (c.rule) {
    case 'fill':
    case 'known':
      return sql`coalesce(${part}, ${stored})`;
    case 'earliest':
      return sql`least(${stored}, ${part})`;
    case 'latest':
      return sql`greatest(${stored}, ${part})`;
    case 'identity':
    case 'first':
    case 'lines':
    case 'whole':
      return undefined;
  }
}
