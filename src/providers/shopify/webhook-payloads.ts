import { z } from 'zod';
import { sum } from '../money.js';
import type { ShopifyOrder } from './payloads.js';

/*
 * Shopify's webhook bodies (docs/providers.md §1.2), checked at the edge. An order topic carries
 * the REST order (snake_case), not the Admin GraphQL one: it is read here into the GraphQL shape
 * (payloads.ts) so that one normalizer (normalize.ts) holds the money rule for both.
 * The REST field names are those of Shopify's order webhooks as delivered (a real orders/create
 * body is test/fixtures/shopify-orders-create.json). UNVERIFIED where a comment says so.
 */

/** REST ids are numbers (JSON); kept as their decimal text, as `legacyResourceId` is. */
const restId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
/** A REST MoneyBag: `{ shop_money: { amount } , presentment_money }`; the shop's currency is Sutra's. */
const moneySet = z.object({ shop_money: z.object({ amount: z.string() }) });
const taxLine = z.object({ rate: z.number().nullish(), price_set: moneySet });

const restLineItem = z.object({
  id: restId,
  sku: z.string().nullish(),
  name: z.string(),
  quantity: z.number().int(),
  /** Units the buyer still has; absent from API versions before it was added (then worked out from the refunds). */
  current_quantity: z.number().int().nullish(),
  price_set: moneySet,
  discount_allocations: z.array(z.object({ amount_set: moneySet })).default([]),
  tax_lines: z.array(taxLine).default([]),
});

const restShippingLine = z.object({
  discounted_price_set: moneySet,
  /** After shipping refunds; UNVERIFIED from which API version it is sent (the sample has it). */
  current_discounted_price_set: moneySet.nullish(),
  is_removed: z.boolean().nullish(),
  tax_lines: z.array(taxLine).default([]),
});

const restFulfillment = z.object({
  id: restId,
  /** pending, open, success, cancelled, error, failure. */
  status: z.string().nullish(),
  /** The carrier's word: label_printed, confirmed, in_transit, out_for_delivery, attempted_delivery, delivered, failure … */
  shipment_status: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
});

