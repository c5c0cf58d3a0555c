import { z } from 'zod';

/** Admin GraphQL payloads (docs/providers.md §1.7, §1.8, §1.11), checked at the edge. Money is a decimal string. */
const amount = z.object({ shopMoney: z.object({ amount: z.string() }) });
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });

/** One tax of a line or of shipping; `rate` is a fraction (0.12), absent in some old orders. */
const taxLine = z.object({ rate: z.number().nullish(), priceSet: amount });

export const shopifyLineItem = z.object({
  id: z.string(),
  sku: z.string().nullish(),
  name: z.string(),
  /** Units ordered, refunded ones included. */
  quantity: z.number().int(),
  /** Units the buyer still has: refunded and removed ones excluded. */
  currentQuantity: z.number().int(),
  originalUnitPriceSet: amount,
  /** Every discount on the line, its share of order-level discounts included, for all `quantity` units. */
  discountAllocations: z.array(z.object({ allocatedAmountSet: amount })).default([]),
  /** The line's taxes, for all `quantity` units. */
  taxLines: z.array(taxLine).default([]),
});

const lineItemConnection = z.object({ pageInfo, nodes: z.array(shopifyLineItem) });

export const shopifyFulfillment = z.object({
  id: z.string(),
  displayStatus: z.string().nullish(),
  trackingInfo: z.array(z.object({ company: z.string().nullish(), number: z.string().nullish() })).default([]),
});

/**
 * `OrderTransaction` (Admin GraphQL; docs/providers.md §1.7): the gateway that took the money, the
 * kind (SALE, CAPTURE, AUTHORIZATION, REFUND, VOID, …) and status (SUCCESS, PENDING, FAILURE, …)
 * read as strings so a new enum value cannot fail a page, and the fees Shopify Payments charged
 * (`TransactionFee`: `amount` and the `taxAmount` on it, MoneyV2; an empty list for other gateways).
 */
export const shopifyTransaction = z.object({
  gateway: z.string().nullish(),
  kind: z.string(),
  status: z.string(),
  fees: z.array(z.object({ amount: z.object({ amount: z.string() }), taxAmount: z.object({ amount: z.string() }).nullish() })).default([]),
});
/** The gateway and the fees Shopify Payments reports on each transaction (docs/providers.md §1.7): what shopifyTransaction reads, as the paged and the bulk order queries select it. */
export const TRANSACTION_FIELDS = 'gateway kind status fees { amount { amount } taxAmount { amount } }';

export const shopifyOrder = z.object({
  id: z.string(),
  legacyResourceId: z.string().optional(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  /** OrderReturnStatus: NO_RETURN, RETURN_REQUESTED, IN_PROGRESS, RETURNED, INSPECTION_COMPLETE, RETURN_FAILED. */
  returnStatus: z.string().nullish(),
  currencyCode: z.string(),
  paymentGatewayNames: z.array(z.string()).default([]),
  taxesIncluded: z.boolean(),
  currentTotalPriceSet: amount,
  currentSubtotalPriceSet: amount,
  currentShippingPriceSet: amount,
  currentTotalTaxSet: amount,
  shippingLine: z.object({ discountedPriceSet: amount, taxLines: z.array(taxLine).default([]) }).nullish(),
  /** Null (or fields null) when Shopify withholds protected customer data. */
  shippingAddress: z.object({ city: z.string().nullish(), province: z.string().nullish(), zip: z.string().nullish() }).nullish(),
  refunds: z.array(z.object({ refundLineItems: z.object({ nodes: z.array(z.object({ restockType: z.string() })) }) })).default([]),
  fulfillments: z.array(shopifyFulfillment).default([]),
  /** Absent where the source carries none (a webhook's REST order): then the gateway comes from paymentGatewayNames alone. */
  transactions: z.array(shopifyTransaction).optional(),
  lineItems: lineItemConnection,
});

export const throttleStatus = z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() });

export const costExtension = z.object({
  cost: z.object({ requestedQueryCost: z.number().nullish(), actualQueryCost: z.number().nullish(), throttleStatus }),
});

/** The `errors` of a GraphQL answer (HTTP 200): each with Shopify's message, maybe a path and a code. */
export const graphqlErrors = z.array(
  z.object({
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
  }),
);
export type GraphqlError = z.infer<typeof graphqlErrors>[number];

/**
 * Shopify's own error bodies: `{"errors":"[API] Invalid API key …"}` (401), `{"errors":"Not Found"}`,
 * GraphQL's `{"errors":[{"message":…}]}`, and REST's `{"errors":{"field":["message"]}}`.
 */
export const errorBody = z.object({
  errors: z.union([z.string(), z.array(z.object({ message: z.string() }).passthrough()), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]),
});

export const ordersResponse = z.object({
  data: z.object({ orders: z.object({ pageInfo, nodes: z.array(shopifyOrder) }) }),
});

export const orderResponse = z.object({ data: z.object({ order: shopifyOrder.nullable() }) });

export const orderLinesResponse = z.object({ data: z.object({ order: z.object({ lineItems: lineItemConnection }).nullable() }) });

export type ShopifyOrder = z.infer<typeof shopifyOrder>;
export type ShopifyLineItem = z.infer<typeof shopifyLineItem>;
export type ShopifyFulfillment = z.infer<typeof shopifyFulfillment>;
export type ShopifyTransaction = z.infer<typeof shopifyTransaction>;
export type ThrottleStatus = z.infer<typeof throttleStatus>;

const inventoryLevel = z.object({
  updatedAt: z.string(),
  location: z.object({ id: z.string(), name: z.string() }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});
const inventoryLevelConnection = z.object({ pageInfo, nodes: z.array(inventoryLevel) });

export const inventoryResponse = z.object({
  data: z.object({
    inventoryItems: z.object({
      pageInfo,
      nodes: z.array(z.object({ id: z.string(), sku: z.string().nullish(), tracked: z.boolean(), inventoryLevels: inventoryLevelConnection })),
    }),
  }),
});

export const itemLevelsResponse = z.object({ data: z.object({ inventoryItem: z.object({ inventoryLevels: inventoryLevelConnection }).nullable() }) });

export const itemStockResponse = z.object({
  data: z.object({
    inventoryItem: z.object({ id: z.string(), sku: z.string().nullish(), tracked: z.boolean(), inventoryLevels: inventoryLevelConnection }).nullable(),
  }),
});

export type ShopifyInventoryLevel = z.infer<typeof inventoryLevel>;
