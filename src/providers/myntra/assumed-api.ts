import { z } from 'zod';
import type { CredentialFields } from '../types.js';

/**
 * EVERYTHING SUTRA ASSUMES ABOUT MYNTRA'S ORDER API, IN ONE PLACE.
 *
 * Myntra shares its partner API (MMIP, PPMP/Omni V4) only during seller onboarding; the
 * public pages give workflows, not endpoints (REFERENCE.md §4). What is known: orders are
 * keyed by order id, order line id and seller SKU; quantities arrive split into 1-unit
 * lines; inventory calls are limited to 100 requests a minute. Everything below that is not
 * one of those facts is an assumption to replace once Myntra's specification is in hand:
 * the path, the Basic authentication, the parameter names, the page shape and the status
 * codes. The sandbox (src/sandbox/myntra.ts) implements the same assumptions.
 */

export const ORDERS_PATH = '/v4/orders';
export const PAGE_SIZE = 50;
/** Requests per second and burst: the documented 100 requests a minute. */
export const RATE = { perSecond: 100 / 60, burst: 10 };

export const authorization = (c: CredentialFields) => `Basic ${Buffer.from(`${c.merchant_id}:${c.secret_key}`).toString('base64')}`;

export const ordersQuery = (c: CredentialFields, updatedAfter: string, page: number) =>
  new URLSearchParams({ warehouseId: c.warehouse_id!, updatedAfter, page: String(page), pageSize: String(PAGE_SIZE) });

const line = z.object({
  orderLineId: z.string(),
  sellerSku: z.string(),
  productName: z.string().optional(),
  quantity: z.number().int().positive(),
  unitPrice: z.number(),
  discount: z.number().default(0),
  taxAmount: z.number().default(0),
});

export const myntraOrder = z.object({
  orderId: z.string(),
  status: z.string(),
  createdOn: z.string(),
  lastModifiedOn: z.string(),
  paymentMethod: z.string(),
  currency: z.string().default('INR'),
  shippingCharge: z.number().default(0),
  totalAmount: z.number(),
  shippingAddress: z.object({ city: z.string().optional(), state: z.string().optional(), pincode: z.union([z.string(), z.number()]).optional() }).optional(),
  orderLines: z.array(line),
});

export const ordersPage = z.object({
  orders: z.array(myntraOrder),
  pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), totalCount: z.number().int().optional(), hasNext: z.boolean() }),
});

/** Assumed status codes (Myntra's panels show WP, PK, SH, DL, F, RTO). */
export const STATUS_CODES = {
  C: 'PENDING',
  WP: 'CONFIRMED',
  PK: 'PACKED',
  SH: 'SHIPPED',
  DL: 'DELIVERED',
  F: 'CANCELLED',
  RTO: 'RTO',
  RT: 'RETURNED',
} as const;

export type MyntraOrder = z.infer<typeof myntraOrder>;
