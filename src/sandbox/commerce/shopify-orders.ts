import { buildSchema, GraphQLError } from 'graphql';
import { CATALOG_SKUS, rupees, type BookLine, type BookOrder } from './order-book.js';
import { parcelAwb } from './parcels.js';
import type { SandboxState } from './state.js';
import { WEBHOOK_SUBSCRIPTIONS_SDL } from './shopify-webhook-subscriptions.js';
import { BULK_SDL, updatedAfter } from './shopify-bulk.js';

/** The part of the Admin GraphQL schema the sandbox serves (names as in Shopify's, 2026-10). */
export const adminSchema = buildSchema(
  `
  type Query {
    shop: Shop!
    orders(first: Int, last: Int, after: String, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    order(id: ID!): Order
    inventoryItems(first: Int, last: Int, after: String, before: String, query: String): InventoryItemConnection!
    inventoryItem(id: ID!): InventoryItem
  }
  type InventoryItemConnection { pageInfo: PageInfo! nodes: [InventoryItem!]! edges: [InventoryItemEdge!]! }
  type InventoryItemEdge { cursor: String! node: InventoryItem! }
  type InventoryItem {
    id: ID! sku: String tracked: Boolean! updatedAt: String!
    inventoryLevels(first: Int, after: String, last: Int, before: String): InventoryLevelConnection!
  }
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
  type TaxLine { title: String! rate: Float ratePercentage: Float priceSet: MoneyBag! }
  type ShippingLine { title: String! originalPriceSet: MoneyBag! discountedPriceSet: MoneyBag! currentDiscountedPriceSet: MoneyBag! taxLines: [TaxLine!]! }
  type Order {
    id: ID! legacyResourceId: String! name: String! createdAt: String! updatedAt: String! processedAt: String!
    cancelledAt: String cancelReason: String test: Boolean! displayFinancialStatus: String displayFulfillmentStatus: String!
    returnStatus: String! currencyCode: String! paymentGatewayNames: [String!]! taxesIncluded: Boolean!
    totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag totalShippingPriceSet: MoneyBag! totalTaxSet: MoneyBag totalDiscountsSet: MoneyBag
    currentTotalPriceSet: MoneyBag! currentSubtotalPriceSet: MoneyBag! currentShippingPriceSet: MoneyBag! currentTotalTaxSet: MoneyBag!
    currentTotalDiscountsSet: MoneyBag! totalRefundedSet: MoneyBag! totalRefundedShippingSet: MoneyBag!
    shippingLine: ShippingLine
    shippingAddress: MailingAddress
    refunds(first: Int): [Refund!]!
    fulfillments(first: Int): [Fulfillment!]!
    transactions(first: Int, capturable: Boolean, manuallyResolvable: Boolean): [OrderTransaction!]!
    lineItems(first: Int, after: String, last: Int, before: String): LineItemConnection!
  }
  enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
  enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
  type OrderTransaction {
    id: ID! gateway: String formattedGateway: String kind: OrderTransactionKind! status: OrderTransactionStatus!
    amountSet: MoneyBag! createdAt: String! processedAt: String test: Boolean! fees: [TransactionFee!]!
  }
  type TransactionFee { id: ID! amount: MoneyV2! flatFee: MoneyV2! flatFeeName: String rate: String! rateName: String taxAmount: MoneyV2! type: String! }
  type LineItemConnection { pageInfo: PageInfo! nodes: [LineItem!]! edges: [LineItemEdge!]! }
  type LineItemEdge { cursor: String! node: LineItem! }
  type DiscountAllocation { allocatedAmountSet: MoneyBag! }
  type LineItem {
    id: ID! sku: String name: String! quantity: Int! currentQuantity: Int!
    originalUnitPriceSet: MoneyBag! discountedTotalSet: MoneyBag! discountAllocations: [DiscountAllocation!]! taxLines(first: Int): [TaxLine!]!
  }
  type Refund {
    id: ID! createdAt: String! totalRefundedSet: MoneyBag!
    refundLineItems(first: Int, after: String, last: Int, before: String): RefundLineItemConnection!
  }
  type RefundLineItemConnection { pageInfo: PageInfo! nodes: [RefundLineItem!]! edges: [RefundLineItemEdge!]! }
  type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
  type RefundLineItem { id: ID! quantity: Int! restockType: String! restocked: Boolean! lineItem: LineItem! subtotalSet: MoneyBag! totalTaxSet: MoneyBag! }
  type Fulfillment { id: ID! status: String! displayStatus: String createdAt: String! trackingInfo(first: Int): [TrackingInfo!]! }
  type TrackingInfo { company: String number: String url: String }
` +
    WEBHOOK_SUBSCRIPTIONS_SDL +
    BULK_SDL,
);

