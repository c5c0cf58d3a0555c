import type { EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { Order, OrderItem } from '../domain/index.js';
import type { CommonOrder, CommonOrderItem } from '../providers/types.js';
import type { PageTarget } from './sync/page-target.js';

/**
 * What a sync writes into each column of orders and order_items: the one list. The entities
 * (domain/order.ts, domain/order-item.ts) declare each column's name and type, and the bulk
 * statements (order-persistence.ts, order-assembly.ts) take from here their column lists,
 * their `unnest` arrays and casts and their conflict updates, so a new column is the entity's
 * property, its migration and one line below. The types make the list whole: a property of
 * the entity that is not declared here does not compile.
 */

/** What every row of a page shares: whose it is, and the sync job writing it. */
export interface PageValues extends PageTarget {
  jobId: string | null;
}

type Value = string | number | boolean | null;

/**
 * How the parts of an order a channel delivers in parts (order-assembly.ts) make a stored
 * column. An order that arrives whole replaces every column but its identity with the newer copy's.
 */
export type PartRule =
  /** Names the order: written when it is first stored, never changed after. */
  | 'identity'
  /** The first part's stays. */
  | 'first'
  /** A part that knows it fills it in; one that does not leaves it as it was. */
  | 'fill'
  /**
   * Like 'fill', for whole copies too: some copies of an order cannot know it (a Shopify webhook
   * carries no transactions, so no payment fees), and one that does not leaves it as it was.
   */
  | 'known'
  /** The earliest of the parts'. */
  | 'earliest'
  /** The latest of the parts'. */
  | 'latest'
  /** Computed from all of the order's stored lines (the rule in order-assembly.ts gives a column of this name); the part's own while it has no line. */
  | 'lines'
  /** Only a whole copy knows it (a part's figure is the part's, not the order's): a part leaves it unknown. */
  | 'whole';

/** How a later copy meets a stored line. */
export type LineRule =
  /** Names the line within its order: never changed. */
  | 'identity'
  /** A newer copy's replaces it. */
  | 'replace'
  /** Only the lines of orders delivered in parts carry it (a newer part's replaces it); a whole order's lines leave it empty. */
  | 'parts';

/** A column's value: the same for every row of the page, or each row's own. */
export interface Column<Row, Rule> {
  rule: Rule;
  page?: (p: PageValues) => Value;
  each?: (row: Row) => Value;
}

/** One line of a page, with its order. */
export interface PageLine {
  order: CommonOrder;
  line: CommonOrderItem;
}

/**
 * The properties a sync does not write: the bookkeeping every row has (id, timestamps), an
 * order's computed profit, the marketplace's fees (read from its finances after the orders,
 * services/order-fees.ts, so an order's next copy leaves them), the collections.
 */
type OrderNotSynced = 'id' | 'createdAt' | 'updatedAt' | 'profit' | 'channelFees' | 'items' | 'shipments';
type ItemNotSynced = 'id' | 'createdAt' | 'updatedAt' | 'order';

const page = <Row, Rule>(value: (p: PageValues) => Value, rule: Rule): Column<Row, Rule> => ({ rule, page: value });
const each = (value: (o: CommonOrder) => Value, rule: PartRule): Column<CommonOrder, PartRule> => ({ rule, each: value });
const line = (value: (l: CommonOrderItem, o: CommonOrder) => Value, rule: LineRule): Column<PageLine, LineRule> => ({
  rule,
  each: (r) => value(r.line, r.order),
});

/** The columns of orders, by the Order entity's property. */
export const ORDER_COLUMNS: { readonly [K in Exclude<keyof Order, OrderNotSynced>]: Column<CommonOrder, PartRule> } = {
  user: page((p) => p.userId, 'identity'),
  channelAccount: page((p) => p.channelAccountId, 'identity'),
  providerId: page((p) => p.providerId, 'identity'),
  externalId: each((o) => o.externalId, 'identity'),
  orderNumber: each((o) => o.orderNumber ?? null, 'fill'),
  status: each((o) => o.status, 'lines'),
  rawStatus: each((o) => o.rawStatus, 'lines'),
  paymentMethod: each((o) => o.paymentMethod, 'first'),
  currency: each((o) => o.currency, 'first'),
  orderedAt: each((o) => o.orderedAt.toISOString(), 'earliest'),
  sourceUpdatedAt: each((o) => o.updatedAt.toISOString(), 'latest'),
  itemSubtotal: each((o) => o.itemSubtotal, 'lines'),
  discounts: each((o) => o.discounts, 'lines'),
  shippingCharged: each((o) => o.shippingCharged, 'lines'),
  tax: each((o) => o.tax, 'lines'),
  total: each((o) => o.total, 'lines'),
  paymentGateway: each((o) => o.paymentGateway ?? null, 'known'),
  paymentFees: each((o) => o.paymentFees ?? null, 'known'),
  pricesIncludeUnstatedTax: each((o) => o.pricesIncludeUnstatedTax ?? false, 'first'),
  fulfilledByChannel: each((o) => o.fulfilledBy === 'CHANNEL', 'first'),
  customerCity: each((o) => o.customer.city ?? null, 'fill'),
  customerState: each((o) => o.customer.state ?? null, 'fill'),
  customerPincode: each((o) => o.customer.pincode ?? null, 'fill'),
  lastSyncJobId: page((p) => p.jobId, 'fill'),
};

/** The columns of order_items, by the OrderItem entity's property (the order's id is the statement's: it is known once the order is written). */
export const ORDER_ITEM_COLUMNS: { readonly [K in Exclude<keyof OrderItem, ItemNotSynced>]: Column<PageLine, LineRule> } = {
  user: page((p) => p.userId, 'identity'),
  externalLineId: line((l) => l.externalLineId, 'identity'),
  sku: line((l) => l.sku, 'replace'),
  title: line((l) => l.title, 'replace'),
  quantity: line((l) => l.quantity, 'replace'),
  unitPrice: line((l) => l.unitPrice, 'replace'),
  discount: line((l) => l.discount, 'replace'),
  tax: line((l) => l.tax, 'replace'),
  status: line((l) => l.status ?? null, 'parts'),
  rawStatus: line((l) => l.rawStatus ?? null, 'parts'),
  shipping: line((l) => l.shipping ?? '0.00', 'parts'),
  sourceUpdatedAt: line((_, o) => o.updatedAt.toISOString(), 'parts'),
};

/** A declared column with its name and type in the table, read from the entity. */
export interface TableColumn<Row, Rule> extends Column<Row, Rule> {
  name: string;
  /** The column's type without its modifiers (numeric, not numeric(14,2)): what the statements' arrays are cast to, so the column's own checks apply when the row is stored. */
  type: string;
}

const resolved = new WeakMap<EntityMetadata, unknown>();

function tableColumns<Row, Rule>(meta: EntityMetadata, declared: Readonly<Record<string, Column<Row, Rule>>>): Array<TableColumn<Row, Rule>> {
  const known = resolved.get(meta) as Array<TableColumn<Row, Rule>> | undefined;
  if (known) return known;
  const columns = Object.entries(declared).map(([property, column]) => {
    const prop = meta.properties[property as never] as { fieldNames: string[]; columnTypes: string[] };
    return { ...column, name: prop.fieldNames[0]!, type: prop.columnTypes[0]!.replace(/\(.*\)$/, '') };
  });
  resolved.set(meta, columns);
  return columns;
}

export const orderColumns = (em: EntityManager) => tableColumns(em.getMetadata().get(Order), ORDER_COLUMNS);
export const orderItemColumns = (em: EntityManager) => tableColumns(em.getMetadata().get(OrderItem), ORDER_ITEM_COLUMNS);

/** The order a line belongs to, by its external id: the first column of the lines' `unnest`, to join them to their orders by. */
export const ORDER_KEY = { name: 'order_external_id', type: 'text', value: (r: PageLine) => r.order.externalId };

/** The orders' status column (Order.status): a channel's word that gives way to the seller's courier (courier-order-status.ts). */
export const STATUS = 'status';

/** A newer copy of a whole order, or of a line, replaces each column but its identity (and what it does not know, 'known'). */
export const fromNewerCopy = (c: { rule: PartRule | LineRule; name: string }): RawBuilder<unknown> | undefined =>
  c.rule === 'identity'
    ? undefined
    : c.rule === 'known'
      ? sql`coalesce(${sql.ref(`excluded.${c.name}`)}, ${sql.ref(`orders.${c.name}`)})`
      : sql.ref(`excluded.${c.name}`);

/** `a, b, c`: the columns' names. */
export const columnNames = (columns: Array<{ name: string }>): RawBuilder<unknown> => sql.join(columns.map((c) => sql.id(c.name)));

/** `alias.a, alias.b`: the columns of a relation. */
export const columnsOf = (alias: string, columns: Array<{ name: string }>): RawBuilder<unknown> => sql.join(columns.map((c) => sql.ref(`${alias}.${c.name}`)));

/**
 * The rows' values of the columns each row has its own value of, as one array per column
 * (the shape `unnest` takes): `unnest($1::text[], …) as alias(a, …)`. `key`: a first column
 * of the rows' own, not stored (the order a line belongs to).
 */
export function unnestRows<Row>(
  alias: string,
  columns: Array<TableColumn<Row, unknown>>,
  rows: Row[],
  key?: { name: string; type: string; value: (row: Row) => Value },
): RawBuilder<unknown> {
  const own = columns.filter((c) => c.each);
  const all = [...(key ? [key] : []), ...own.map((c) => ({ name: c.name, type: c.type, value: c.each! }))];
  const arrays = all.map((c) => sql`${rows.map(c.value)}::${sql.raw(c.type)}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.id(alias)}(${sql.join(all.map((c) => sql.id(c.name)))})`;
}

/** The values to store, in the order of the columns: the page's own (a parameter), or `value` of the column (by default the unnested one, `alias.name`). */
export function columnValues<Row, Rule>(
  columns: Array<TableColumn<Row, Rule>>,
  values: PageValues,
  value: (c: TableColumn<Row, Rule>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql.join(columns.map((c) => (c.page ? sql`${c.page(values)}::${sql.raw(c.type)}` : value(c))));
}

/** `a = …, b = …`: a conflict's update of the columns that have one. */
export function columnUpdates<Row, Rule>(
  columns: Array<TableColumn<Row, Rule>>,
  update: (c: TableColumn<Row, Rule>) => RawBuilder<unknown> | undefined,
): RawBuilder<unknown> {
  const sets = columns.flatMap((c) => {
    const value = update(c);
    return value ? [sql`${sql.id(c.name)} = ${value}`] : [];
  });
  return sql.join(sets);
}
