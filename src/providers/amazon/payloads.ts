import { z } from 'zod';

/** SP-API Orders v0 payloads (REFERENCE.md §2.2), checked at the edge; unknown fields pass through. */
const money = z.object({ CurrencyCode: z.string(), Amount: z.string() });

export const amazonOrder = z.object({
  AmazonOrderId: z.string(),
  PurchaseDate: z.string(),
  LastUpdateDate: z.string(),
  OrderStatus: z.string(),
  PaymentMethod: z.string().optional(),
  OrderTotal: money.optional(),
  MarketplaceId: z.string().optional(),
  ShippingAddress: z.object({ City: z.string().optional(), StateOrRegion: z.string().optional(), PostalCode: z.string().optional() }).optional(),
});

export const amazonOrderItem = z.object({
  OrderItemId: z.string(),
  SellerSKU: z.string().optional(),
  ASIN: z.string().optional(),
  Title: z.string().optional(),
  QuantityOrdered: z.number().int().nonnegative(),
  ItemPrice: money.optional(),
  ItemTax: money.optional(),
  ShippingPrice: money.optional(),
  ShippingTax: money.optional(),
  ShippingDiscount: money.optional(),
  PromotionDiscount: money.optional(),
  CODFee: money.optional(),
});

export const getOrdersResponse = z.object({
  payload: z.object({ Orders: z.array(amazonOrder), NextToken: z.string().optional(), LastUpdatedBefore: z.string().optional() }),
});

export const getOrderItemsResponse = z.object({
  payload: z.object({ AmazonOrderId: z.string(), OrderItems: z.array(amazonOrderItem), NextToken: z.string().optional() }),
});

export const errorList = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string().optional() })) });

export type AmazonOrder = z.infer<typeof amazonOrder>;
export type AmazonOrderItem = z.infer<typeof amazonOrderItem>;
