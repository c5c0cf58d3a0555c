import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus, type HttpClient, type HttpResult } from '../http.js';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, StockLevel, SyncSession } from '../types.js';
import { adminGraphqlUrl } from './client.js';
import { normalizeOrder } from './normalize.js';
import { costExtension, graphqlErrors, inventoryResponse, orderLinesResponse, ordersResponse, type ShopifyLineItem, type ShopifyOrder, type ThrottleStatus } from './payloads.js';

/** Shopify refuses any single query whose requested cost exceeds this (REFERENCE.md §1.11). */
const MAX_QUERY_COST = 1000;
const LINES_PER_ORDER = 5;
/**
 * Requested cost of one order node below: the order (1), five MoneyBags (2 each), the
 * address (1), and the lines connection (2 + its pageInfo 1 + 5 × (line 1 + 2 MoneyBags × 2)).
 */
const COST_PER_ORDER = 1 + 5 * 2 + 1 + (2 + 1 + LINES_PER_ORDER * 5);
const PAGE_SIZE = Math.floor((MAX_QUERY_COST - 3) / COST_PER_ORDER);
const MAX_THROTTLED_TRIES = 20;

const MONEY = 'shopMoney { amount }';
const LINE_FIELDS = `id sku name quantity originalUnitPriceSet { ${MONEY} } discountedTotalSet { ${MONEY} }`;
const ORDERS_QUERY = `query Orders($first: Int!, $after: String, $q: String) {
  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus currencyCode paymentGatewayNames
      totalPriceSet { ${MONEY} } subtotalPriceSet { ${MONEY} } totalShippingPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalDiscountsSet { ${MONEY} }
      shippingAddress { city province zip }
      lineItems(first: ${LINES_PER_ORDER}) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } }
    }
  }
}`;
const MORE_LINES_QUERY = `query MoreLines($id: ID!, $after: String) {
  order(id: $id) { lineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${LINE_FIELDS} } } }
}`;

const LEVELS_PER_ITEM = 10;
/** Requested cost of one inventory item: the item (1), its levels connection (2 + 10 × (level 1 + location 1 + quantities 1)). */
const COST_PER_ITEM = 1 + 2 + LEVELS_PER_ITEM * 3;
const ITEMS_PER_PAGE = Math.floor((MAX_QUERY_COST - 3) / COST_PER_ITEM);
const INVENTORY_QUERY = `query Inventory($first: Int!, $after: String) {
  inventoryItems(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id sku tracked
      inventoryLevels(first: ${LEVELS_PER_ITEM}) { nodes { updatedAt location { id name } quantities(names: ["on_hand"]) { name quantity } } } }
  }
}`;

