import { z } from 'zod';

/** Flipkart Seller API v3 payloads (REFERENCE.md §3.2), checked at the edge. Prices are INR numbers. */
const priceComponents = z.object({
  sellingPrice: z.number(),
  totalPrice: z.number().optional(),
  shippingCharge: z.number().optional(),
  customerPrice: z.number().optional(),
  flipkartDiscount: z.number().optional(),
});

export const flipkartOrderItem = z.object({
  orderItemId: z.string(),
  orderId: z.string(),
  orderDate: z.string(),
  paymentType: z.string(),
  status: z.string(),
  quantity: z.number().int().positive(),
  sku: z.string().optional(),
  fsn: z.string().optional(),
  title: z.string().optional(),
  priceComponents,
});

export const flipkartShipment = z.object({
  shipmentId: z.string(),
  updatedAt: z.string().optional(),
  orderItems: z.array(flipkartOrderItem).min(1),
});

export const filterResponse = z.object({
  hasMore: z.boolean(),
  nextPageUrl: z.string().nullish(),
  shipments: z.array(flipkartShipment),
});

const address = z.object({ city: z.string().optional(), state: z.string().optional(), pinCode: z.union([z.string(), z.number()]).optional() });

export const detailsResponse = z.object({
  shipments: z.array(z.object({ shipmentId: z.string(), deliveryAddress: address.nullish() })),
});

export type FlipkartShipment = z.infer<typeof flipkartShipment>;
export type FlipkartAddress = z.infer<typeof address>;
