import { z } from 'zod';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, CommonOrder, OrderPage, StockLevel, SyncSession } from '../types.js';
import { bulkBackfill, bulkCursorShape, BulkUnavailable } from './bulk.js';
import { AdminGraphql, MAX_QUERY_COST, shopifyApi } from './client.js';
import { normalizeOrder } from './normalize.js';
import {
  inventoryResponse,
  itemLevelsResponse,
  itemStockResponse,
  orderLinesResponse,
  orderResponse,
  ordersResponse,
  type ShopifyInventoryLevel,
  type ShopifyLineItem,
  type ShopifyOrder,
  TRANSACTION_FIELDS,
} from './payloads.js';

/*
 * Requested cost (docs/providers.md §1.11): a scalar or enum 0, an object 1 (a list of objects counts
 * as one object), a connection 2 + `first` × one node. Page sizes are worked out from these so
 * every query stays under the 1000-point cap.
 */
const MONEY = 'shopMoney { amount }';
/** A MoneyBag and its MoneyV2. */
const MONEY_COST = 2;

const LINE_FIELDS = `id sku name quantity currentQuantity originalUnitPriceSet { ${MONEY} }
  discountAllocations { allocatedAmountSet { ${MONEY} } } taxLines { rate priceSet { ${MONEY} } }`;
/** The line (1), its price (2), its allocations (1 + 2) and its tax lines (1 + 2). */
const COST_PER_LINE = 1 + MONEY_COST + (1 + MONEY_COST) + (1 + MONEY_COST);
/** Most orders have one to three lines; an order with more pages on through MoreLines. */
const LINES_PER_ORDER = 3;
const REFUND_LINES = 5;
/** An order's payments: its sale or capture, refunds, the odd failed try; more than ten is not expected. */
const TRANSACTIONS = 10;
/** The transactions' list (1, a list of objects counting as one), their fees' list (1) and the fee's two MoneyV2 (1 + 1). */
const TRANSACTIONS_COST = 1 + 1 + 1 + 1;

const ORDER_FIELDS = `id legacyResourceId name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus returnStatus
      currencyCode paymentGatewayNames taxesIncluded
      currentTotalPriceSet { ${MONEY} } currentSubtotalPriceSet { ${MONEY} } currentShippingPriceSet { ${MONEY} } currentTotalTaxSet { ${MONEY} }
      shippingLine { discountedPriceSet { ${MONEY} } taxLines { rate priceSet { ${MONEY} } } }
      shippingAddress { city province zip }
      refunds(first: 10) { refundLineItems(first: ${REFUND_LINES}) { nodes { restockType } } }
      fulfillments(first: 10) { id displayStatus trackingInfo(first: 1) { company number } }
      transactions(first: ${TRANSACTIONS}) { ${TRANSACTION_FIELDS} }
      lineItems(first: ${LINES_PER_ORDER}) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }`;

