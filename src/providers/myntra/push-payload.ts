import { z } from 'zod';
import { OrderStatus } from '../../domain/enums.js';
import { minus, money } from '../money.js';

/**
 * EVERYTHING SUTRA ASSUMES ABOUT WHAT MYNTRA PUSHES, IN ONE PLACE.
 *
 * Known (docs/providers.md §4, MMIP public pages and integrator docs): Myntra pushes orders to the
 * seller's integrator ("7.1 Create Order & Update Order") rather than being polled; every
 * quantity arrives broken into 1-unit order lines; everything is keyed on the Myntra order id,
 * the Myntra order line id and the seller SKU; the integrator hands Myntra an "Order Push
 * token" so Myntra can call it.
 *
 * UNVERIFIED, all of it to be replaced by the specification Myntra shares at onboarding
 * (docs/providers.md §4: "payload field names, status codes" are not public):
 * - the body: one order object, a JSON array of them, or `{ "orders": [...] }`;
 * - the field names below, and amounts as JSON numbers or decimal strings in rupees;
 * - how the token is presented (Sutra asks for `Authorization: Bearer <token>`);
 * - whether an update carries all of the order's lines or only the changed ones (the
 *   normalizer marks each copy partial, which is right either way: lines merge into the
 *   stored order, whose totals come from all of its lines);
 * - that `lastModifiedOn` changes whenever Myntra changes the order (resends of one push are
 *   recognised by order id + lastModifiedOn: see deliveryKey);
 * - timestamps: ISO-8601; one without an offset is read as India time (IST), as Flipkart's;
 * - the status codes (STATUS_CODES) and the tax rule (taxExcluded).
 */

/** A rupee amount as Myntra might send it: a JSON number or a decimal string. */
const amount = z.union([z.number().finite().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount')]);
const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const timestamp = z.string().refine((s) => !Number.isNaN(pushedTime(s).getTime()), 'must be an ISO-8601 time');

const line = z
  .object({
    orderLineId: id,
    sellerSku: z.string().min(1),
    productName: z.string().optional(),
    // Myntra breaks every quantity into 1-unit lines (docs/providers.md §4, verified): a line of more
    // units is not Myntra's, and would make the per-unit tax rule below inexact.
    quantity: z.literal(1, { message: 'Myntra sends 1-unit lines' }).default(1),
    /** The line's own status code (Myntra cancels and returns line by line). */
    status: z.string().min(1),
    /** The unit's price to the customer before the discount, GST included. */
    unitPrice: amount,
    /** Discount on the line, GST included. */
    discount: amount.default(0),
    /** The GST inside the line's price after its discount. */
    taxAmount: amount.default(0),
    /** Shipping charged to the customer for this line. */
    shippingCharge: amount.default(0),
  })
  .refine((l) => Number(minus(minus(l.unitPrice, l.discount), l.taxAmount)) >= 0, {
    message: 'taxAmount is more than the price after its discount',
    path: ['taxAmount'],
    // Only once the amounts themselves are valid (zod would otherwise run it on bad ones).
    when: (payload) => payload.issues.length === 0,
  });

const myntraOrder = z.object({
  orderId: id,
  /** The order's status code as a whole. */
  status: z.string().min(1),
  createdOn: timestamp,
  lastModifiedOn: timestamp,
  /** "COD", or a prepaid method ("PREPAID", "ONLINE" …). */
  paymentMethod: z.string().min(1),
  currency: z.string().length(3).default('INR'),
  shippingAddress: z
    .object({ city: z.string().optional(), state: z.string().optional(), pincode: z.union([z.string(), z.number()]).transform(String).optional() })
    .optional(),
  orderLines: z.array(line).min(1),
});

export type MyntraOrder = z.infer<typeof myntraOrder>;
type MyntraOrderLine = MyntraOrder['orderLines'][number];

/** Myntra's status codes as seen on its seller panel (UNVERIFIED: no public list) → OrderStatus. */
export const STATUS_CODES: Record<string, OrderStatus> = {
  Q: OrderStatus.PENDING, // queued: not yet accepted by the seller
  OH: OrderStatus.PENDING, // on hold
  WP: OrderStatus.CONFIRMED, // work in progress: accepted, being packed
  PK: OrderStatus.PACKED,
  SH: OrderStatus.SHIPPED,
  DL: OrderStatus.DELIVERED,
  C: OrderStatus.DELIVERED, // complete
  F: OrderStatus.CANCELLED,
  IC: OrderStatus.CANCELLED, // item cancelled
  RTO: OrderStatus.RTO,
  RT: OrderStatus.RETURNED,
};

/**
 * Myntra's tax rule. UNVERIFIED: Myntra's prices are taken to be what the customer pays, GST
 * included (Indian marketplaces price by tax-inclusive MRP; nothing public says Myntra
 * splits it), with `taxAmount` the GST inside the line's price after its discount. So the
 * tax comes off the unit price once (a line is one unit, so this is exact to the paisa) and
 * the discount stays as Myntra gives it: unitPrice − discount is the line's revenue, tax
 * excluded, and unitPrice − discount + tax is what the customer paid for it.
 */
export function taxExcluded(l: MyntraOrderLine): { unitPrice: string; discount: string; tax: string } {
  return { unitPrice: minus(l.unitPrice, l.taxAmount), discount: money(l.discount), tax: money(l.taxAmount) };
}

/** A Myntra timestamp; without an offset it is India time (UNVERIFIED, see above). */
export function pushedTime(s: string): Date {
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}+05:30`);
}

/** The pushed orders, whichever of the three assumed body shapes carries them. */
const asList = (body: unknown): unknown[] => {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { orders?: unknown }).orders)) return (body as { orders: unknown[] }).orders;
  return [body];
};

/** The orders of a push, or what is wrong with it (the first problem, with where it is). */
export function parsePush(body: unknown): { orders: MyntraOrder[] } | { error: string } {
  const parsed = z.array(myntraOrder).min(1, 'no orders').safeParse(asList(body));
  if (parsed.success) return { orders: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return { error: `Myntra's push is not an order Sutra understands: orders${where}: ${issue.message}` };
}

const versions = z.array(z.object({ orderId: id, lastModifiedOn: z.string().min(1) })).min(1);

/**
 * Myntra's delivery id is unknown (UNVERIFIED), so a push is known by what it carries: each
 * order's id and lastModifiedOn. A resend of the same push has the same key however it is
 * formatted; a real change to an order moves its lastModifiedOn and makes a new push.
 */
export function deliveryKey(body: unknown): string | undefined {
  const parsed = versions.safeParse(asList(body));
  if (!parsed.success) return undefined;
  return parsed.data
    .map((o) => `${o.orderId}@${o.lastModifiedOn}`)
    .sort()
    .join(',');
}