const bag = (paise: number) => {
  const m = { amount: rupees(paise), currencyCode: 'INR' };
  return { shopMoney: m, presentmentMoney: m };
};
const cursorOf = (n: number) => Buffer.from(JSON.stringify({ last: n })).toString('base64url');
const fromCursor = (c: string | null | undefined) => (c ? (JSON.parse(Buffer.from(c, 'base64url').toString()) as { last: number }).last : -1);

/** A page of a connection, its cursors naming each node's place in the whole list. */
function connection<T>(all: T[], { first, after }: { first?: number; after?: string }) {
  const start = fromCursor(after) + 1;
  const nodes = all.slice(start, start + (first ?? 50));
  const edges = nodes.map((node, k) => ({ cursor: cursorOf(start + k), node }));
  const hasNextPage = start + nodes.length < all.length;
  return {
    nodes,
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** The shop is in Mumbai: an order within Maharashtra pays CGST + SGST, any other IGST (12 % in all). */
const SHOP_STATE = 'Maharashtra';
const GST = 0.12;
/** The 12 % GST inside the ₹49 shipping of a tax-inclusive order: 49 × 12 ÷ 112. */
const SHIPPING_TAX_INCLUDED = 525;

/** A refund of some of an order's units (docs/providers.md §1.7): money back, and goods back only when said. */
interface RefundPlan {
  kind: 'cancel' | 'return' | 'partial' | 'goodwill' | 'unfulfilled';
  /** Units refunded, per line of the book order. */
  units: number[];
  restockType: 'CANCEL' | 'RETURN' | 'NO_RESTOCK';
  shippingRefunded: boolean;
  /** A return recorded through Shopify's returns (returnStatus RETURNED), not only a restocking refund. */
  returnRecorded: boolean;
}

/**
 * How the sandbox's Shopify shows book order i, derived from the index so each run is the
 * same (the book's own amounts never change):
 * - even orders are taxes-included (prices, subtotal and shipping include 12 % GST), odd ones not;
 * - a returned order is fully refunded with the goods back (half through a recorded return, the
 *   rest through a refund restocked as RETURN), its shipping kept;
 * - a cancelled order is refunded (prepaid) or voided (COD) in full, restocked as CANCEL;
 * - one in five paid shipped or delivered orders has one unit of its last line refunded without return;
 * - one in five prepaid delivered orders is refunded in full as a goodwill gesture (goods kept),
 *   and one in five prepaid confirmed ones is refunded in full without being cancelled;
 * - one in three orders with discounts has them as an order-level discount allocated to its lines;
 * - two in thirteen have their address withheld (protected customer data): the whole address, or its city and pincode.
 */
export function shopifyView(o: BookOrder) {
  const i = o.index;
  const taxesIncluded = i % 2 === 0;
  const refund = refundPlan(o);
  const lines = o.lines.map((l, k) => lineView(o, l, refund?.units[k] ?? 0, taxesIncluded));
  const shippingTax = taxesIncluded && o.shippingPaise > 0 ? SHIPPING_TAX_INCLUDED : 0;
  const shippingRefunded = refund?.shippingRefunded ?? false;
  const original = {
    subtotal: sumOf(lines, (l) => l.net),
    shipping: o.shippingPaise,
    tax: sumOf(lines, (l) => l.tax) + shippingTax,
    discounts: sumOf(lines, (l) => l.discount),
  };
  const current = {
    subtotal: sumOf(lines, (l) => l.current.net),
    shipping: shippingRefunded ? 0 : o.shippingPaise,
    tax: sumOf(lines, (l) => l.current.tax) + (shippingRefunded ? 0 : shippingTax),
    discounts: sumOf(lines, (l) => l.current.discount),
  };
  const totalOf = (m: typeof original) => m.subtotal + m.shipping + (taxesIncluded ? 0 : m.tax);
  const paid = !(o.cod && o.status !== 'delivered' && o.status !== 'returned');
  const refunded = paid ? totalOf(original) - totalOf(current) : 0;
  return {
    taxesIncluded,
    refund,
    lines,
    original: { ...original, total: totalOf(original) },
    current: { ...current, total: totalOf(current) },
    refunded,
    shippingRefunded: shippingRefunded && paid ? o.shippingPaise : 0,
    shippingTax,
    orderLevelDiscount: i % 3 === 1 && o.discountPaise > 0,
    addressWithheld: i % 13 === 5 ? ('address' as const) : i % 13 === 11 ? ('city-and-pincode' as const) : null,
  };
}

export type ShopifyView = ReturnType<typeof shopifyView>;

function refundPlan(o: BookOrder): RefundPlan | null {
  const i = o.index;
  const every = (n: number) => o.lines.map((l) => l.quantity * n);
  if (o.status === 'cancelled') return { kind: 'cancel', units: every(1), restockType: 'CANCEL', shippingRefunded: true, returnRecorded: false };
  if (o.status === 'returned') {
    const recorded = Math.floor(i / 2) % 2 === 0;
    return { kind: 'return', units: every(1), restockType: recorded ? 'NO_RESTOCK' : 'RETURN', shippingRefunded: false, returnRecorded: recorded };
  }
  const paid = !o.cod || o.status === 'delivered';
  if ((o.status === 'shipped' || o.status === 'delivered') && paid && i % 5 === 2) {
    return {
      kind: 'partial',
      units: o.lines.map((_, k) => (k === o.lines.length - 1 ? 1 : 0)),
      restockType: 'NO_RESTOCK',
      shippingRefunded: false,
      returnRecorded: false,
    };
  }
  if (!o.cod && o.status === 'delivered' && i % 5 === 3)
    return { kind: 'goodwill', units: every(1), restockType: 'NO_RESTOCK', shippingRefunded: true, returnRecorded: false };
  if (!o.cod && o.status === 'confirmed' && i % 5 === 3)
    return { kind: 'unfulfilled', units: every(1), restockType: 'NO_RESTOCK', shippingRefunded: true, returnRecorded: false };
  return null;
}

/**
 * One line in the shop's prices. The book's amounts are tax-exclusive (tax 12 % of the line after
 * its discount); a taxes-included shop shows the unit price with its tax (×1.12, whole paise as the
 * book's prices are whole rupees) and a discount that makes the line total the book's net + tax.
 * Allocations and tax lines cover every unit ordered; the kept units carry their share, to the paisa.
 */
function lineView(o: BookOrder, l: BookLine, refunded: number, taxesIncluded: boolean) {
  const unit = taxesIncluded ? (l.unitPaise * 112) / 100 : l.unitPaise;
  const net = l.unitPaise * l.quantity - l.discountPaise + (taxesIncluded ? l.taxPaise : 0);
  const discount = unit * l.quantity - net;
  const kept = l.quantity - refunded;
  const share = (paise: number) => Math.round((paise * kept) / l.quantity);
  const current = { net: unit * kept - share(discount), tax: share(l.taxPaise), discount: share(discount) };
  const intra = o.state === SHOP_STATE;
  const half = Math.floor(l.taxPaise / 2);
  const taxLines =
    l.taxPaise === 0
      ? []
      : intra
        ? [
            { title: 'CGST', rate: GST / 2, paise: half },
            { title: 'SGST', rate: GST / 2, paise: l.taxPaise - half },
          ]
        : [{ title: 'IGST', rate: GST, paise: l.taxPaise }];
  return { book: l, quantity: l.quantity, currentQuantity: kept, refunded, unit, net, discount, tax: l.taxPaise, taxLines, current };
}

const sumOf = <T>(items: T[], f: (t: T) => number) => items.reduce((t, x) => t + f(x), 0);

/**
 * How Shopify withholds protected customer data the app is not approved for: HTTP 200, the field
 * null, an error whose path points into it, worded "This app is not approved to access the
 * <Object> object. See … for more details." (shopify.dev/docs/apps/launch/protected-customer-data,
 * "Example API requests": the Customer object named for its phone field, no extensions). UNVERIFIED:
 * the object named for an order's address fields, and which link ends the message (the example has
 * the app's Partner Dashboard page; answers quoted in public code end with the one used here).
 */
const WITHHELD =
  'This app is not approved to access the MailingAddress object. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.';

const taxLinesOf = (lines: Array<{ title: string; rate: number; paise: number }>) =>
  lines.map((t) => ({ title: t.title, rate: t.rate, ratePercentage: t.rate * 100, priceSet: bag(t.paise) }));

function financialStatus(o: BookOrder, view: ShopifyView): string {
  if (o.status === 'cancelled') return o.cod ? 'VOIDED' : 'REFUNDED';
  if (view.refund) return view.current.total === 0 ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (o.cod) return o.status === 'delivered' ? 'PAID' : 'PENDING';
  return o.status === 'pending' ? 'PENDING' : 'PAID';
}

/** A cash-on-delivery order's gateway, as Shopify names its manual payment method. */
export const COD_GATEWAY_NAME = 'Cash on Delivery (COD)';
/** Shopify Payments' fee in the sandbox: 2 % of the payment, 18 % GST on the fee (UNVERIFIED as figures: Shopify Payments is not offered in India). */
const SHOPIFY_PAYMENTS_PERCENT = 2;
const FEE_GST_PERCENT = 18;

/**
 * The gateway of book order i: COD orders Shopify's manual "Cash on Delivery (COD)"; prepaid ones go
 * through an Indian gateway, Razorpay most, PayU some, and one in seven through Shopify Payments.
 */
export function shopifyGateway(o: BookOrder): string {
  if (o.cod) return COD_GATEWAY_NAME;
  if (o.index % 7 === 0) return 'shopify_payments';
  return o.index % 3 === 0 ? 'PayU' : 'Razorpay Secure (UPI, Cards, Wallets, NetBanking)';
}

/** The fees Shopify Payments charges on a payment of `paise`: 2 %, and 18 % GST on that, each to the paisa. */
export function shopifyPaymentsFee(paise: number): { fee: number; tax: number } {
  const fee = Math.round((paise * SHOPIFY_PAYMENTS_PERCENT) / 100);
  return { fee, tax: Math.round((fee * FEE_GST_PERCENT) / 100) };
}

/**
 * What Sutra should read of book order i's payment: the gateway of a prepaid order, and the fees
 * (fee + GST, rupees) its transactions report, only for a paid Shopify Payments order.
 */
export function expectedShopifyPayment(o: BookOrder): { paymentGateway?: string; paymentFees?: string } {
  const view = shopifyView(o);
  const gateway = shopifyGateway(o);
  if (o.cod) return {};
  if (gateway !== 'shopify_payments' || financialStatus(o, view) === 'PENDING') return { paymentGateway: gateway };
  const { fee, tax } = shopifyPaymentsFee(view.original.total);
  return { paymentGateway: gateway, paymentFees: rupees(fee + tax) };
}

/**
 * An order's transactions: a prepaid order's SALE (PENDING while unpaid), a refund's REFUND, and a COD
 * order's SALE once the courier collected (delivered or returned after delivery); Shopify Payments'
 * SALE carries its fees, every other gateway's none.
 */
function transactionsOf(o: BookOrder, view: ShopifyView, legacyId: number) {
  const gateway = shopifyGateway(o);
  const status = financialStatus(o, view);
  const paid = o.cod ? status !== 'PENDING' && status !== 'VOIDED' : true;
  if (!paid) return [];
  const at = o.createdAt.toISOString();
  const transaction = (n: number, kind: string, txStatus: string, paise: number, fees: unknown[]) => ({
    id: `gid://shopify/OrderTransaction/${legacyId}${n}`,
    gateway,
    formattedGateway: gateway === 'shopify_payments' ? 'Shopify Payments' : gateway,
    kind,
    status: txStatus,
    amountSet: bag(paise),
    createdAt: at,
    processedAt: at,
    test: false,
    fees,
  });
  const pending = !o.cod && status === 'PENDING';
  const sp = gateway === 'shopify_payments' && !pending;
  const { fee, tax } = shopifyPaymentsFee(view.original.total);
  const m = (paise: number) => ({ amount: rupees(paise), currencyCode: 'INR' });
  const fees = sp
    ? [
        {
          id: `gid://shopify/TransactionFee/${legacyId}`,
          amount: m(fee),
          flatFee: m(0),
          flatFeeName: null,
          rate: '0.02',
          rateName: 'Domestic',
          taxAmount: m(tax),
          type: 'payment',
        },
      ]
    : [];
  const sale = transaction(1, 'SALE', pending ? 'PENDING' : 'SUCCESS', view.original.total, fees);
  return view.refunded > 0 ? [sale, transaction(2, 'REFUND', 'SUCCESS', view.refunded, [])] : [sale];
}

const FULFILMENT_DISPLAY: Partial<Record<BookOrder['status'], string>> = {
  shipped: 'IN_TRANSIT',
  delivered: 'DELIVERED',
  returned: 'DELIVERED',
  rto: 'NOT_DELIVERED',
};

function renderOrder(o: BookOrder) {
  const id = 1_000_000_000 + o.index;
  const view = shopifyView(o);
  const displayStatus = FULFILMENT_DISPLAY[o.status];
  const lines = view.lines.map((l) => ({
    id: `gid://shopify/LineItem/${id}${l.book.lineId}`,
    sku: l.book.sku,
    name: l.book.title,
    quantity: l.quantity,
    currentQuantity: l.currentQuantity,
    originalUnitPriceSet: bag(l.unit),
    // Order-level discounts are not in discountedTotalSet; they reach the line as allocations only.
    discountedTotalSet: bag(l.unit * l.quantity - (view.orderLevelDiscount ? 0 : l.discount)),
    discountAllocations: l.discount > 0 ? [{ allocatedAmountSet: bag(l.discount) }] : [],
    taxLines: () => taxLinesOf(l.taxLines),
  }));
  const refunds = view.refund
    ? [
        {
          id: `gid://shopify/Refund/${id}`,
          createdAt: o.updatedAt.toISOString(),
          totalRefundedSet: bag(view.refunded),
          refundLineItems: (args: { first?: number; after?: string }) =>
            connection(
              view.lines.flatMap((l, k) =>
                l.refunded > 0
                  ? [
                      {
                        id: `gid://shopify/RefundLineItem/${id}${k}`,
                        quantity: l.refunded,
                        restockType: view.refund!.restockType,
                        restocked: view.refund!.restockType !== 'NO_RESTOCK',
                        lineItem: lines[k],
                        subtotalSet: bag(l.net - l.current.net),
                        totalTaxSet: bag(l.tax - l.current.tax),
                      },
                    ]
                  : [],
              ),
              args,
            ),
        },
      ]
    : [];
  const address = { city: o.city, province: o.state, provinceCode: null, zip: o.pincode, countryCodeV2: 'IN' };
  const withheld = () => {
    throw new GraphQLError(WITHHELD, { extensions: { code: 'ACCESS_DENIED' } });
  };
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
    displayFinancialStatus: financialStatus(o, view),
    displayFulfillmentStatus: displayStatus ? 'FULFILLED' : 'UNFULFILLED',
    returnStatus: view.refund?.returnRecorded ? 'RETURNED' : 'NO_RETURN',
    currencyCode: 'INR',
    paymentGatewayNames: [shopifyGateway(o)],
    taxesIncluded: view.taxesIncluded,
    totalPriceSet: bag(view.original.total),
    subtotalPriceSet: bag(view.original.subtotal),
    totalShippingPriceSet: bag(o.shippingPaise),
    totalTaxSet: bag(view.original.tax),
    totalDiscountsSet: bag(view.original.discounts),
    currentTotalPriceSet: bag(view.current.total),
    currentSubtotalPriceSet: bag(view.current.subtotal),
    currentShippingPriceSet: bag(view.current.shipping),
    currentTotalTaxSet: bag(view.current.tax),
    currentTotalDiscountsSet: bag(view.current.discounts),
    totalRefundedSet: bag(view.refunded),
    totalRefundedShippingSet: bag(view.shippingRefunded),
    shippingLine: {
      title: o.shippingPaise > 0 ? 'Standard' : 'Free shipping',
      originalPriceSet: bag(o.shippingPaise),
      discountedPriceSet: bag(o.shippingPaise),
      currentDiscountedPriceSet: bag(view.current.shipping),
      taxLines: taxLinesOf(view.shippingTax ? [{ title: 'IGST', rate: GST, paise: view.shippingTax }] : []),
    },
    shippingAddress:
      view.addressWithheld === 'address'
        ? withheld
        : view.addressWithheld === 'city-and-pincode'
          ? {
              ...address,
              // As the documentation's example: the field null, the error without a code.
              city: () => {
                throw new GraphQLError(WITHHELD);
              },
              zip: () => {
                throw new GraphQLError(WITHHELD);
              },
            }
          : address,
    refunds: () => refunds,
    fulfillments: () =>
      displayStatus
        ? [
            {
              id: `gid://shopify/Fulfillment/${id}`,
              status: 'SUCCESS',
              displayStatus,
              createdAt: o.updatedAt.toISOString(),
              trackingInfo: () => [trackingInfo(o.index)],
            },
          ]
        : [],
    transactions: ({ first }: { first?: number }) => transactionsOf(o, view, id).slice(0, first ?? undefined),
    lineItems: (args: { first?: number; after?: string }) => connection(lines, args),
  };
}

/** A fulfillment's tracking: a parcel of the couriers' sandboxes (parcels.ts), mostly Delhivery's, every fourth Selloship's. */
function trackingInfo(index: number) {
  if (index % 4 === 3) {
    const number = parcelAwb('selloship', 2 * index + 1);
    return { company: 'Selloship', number, url: `https://selloship.com/track/${number}` };
  }
  const number = parcelAwb('delhivery', 2 * index + 1);
  return { company: 'Delhivery', number, url: `https://www.delhivery.com/track/package/${number}` };
}

/** The shop's locations: more than one page of an item's inventoryLevels (Sutra asks ten at a time). */
export const SANDBOX_LOCATIONS = [
  'Mumbai Warehouse',
  'Delhi Store',
  'Bengaluru Store',
  'Chennai Store',
  'Hyderabad Store',
  'Kolkata Store',
  'Pune Store',
  'Jaipur Store',
  'Ahmedabad Store',
  'Lucknow Store',
  'Kochi Store',
  'Indore Store',
].map((name, k) => ({ id: 70001 + k, name }));

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
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => ({ name, quantity: name === 'on_hand' || name === 'available' ? sandboxOnHand(sku, loc.id) : 0 })),
  }));
  return {
    id: `gid://shopify/InventoryItem/${80_000 + n}`,
    sku,
    tracked: true,
    updatedAt,
    inventoryLevels: (args: { first?: number; after?: string }) => connection(levels, args),
  };
}

