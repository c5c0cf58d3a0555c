import { buildSchema, graphql, parse, type DocumentNode } from 'graphql';
import type { Response } from 'express';
import { CATALOG_SKUS, rupees, type BookOrder } from './order-book.js';
import { queryCost } from './shopify-cost.js';
import type { SandboxState } from './state.js';

/** The part of the Admin GraphQL schema the sandbox serves (field names as in Shopify's). */
export const adminSchema = buildSchema(`
  type Query {
    shop: Shop!
    orders(first: Int, after: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    order(id: ID!): Order
    inventoryItems(first: Int, after: String, query: String): InventoryItemConnection!
  }
  type InventoryItemConnection { pageInfo: PageInfo! nodes: [InventoryItem!]! edges: [InventoryItemEdge!]! }
  type InventoryItemEdge { cursor: String! node: InventoryItem! }
  type InventoryItem { id: ID! sku: String tracked: Boolean! updatedAt: String! inventoryLevels(first: Int, after: String): InventoryLevelConnection! }
  type InventoryLevelConnection { pageInfo: PageInfo! nodes: [InventoryLevel!]! edges: [InventoryLevelEdge!]! }
  type InventoryLevelEdge { cursor: String! node: InventoryLevel! }
  type InventoryLevel { id: ID! updatedAt: String! location: Location! quantities(names: [String!]!): [InventoryQuantity!]! }
  type Location { id: ID! name: String! isActive: Boolean! }
  type InventoryQuantity { name: String! quantity: Int! }
  enum OrderSortKeys { UPDATED_AT CREATED_AT ID }
  type Shop { name: String! myshopifyDomain: String! currencyCode: String! }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! endCursor: String startCursor: String }
  type OrderConnection { pageInfo: PageInfo! nodes: [Order!]! edges: [OrderEdge!]! }
  type OrderEdge { cursor: String! node: Order! }
  type MoneyV2 { amount: String! currencyCode: String! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type MailingAddress { city: String province: String provinceCode: String zip: String countryCodeV2: String }
  type Order {
    id: ID! legacyResourceId: String! name: String! createdAt: String! updatedAt: String! processedAt: String!
    cancelledAt: String cancelReason: String test: Boolean! displayFinancialStatus: String displayFulfillmentStatus: String!
    currencyCode: String! paymentGatewayNames: [String!]!
    totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag totalShippingPriceSet: MoneyBag! totalTaxSet: MoneyBag totalDiscountsSet: MoneyBag
    shippingAddress: MailingAddress
    lineItems(first: Int, after: String): LineItemConnection!
  }
  type LineItemConnection { pageInfo: PageInfo! nodes: [LineItem!]! edges: [LineItemEdge!]! }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItem { id: ID! sku: String name: String! quantity: Int! currentQuantity: Int! originalUnitPriceSet: MoneyBag! discountedTotalSet: MoneyBag! }
`);

const MAX_QUERY_COST = 1000;
const BUCKET_SIZE = 2000;
const RESTORE_PER_SECOND = 100;

const bag = (paise: number) => {
  const m = { amount: rupees(paise), currencyCode: 'INR' };
  return { shopMoney: m, presentmentMoney: m };
};
const cursorOf = (n: number) => Buffer.from(JSON.stringify({ last: n })).toString('base64url');
const fromCursor = (c: string | null | undefined) => (c ? (JSON.parse(Buffer.from(c, 'base64url').toString()) as { last: number }).last : -1);