const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $q: String) {
  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_FIELDS} }
  }
}`;
/**
 * One order: itself (1), four MoneyBags, the shipping line (1 + its price 2 + its tax lines
 * 1 + 2), the address (1), the refunds (1 + their lines' connection 2 + 5 × 1), the
 * fulfilments (1 + their tracking 1), the transactions (4) and the lines' connection (2 +
 * pageInfo 1 + its lines).
 */
const COST_PER_ORDER =
  1 + 4 * MONEY_COST + (1 + MONEY_COST + 1 + MONEY_COST) + 1 + (1 + 2 + REFUND_LINES) + (1 + 1) + TRANSACTIONS_COST + (2 + 1 + LINES_PER_ORDER * COST_PER_LINE);
/** The orders connection itself: 2 + its pageInfo 1. */
const PAGE_SIZE = Math.floor((MAX_QUERY_COST - 3) / COST_PER_ORDER);

const MORE_LINES = 100;
const MORE_LINES_QUERY = `query MoreLines($id: ID!, $after: String) {
  order(id: $id) { lineItems(first: ${MORE_LINES}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } } }
}`;
const MORE_LINES_COST = 1 + 2 + 1 + MORE_LINES * COST_PER_LINE;

const LEVEL_FIELDS = 'updatedAt location { id name } quantities(names: ["on_hand"]) { name quantity }';
/** A level (1), its location (1) and its quantities (1). */
const COST_PER_LEVEL = 3;
/** Levels asked with each item; a shop with more locations pages on through MoreLevels. */
const LEVELS_PER_ITEM = 10;
/** An item (1) and its levels' connection (2 + pageInfo 1 + its levels). */
const COST_PER_ITEM = 1 + 2 + 1 + LEVELS_PER_ITEM * COST_PER_LEVEL;
const ITEMS_PER_PAGE = Math.floor((MAX_QUERY_COST - 3) / COST_PER_ITEM);
const INVENTORY_QUERY = `query Inventory($first: Int!, $after: String) {
  inventoryItems(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id sku tracked inventoryLevels(first: ${LEVELS_PER_ITEM}) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_FIELDS} } } }
  }
}`;
const MORE_LEVELS = 100;
const MORE_LEVELS_QUERY = `query MoreLevels($id: ID!, $after: String) {
  inventoryItem(id: $id) { inventoryLevels(first: ${MORE_LEVELS}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_FIELDS} } } }
}`;
const MORE_LEVELS_COST = 1 + 2 + 1 + MORE_LEVELS * COST_PER_LEVEL;

/** The requested cost of each query Sutra sends, for the tests that hold them under the cap. */
export const QUERY_COSTS = {
  orders: PAGE_SIZE * COST_PER_ORDER + 3,
  moreLines: MORE_LINES_COST,
  inventory: ITEMS_PER_PAGE * COST_PER_ITEM + 3,
  moreLevels: MORE_LEVELS_COST,
};
export const SHOPIFY_QUERIES = { ORDERS_QUERY, MORE_LINES_QUERY, INVENTORY_QUERY, MORE_LEVELS_QUERY, PAGE_SIZE, ITEMS_PER_PAGE, LINES_PER_ORDER };

const cursorShape = z.object({ from: z.string(), after: z.string().optional(), seen: z.string().optional(), bulk: bulkCursorShape.optional() });
type Cursor = z.infer<typeof cursorShape>;

/** A window of more orders than this many pages is read by a bulk operation (docs/providers.md §1.9, §1.11). */
const BULK_FROM_PAGES = 4;
const COUNT_QUERY = `query OrdersCount($q: String, $limit: Int) { ordersCount(query: $q, limit: $limit) { count precision } }`;
const countAnswer = z.object({ data: z.object({ ordersCount: z.object({ count: z.number().int() }).nullable() }) });

/**
 * Admin GraphQL orders updated since the cursor, sorted by update time. A shop's first sync,
 * and any window holding more than a few pages, is a bulk operation (bulk.ts); should the app
 * have no bulk access, or for a small window, pages are read instead: sized to stay under the
 * 1000-point query cap, each query waiting until the shop's leaky bucket holds its cost, so the
 * sync uses the whole budget without being throttled.
 */
export const shopifyOrders: CommerceConnector = {
  inventory: (session) => shopifyInventory(session),
  async *pages(session) {
    const api = new AdminGraphql(session);
    const cursor = startFrom(session, cursorShape, (from): Cursor => ({ from }));
    if (cursor.bulk || (!cursor.after && (await wantsBulk(api, session, cursor.from)))) {
      try {
        yield* bulkBackfill(api, session, cursor.from, cursor.bulk);
        return;
      } catch (err) {
        if (!(err instanceof BulkUnavailable)) throw err;
      }
    }
    yield* pagedOrders(api, { from: cursor.from, after: cursor.after, seen: cursor.seen });
  },
};

/** A first sync (no saved cursor, no window asked), or a window of more than a few pages (Shopify's ordersCount). */
async function wantsBulk(api: AdminGraphql, session: SyncSession, from: string): Promise<boolean> {
  if (!session.cursor && !session.since) return true;
  const limit = BULK_FROM_PAGES * PAGE_SIZE;
  const body = await api.query(COUNT_QUERY, { q: `updated_at:>='${from}'`, limit }, 1);
  return (shopifyApi.parse(countAnswer, body, 'the orders count').data.ordersCount?.count ?? 0) >= limit;
}

async function* pagedOrders(api: AdminGraphql, start: Cursor): AsyncGenerator<OrderPage> {
  let cursor = start;
  for (;;) {
    const body = await api.query(ORDERS_QUERY, { first: PAGE_SIZE, after: cursor.after ?? null, q: `updated_at:>='${cursor.from}'` }, QUERY_COSTS.orders);
    const { pageInfo, nodes } = shopifyApi.parse(ordersResponse, body, 'the orders query').data.orders;
    const orders = [];
    for (const node of nodes) orders.push(normalizeOrder(node, await allLines(api, node)));
    const seen = latest(
      cursor.seen,
      nodes.map((n) => n.updatedAt),
    );
    if (pageInfo.hasNextPage && pageInfo.endCursor) {
      cursor = { from: cursor.from, after: pageInfo.endCursor, seen };
      yield { orders, cursor: JSON.stringify(cursor), done: false };
    } else {
      yield { orders, cursor: JSON.stringify({ from: restingPoint(seen, cursor.from) }), done: true };
      return;
    }
  }
}

/** A connection as Shopify answers it: a page of nodes and where the next one starts. */
interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * All of a connection that came nested in its parent with only its first page: the rest is
 * asked for one page at a time (`next` answers undefined when the parent is gone meanwhile).
 */
async function allOf<T>(first: Connection<T>, next: (after: string | null) => Promise<Connection<T> | undefined>): Promise<T[]> {
  const nodes = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const more = await next(page.endCursor ?? null);
    if (!more) break;
    nodes.push(...more.nodes);
    page = more.pageInfo;
  }
  return nodes;
}

/** An order's lines: the first three came with the order; an order with more pages on. */
function allLines(api: AdminGraphql, order: ShopifyOrder): Promise<ShopifyLineItem[]> {
  return allOf(order.lineItems, async (after) => {
    const body = await api.query(MORE_LINES_QUERY, { id: order.id, after }, MORE_LINES_COST);
    return shopifyApi.parse(orderLinesResponse, body, 'the order lines query').data.order?.lineItems;
  });
}

/**
 * Every tracked SKU's on-hand stock at each Shopify location (docs/providers.md §1.8). An item's
 * levels are a connection: an item stocked at more locations than came with it pages on.
 */
export async function* shopifyInventory(session: SyncSession): AsyncGenerator<StockLevel[]> {
  const api = new AdminGraphql(session);
  let after: string | null = null;
  for (;;) {
    const body = await api.query(INVENTORY_QUERY, { first: ITEMS_PER_PAGE, after }, QUERY_COSTS.inventory);
    const { pageInfo, nodes } = shopifyApi.parse(inventoryResponse, body, 'the inventory query').data.inventoryItems;
    const stock: StockLevel[] = [];
    for (const item of nodes) {
      if (!item.tracked || !item.sku) continue;
      const levels = await allOf(item.inventoryLevels, async (levelsAfter) => {
        const more = await api.query(MORE_LEVELS_QUERY, { id: item.id, after: levelsAfter }, MORE_LEVELS_COST);
        return shopifyApi.parse(itemLevelsResponse, more, 'the stock levels query').data.inventoryItem?.inventoryLevels;
      });
      stock.push(...levels.map((level) => stockLevel(item.sku!, level)));
    }
    yield stock;
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    after = pageInfo.endCursor;
  }
}

const ORDER_QUERY = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const ITEM_STOCK_QUERY = `query ItemStock($id: ID!) {
  inventoryItem(id: $id) { id sku tracked inventoryLevels(first: ${LEVELS_PER_ITEM}) { pageInfo { hasNextPage endCursor } nodes { ${LEVEL_FIELDS} } } }
}`;

/** One order as it is now (a refund's order, read again: docs/providers.md §1.7), or undefined when the shop has no such order. */
export async function fetchShopifyOrder(session: SyncSession, legacyId: string): Promise<CommonOrder | undefined> {
  const api = new AdminGraphql(session);
  const body = await api.query(ORDER_QUERY, { id: `gid://shopify/Order/${legacyId}` }, COST_PER_ORDER);
  const order = shopifyApi.parse(orderResponse, body, 'the order query').data.order;
  return order ? normalizeOrder(order, await allLines(api, order)) : undefined;
}