export const restOrder = z.object({
  id: restId,
  admin_graphql_api_id: z.string().optional(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  /** null (unfulfilled), fulfilled, partial, restocked. */
  fulfillment_status: z.string().nullish(),
  currency: z.string(),
  payment_gateway_names: z.array(z.string()).default([]),
  taxes_included: z.boolean(),
  current_total_price_set: moneySet,
  current_subtotal_price_set: moneySet,
  current_total_tax_set: moneySet,
  /** UNVERIFIED from which API version it is sent; without it the shipping lines' current prices are summed. */
  current_shipping_price_set: moneySet.nullish(),
  shipping_lines: z.array(restShippingLine).default([]),
  shipping_address: z.object({ city: z.string().nullish(), province: z.string().nullish(), zip: z.string().nullish() }).nullish(),
  refunds: z
    .array(
      z.object({
        refund_line_items: z.array(z.object({ line_item_id: restId, quantity: z.number().int(), restock_type: z.string().nullish() })).default([]),
      }),
    )
    .default([]),
  fulfillments: z.array(restFulfillment).default([]),
  line_items: z.array(restLineItem),
});
export type RestOrder = z.infer<typeof restOrder>;

/** refunds/create: the refund; Sutra reads its order again (webhooks.ts). */
export const restRefund = z.object({ id: restId, order_id: restId });

/** inventory_levels/update: a level names its item and location, not the SKU. */
export const restInventoryLevel = z.object({ inventory_item_id: restId, location_id: restId, updated_at: z.string().nullish() });

const customer = z.object({ id: restId.nullish(), email: z.string().nullish(), phone: z.string().nullish() }).nullish();

/** customers/redact (a compliance topic, docs/providers.md §1.2). */
export const customersRedact = z.object({ shop_domain: z.string(), customer, orders_to_redact: z.array(restId).default([]) });

/** customers/data_request. */
export const customersDataRequest = z.object({
  shop_domain: z.string(),
  customer,
  orders_requested: z.array(restId).default([]),
  data_request: z.object({ id: restId }).nullish(),
});

/** shop/redact: 48 hours after the app was uninstalled. */
export const shopRedact = z.object({ shop_domain: z.string() });

/** bulk_operations/finish (docs/providers.md §1.9). UNVERIFIED: the body's field names (admin_graphql_api_id, status, error_code). */
export const bulkOperationFinish = z.object({ admin_graphql_api_id: z.string(), status: z.string(), error_code: z.string().nullish() });

const bag = (set: z.infer<typeof moneySet>) => ({ shopMoney: { amount: set.shop_money.amount } });
const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

/** REST fulfillment_status → OrderDisplayFulfillmentStatus (docs/providers.md §1.12). */
const FULFILLMENT: Record<string, string> = { fulfilled: 'FULFILLED', partial: 'PARTIALLY_FULFILLED', restocked: 'UNFULFILLED' };

/**
 * A REST fulfilment's status → FulfillmentDisplayStatus, the word normalize.ts reads. UNVERIFIED:
 * that REST's shipment_status words are the enum's in lower case (in_transit → IN_TRANSIT …).
 */
function displayStatus(f: z.infer<typeof restFulfillment>): string | null {
  if (f.status === 'cancelled') return 'CANCELED';
  if (f.status === 'failure' || f.status === 'error') return 'FAILURE';
  return f.shipment_status ? f.shipment_status.toUpperCase() : null;
}

/** Units of a line the buyer still has, where the body does not say: ordered − refunded. */
function currentQuantity(order: RestOrder, line: RestOrder['line_items'][number]): number {
  if (line.current_quantity !== null && line.current_quantity !== undefined) return line.current_quantity;
  const refunded = order.refunds.flatMap((r) => r.refund_line_items).filter((r) => r.line_item_id === line.id);
  return Math.max(0, line.quantity - refunded.reduce((n, r) => n + r.quantity, 0));
}

/** The REST order of a webhook in the Admin GraphQL shape, so it is normalized by the one rule (normalize.ts). */
export function restOrderAsGraphql(order: RestOrder): ShopifyOrder {
  const shipping = order.shipping_lines.filter((s) => !s.is_removed);
  const first = shipping[0];
  const currentShipping =
    order.current_shipping_price_set ??
    ({ shop_money: { amount: sum(shipping.map((s) => (s.current_discounted_price_set ?? s.discounted_price_set).shop_money.amount)) } } satisfies z.infer<
      typeof moneySet
    >);
  return {
    id: order.admin_graphql_api_id ?? gid('Order', order.id),
    legacyResourceId: order.id,
    name: order.name,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    cancelledAt: order.cancelled_at,
    displayFinancialStatus: order.financial_status?.toUpperCase() ?? null,
    displayFulfillmentStatus: FULFILLMENT[order.fulfillment_status ?? ''] ?? 'UNFULFILLED',
    // The REST order carries no return status; restocked refund lines still say goods came back.
    returnStatus: null,
    currencyCode: order.currency,
    paymentGatewayNames: order.payment_gateway_names,
    taxesIncluded: order.taxes_included,
    currentTotalPriceSet: bag(order.current_total_price_set),
    currentSubtotalPriceSet: bag(order.current_subtotal_price_set),
    currentShippingPriceSet: bag(currentShipping),
    currentTotalTaxSet: bag(order.current_total_tax_set),
    shippingLine: first
      ? {
          discountedPriceSet: bag(first.discounted_price_set),
          taxLines: first.tax_lines.map((t) => ({ rate: t.rate, priceSet: bag(t.price_set) })),
        }
      : null,
    shippingAddress: order.shipping_address,
    refunds: order.refunds.map((r) => ({
      refundLineItems: { nodes: r.refund_line_items.map((l) => ({ restockType: (l.restock_type ?? 'no_restock').toUpperCase() })) },
    })),
    fulfillments: order.fulfillments.map((f) => ({
      id: gid('Fulfillment', f.id),
      displayStatus: displayStatus(f),
      trackingInfo: f.tracking_number || f.tracking_company ? [{ company: f.tracking_company, number: f.tracking_number }] : [],
    })),
    lineItems: {
      pageInfo: { hasNextPage: false },
      nodes: order.line_items.map((l) => ({
        id: gid('LineItem', l.id),
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        currentQuantity: currentQuantity(order, l),
        originalUnitPriceSet: bag(l.price_set),
        discountAllocations: l.discount_allocations.map((a) => ({ allocatedAmountSet: bag(a.amount_set) })),
        taxLines: l.tax_lines.map((t) => ({ rate: t.rate, priceSet: bag(t.price_set) })),
      })),
    },
  };
}