const cursorShape = z.object({ from: z.string(), after: z.string().optional(), seen: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;

/**
 * Admin GraphQL orders updated since the cursor, sorted by update time. Pages are sized to
 * stay under the 1000-point query cap, and each query waits until the shop's leaky bucket
 * holds its cost, so the sync uses the whole budget without being throttled.
 */
export const shopifyOrders: CommerceConnector = {
  inventory: (session) => shopifyInventory(session),
  async *pages(session) {
    const api = new AdminGraphql(session);
    let cursor = startFrom(session, cursorShape, (from): Cursor => ({ from }));
    for (;;) {
      const { pageInfo, nodes } = await api.orders(cursor);
      const orders = [];
      for (const node of nodes) orders.push(normalizeOrder(node, await api.allLines(node)));
      const seen = latest(cursor.seen, nodes.map((n) => n.updatedAt));
      if (pageInfo.hasNextPage && pageInfo.endCursor) {
        cursor = { from: cursor.from, after: pageInfo.endCursor, seen };
        yield { orders, cursor: JSON.stringify(cursor), done: false };
      } else {
        yield { orders, cursor: JSON.stringify({ from: restingPoint(seen, cursor.from) }), done: true };
        return;
      }
    }
  },
};

/** Every tracked SKU's on-hand stock at each Shopify location (REFERENCE.md §1.8). */
export async function* shopifyInventory(session: SyncSession): AsyncGenerator<StockLevel[]> {
  const api = new AdminGraphql(session);
  let after: string | null = null;
  for (;;) {
    const { pageInfo, nodes } = await api.inventoryItems(after);
    yield nodes
      .filter((item) => item.tracked && item.sku)
      .flatMap((item) =>
        item.inventoryLevels.nodes.map((level) => ({
          sku: item.sku!,
          locationId: level.location.id.split('/').at(-1)!,
          locationName: level.location.name,
          onHand: level.quantities.find((q) => q.name === 'on_hand')?.quantity ?? 0,
          updatedAt: new Date(level.updatedAt),
        })),
      );
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    after = pageInfo.endCursor;
  }
}

class AdminGraphql {
  private readonly http: HttpClient;
  private readonly url: string;
  private bucket?: ThrottleStatus & { at: number };

  constructor(private readonly session: SyncSession) {
    this.http = createHttpClient({ providerId: 'shopify', providerName: 'Shopify', timeoutMs: session.endpoints.timeoutMs, log: session.log, retryLimit: 5 });
    this.url = adminGraphqlUrl(session.credentials.shop!, session);
  }

  async orders(cursor: Cursor) {
    const body = await this.query(ORDERS_QUERY, { first: PAGE_SIZE, after: cursor.after ?? null, q: `updated_at:>='${cursor.from}'` }, PAGE_SIZE * COST_PER_ORDER + 3);
    return parse(ordersResponse, body).data.orders;
  }

  async inventoryItems(after: string | null) {
    const body = await this.query(INVENTORY_QUERY, { first: ITEMS_PER_PAGE, after }, ITEMS_PER_PAGE * COST_PER_ITEM + 3);
    return parse(inventoryResponse, body).data.inventoryItems;
  }

  /** An order's lines: the first five came with the order; an order with more pages on. */
  async allLines(order: ShopifyOrder): Promise<ShopifyLineItem[]> {
    const lines = [...order.lineItems.nodes];
    let page = order.lineItems.pageInfo;
    while (page.hasNextPage) {
      const body = await this.query(MORE_LINES_QUERY, { id: order.id, after: page.endCursor ?? null }, 2 + 1 + 100 * 5 + 1);
      const connection = parse(orderLinesResponse, body).data.order?.lineItems;
      if (!connection) break;
      lines.push(...connection.nodes);
      page = connection.pageInfo;
    }
    return lines;
  }

  /** Runs a query once the bucket can pay for it; a THROTTLED answer waits for the refill and tries again. */
  private async query(query: string, variables: Record<string, unknown>, cost: number): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      await this.waitFor(cost);
      const res = await this.http.send(this.url, {
        method: 'POST',
        headers: { 'x-shopify-access-token': this.session.credentials.access_token!, accept: 'application/json' },
        json: { query, variables },
      });
      if (res.status !== 200) throw this.failure(res);
      const body = res.body as { errors?: unknown; extensions?: unknown };
      const ext = costExtension.safeParse(body?.extensions);
      if (ext.success) this.bucket = { ...ext.data.cost.throttleStatus, at: Date.now() };
      const errors = graphqlErrors.safeParse(body?.errors);
      if (!errors.success) return body;
      const code = errors.data[0]?.extensions?.code;
      if (code === 'THROTTLED' && attempt < MAX_THROTTLED_TRIES) {
        this.session.log.warn({ provider: 'shopify', attempt }, 'Shopify throttled the query; waiting for the bucket to refill');
        continue;
      }
      if (code === 'MAX_COST_EXCEEDED') throw new ProviderError('shopify', 'request', `Shopify refused a query as too costly: ${errors.data[0]!.message}`);
      if (code === 'ACCESS_DENIED') throw new ProviderError('shopify', 'auth', 'Shopify denied access to orders: reinstall the app with the read_orders scope');
      throw new ProviderError('shopify', 'unavailable', `Shopify answered with an error: ${errors.data[0]?.message ?? 'unknown'}`);
    }
  }

  /** Waits until the leaky bucket (as last reported, refilled since at restoreRate) holds `cost`. */
  private async waitFor(cost: number): Promise<void> {
    if (!this.bucket) return;
    const { currentlyAvailable, maximumAvailable, restoreRate, at } = this.bucket;
    const now = Math.min(maximumAvailable, currentlyAvailable + ((Date.now() - at) / 1000) * restoreRate);
    const need = Math.min(cost, maximumAvailable) - now;
    if (need > 0) await sleep(Math.ceil((need / restoreRate) * 1000));
  }

  private failure(res: HttpResult): ProviderError {
    if (res.status === 401 || res.status === 403) return new ProviderError('shopify', 'auth', 'Shopify rejected the access token: reconnect Shopify', res.status);
    if (res.status === 404) return new ProviderError('shopify', 'auth', 'Shopify no longer knows this shop: reconnect Shopify', res.status);
    return unexpectedStatus('shopify', 'Shopify', res);
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProviderError('shopify', 'unavailable', 'Shopify answered with a malformed page; the sync will retry');
  return parsed.data;
}