/**
 * One inventory item's on-hand stock at each location (inventory_levels/update names the item,
 * not its SKU: docs/providers.md §1.8); nothing for an untracked item or one without a SKU.
 */
export async function fetchShopifyItemStock(session: SyncSession, inventoryItemId: string): Promise<StockLevel[]> {
  const api = new AdminGraphql(session);
  const body = await api.query(ITEM_STOCK_QUERY, { id: `gid://shopify/InventoryItem/${inventoryItemId}` }, COST_PER_ITEM);
  const item = shopifyApi.parse(itemStockResponse, body, 'the stock query').data.inventoryItem;
  if (!item?.tracked || !item.sku) return [];
  const levels = await allOf(item.inventoryLevels, async (after) => {
    const more = await api.query(MORE_LEVELS_QUERY, { id: item.id, after }, MORE_LEVELS_COST);
    return shopifyApi.parse(itemLevelsResponse, more, 'the stock levels query').data.inventoryItem?.inventoryLevels;
  });
  return levels.map((level) => stockLevel(item.sku!, level));
}

function stockLevel(sku: string, level: ShopifyInventoryLevel): StockLevel {
  return {
    sku,
    locationId: level.location.id.split('/').at(-1)!,
    locationName: level.location.name,
    onHand: level.quantities.find((q) => q.name === 'on_hand')?.quantity ?? 0,
    updatedAt: new Date(level.updatedAt),
  };
}