/** The Admin GraphQL root over the order book and the catalog. */
export function adminRoot(state: SandboxState) {
  return {
    shop: () => ({ name: 'Sutra Sandbox', myshopifyDomain: 'sutra-sandbox.myshopify.com', currencyCode: 'INR' }),
    orders: ({ first, after, query }: { first?: number; after?: string; query?: string }) => {
      const from = Math.max(fromCursor(after) + 1, state.book.indexAfter(updatedAfter(query) ?? new Date(0)));
      const stop = Math.min(from + (first ?? 50), state.book.size);
      const nodes = [];
      for (let i = from; i < stop; i++) nodes.push(renderOrder(state.book.get(i)));
      // Cursors name the order's place in the book, whatever the page.
      const edges = nodes.map((node, k) => ({ cursor: cursorOf(from + k), node }));
      return {
        nodes,
        edges,
        pageInfo: {
          hasNextPage: stop < state.book.size,
          hasPreviousPage: from > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
    order: ({ id }: { id: string }) => {
      const i = Number(id.split('/').at(-1)) - 1_000_000_000;
      return Number.isInteger(i) && i >= 0 && i < state.book.size ? renderOrder(state.book.get(i)) : null;
    },
    inventoryItems: (args: { first?: number; after?: string }) => connection(CATALOG_SKUS.map(renderInventoryItem), args),
    inventoryItem: ({ id }: { id: string }) => {
      const n = Number(id.split('/').at(-1)) - 80_000;
      return Number.isInteger(n) && n >= 0 && n < CATALOG_SKUS.length ? renderInventoryItem(CATALOG_SKUS[n]!, n) : null;
    },
  };
}
