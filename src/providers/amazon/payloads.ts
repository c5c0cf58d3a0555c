import { z } from 'zod';

/**
 * SP-API Orders v2026-01-01 `searchOrders` payloads (docs/providers.md §2.3; the definitions of
 * models/orders-api-model/orders_2026-01-01.json in amzn/selling-partner-api-models @34dc93f),
 * checked at the edge. Only what Sutra reads is declared; unknown fields pass through.
 * Everything outside `orderItems` comes only with the dataset named in `includedData`, so it
 * is optional here.
 */

/** `Money`: `amount` is a `Decimal`, "a decimal number with no loss of precision", sent as a string. */
const money = z.object({ amount: z.string(), currencyCode: z.string() });

/**
 * `ItemProceedsBreakdown` / `OrderProceedsBreakdown`. `type` is one of ITEM, SHIPPING,
 * GIFT_WRAP, COD_FEE, TAX, DISCOUNT, OTHER (and DELIVERY_TIP at the order level); the model
 * gives them as "possible values", not an enum, so any string is accepted. Detailed
 * breakdowns come only with TAX and DISCOUNT; their `subtype` names what the tax or discount
 * applies to (ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT).
 */
const breakdown = z.object({
  type: z.string(),
  subtotal: money,
  detailedBreakdowns: z.array(z.object({ subtype: z.string().optional(), value: money.optional() })).optional(),
});

/** `PackageStatus.status` is a real enum in the model (PENDING … UNDELIVERABLE); read as a string so a new value cannot fail a page. */
const orderPackage = z.object({
  packageReferenceId: z.string(),
  packageStatus: z.object({ status: z.string(), detailedStatus: z.string().optional() }).optional(),
  carrier: z.string().optional(),
  trackingNumber: z.string().optional(),
});

export const amazonOrderItem = z.object({
  orderItemId: z.string(),
  quantityOrdered: z.number().int().nonnegative(),
  product: z.object({ asin: z.string().optional(), title: z.string().optional(), sellerSku: z.string().optional() }),
  proceeds: z.object({ proceedsTotal: money.optional(), breakdowns: z.array(breakdown).optional() }).optional(),
  fulfillment: z
    .object({
      // `ConstraintType` has the single value MANDATORY.
      shipping: z.object({ shippingConstraints: z.object({ cashOnDelivery: z.string().optional() }).optional() }).optional(),
    })
    .optional(),
});

export const amazonOrder = z.object({
  orderId: z.string(),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z.object({ channelName: z.string(), marketplaceId: z.string().optional() }),
  recipient: z
    .object({ deliveryAddress: z.object({ city: z.string().optional(), stateOrRegion: z.string().optional(), postalCode: z.string().optional() }).optional() })
    .optional(),
  proceeds: z.object({ grandTotal: money.optional(), breakdowns: z.array(breakdown).optional() }).optional(),
  // `FulfillmentStatus` is an enum in the model; read as a string so an eighth value maps to a fallback instead of failing the page.
  // `fulfilledBy` ("MERCHANT" or "AMAZON", the model's `FulfilledBy` enum) likewise.
  fulfillment: z.object({ fulfillmentStatus: z.string(), fulfilledBy: z.string().optional() }).optional(),
  orderItems: z.array(amazonOrderItem),
  packages: z.array(orderPackage).optional(),
});

export const searchOrdersResponse = z.object({
  orders: z.array(amazonOrder),
  // Absent on the last page (docs/providers.md §2.3).
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
});

/** `ErrorList`: every SP-API error body (docs/providers.md §2.4; `Error` requires code and message). */
export const errorList = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string().optional(), details: z.string().optional() })) });

export type AmazonOrder = z.infer<typeof amazonOrder>;
export type AmazonOrderItem = z.infer<typeof amazonOrderItem>;
export type AmazonPackage = z.infer<typeof orderPackage>;