function connection<T>(items: T[], start: number, hasNextPage: boolean) {
  const edges = items.map((node, k) => ({ cursor: cursorOf(start + k), node }));
  return { nodes: items, edges, pageInfo: { hasNextPage, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
}

function renderOrder(o: BookOrder) {
  const id = 1_000_000_000 + o.index;
  const fulfilled = ['shipped', 'delivered', 'returned', 'rto'].includes(o.status);
  const financial = o.status === 'cancelled' ? (o.cod ? 'VOIDED' : 'REFUNDED') : o.status === 'returned' ? 'REFUNDED' : o.cod ? (o.status === 'delivered' ? 'PAID' : 'PENDING') : o.status === 'pending' ? 'PENDING' : 'PAID';
  return {
    id: `gid://shopify/Order/${id}`,
    legacyResourceId: String(id),
    name: `#${1001 + o.index}`,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    processedAt: o.createdAt.toISOString(),
    cancelledAt: o.status === 'cancelled' ? o.updatedAt.toISOString() : null,
    cancelReason: o.status === 'cancelled' ? 'CUSTOMER' : null,
    test: false,
    displayFinancialStatus: financial,
    displayFulfillmentStatus: fulfilled ? 'FULFILLED' : 'UNFULFILLED',
    currencyCode: 'INR',
    paymentGatewayNames: [o.cod ? 'Cash on Delivery (COD)' : 'Razorpay'],
    totalPriceSet: bag(o.totalPaise),
    subtotalPriceSet: bag(o.subtotalPaise - o.discountPaise),
    totalShippingPriceSet: bag(o.shippingPaise),
    totalTaxSet: bag(o.taxPaise),
    totalDiscountsSet: bag(o.discountPaise),
    shippingAddress: { city: o.city, province: o.state, provinceCode: null, zip: o.pincode, countryCodeV2: 'IN' },
    lineItems: ({ first, after }: { first?: number; after?: string }) => {
      const start = fromCursor(after) + 1;
      const lines = o.lines.slice(start, start + (first ?? 50)).map((l) => ({
        id: `gid://shopify/LineItem/${id}${l.lineId}`,
        sku: l.sku,
        name: l.title,
        quantity: l.quantity,
        currentQuantity: o.status === 'cancelled' ? 0 : l.quantity,
        originalUnitPriceSet: bag(l.unitPaise),
        discountedTotalSet: bag(l.unitPaise * l.quantity - l.discountPaise),
      }));
      return connection(lines, start, start + lines.length < o.lines.length);
    },
  };
}

/** The shop's two locations; every SKU of the book is stocked at both. */
export const SANDBOX_LOCATIONS = [
  { id: 70001, name: 'Mumbai Warehouse' },
  { id: 70002, name: 'Delhi Store' },
];

/** The on-hand count of a SKU at a location: fixed, so tests can expect it. */
export function sandboxOnHand(sku: string, locationId: number): number {
  let h = locationId;
  for (const c of sku) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return h % 200;
}

function renderInventoryItem(sku: string, n: number) {
  const updatedAt = new Date(Date.UTC(2026, 10, 1)).toISOString();
  const levels = SANDBOX_LOCATIONS.map((loc) => ({
    id: `gid://shopify/InventoryLevel/${n}${loc.id}`,
    updatedAt,
    location: { id: `gid://shopify/Location/${loc.id}`, name: loc.name, isActive: true },
    quantities: ({ names }: { names: string[] }) => names.map((name) => ({ name, quantity: name === 'on_hand' || name === 'available' ? sandboxOnHand(sku, loc.id) : 0 })),
  }));
  return {
    id: `gid://shopify/InventoryItem/${80_000 + n}`,
    sku,
    tracked: true,
    updatedAt,
    inventoryLevels: ({ first }: { first?: number }) => connection(levels.slice(0, first ?? 50), 0, (first ?? 50) < levels.length),
  };
}

/** `updated_at:>='2026-…'` (or `>`), the one search the importer sends. */
function updatedAfter(query: string | undefined): Date | undefined {
  const m = /updated_at:(>=?)'?([0-9T:.\-+Z]+)'?/.exec(query ?? '');
  if (!m) return undefined;
  const at = new Date(m[2]!);
  return m[1] === '>=' ? new Date(at.getTime() - 1) : at;
}

interface Bucket {
  available: number;
  at: number;
}

/** Admin GraphQL over the order book: real execution, real cost, a leaky bucket per shop. */
export function createShopifyGraphql(state: SandboxState) {
  const buckets = new Map<string, Bucket>();
  const restoreRate = RESTORE_PER_SECOND * state.rateScale;
  const rootValue = {
    shop: () => ({ name: 'Sutra Sandbox', myshopifyDomain: 'sutra-sandbox.myshopify.com', currencyCode: 'INR' }),
    orders: ({ first, after, query }: { first?: number; after?: string; query?: string }) => {
      const from = Math.max(fromCursor(after) + 1, state.book.indexAfter(updatedAfter(query) ?? new Date(0)));
      const stop = Math.min(from + (first ?? 50), state.book.size);
      const orders = [];
      for (let i = from; i < stop; i++) orders.push(renderOrder(state.book.get(i)));
      const c = connection(orders, from, stop < state.book.size);
      // Cursors name the order's place in the book, whatever the page.
      c.edges.forEach((e, k) => (e.cursor = cursorOf(from + k)));
      c.pageInfo.endCursor = c.edges.at(-1)?.cursor ?? null;
      return c;
    },
    inventoryItems: ({ first, after }: { first?: number; after?: string }) => {
      const start = fromCursor(after) + 1;
      const skus = CATALOG_SKUS.slice(start, start + (first ?? 50));
      return connection(skus.map((sku, k) => renderInventoryItem(sku, start + k)), start, start + skus.length < CATALOG_SKUS.length);
    },
    order: ({ id }: { id: string }) => {
      const i = Number(id.split('/').at(-1)) - 1_000_000_000;
      return Number.isInteger(i) && i >= 0 && i < state.book.size ? renderOrder(state.book.get(i)) : null;
    },
  };

  const bucketOf = (shop: string): Bucket => {
    const b = buckets.get(shop) ?? { available: BUCKET_SIZE, at: Date.now() };
    b.available = Math.min(BUCKET_SIZE, b.available + ((Date.now() - b.at) / 1000) * restoreRate);
    b.at = Date.now();
    buckets.set(shop, b);
    return b;
  };
  const cost = (requested: number, actual: number | null, b: Bucket) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: BUCKET_SIZE, currentlyAvailable: Math.floor(b.available), restoreRate },
    },
  });

  return {
    /** A THROTTLED answer as Shopify gives it: HTTP 200, the error in the body. */
    throttled(res: Response, shop: string, requested = 0) {
      res.json({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: cost(requested, null, bucketOf(shop)),
      });
    },
    async execute(res: Response, shop: string, body: { query?: unknown; variables?: unknown }) {
      let document: DocumentNode;
      try {
        document = parse(String(body.query ?? ''));
      } catch (err) {
        res.json({ errors: [{ message: (err as Error).message, extensions: { code: 'PARSE_ERROR' } }] });
        return;
      }
      const variables = (body.variables ?? {}) as Record<string, unknown>;
      const requested = queryCost(adminSchema, document, variables);
      if (requested > MAX_QUERY_COST) {
        res.json({
          errors: [{ message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST } }],
        });
        return;
      }
      const b = bucketOf(shop);
      if (requested > b.available) return this.throttled(res, shop, requested);
      b.available -= requested;
      const result = await graphql({ schema: adminSchema, source: String(body.query), variableValues: variables, rootValue });
      const data = result.data as { orders?: { nodes?: Array<{ lineItems?: unknown }> } } | null | undefined;
      const orderCount = data?.orders?.nodes?.length;
      const actual = queryCost(adminSchema, document, variables, (path) => (path === 'orders' ? orderCount : undefined));
      b.available = Math.min(BUCKET_SIZE, b.available + Math.max(0, requested - actual));
      res.json({ ...result, extensions: cost(requested, actual, b) });
    },
  };
}
