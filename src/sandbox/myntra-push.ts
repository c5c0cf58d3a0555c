import type { BookOrder, BookStatus } from './commerce/order-book.js';

/**
 * Myntra pushing orders to Sutra, as Sutra ASSUMES it does (src/providers/myntra/push-payload.ts
 * lists the assumptions; none is public: docs/providers.md §4). Written here from that description
 * rather than from Sutra's parser, so the two can disagree. What is known is kept: every
 * quantity becomes 1-unit lines, keyed by order id, order line id and seller SKU.
 */

// UNVERIFIED status codes (see STATUS_CODES in push-payload.ts).
const STATUS: Record<BookStatus, string> = {
  pending: 'Q',
  confirmed: 'WP',
  packed: 'PK',
  shipped: 'SH',
  delivered: 'DL',
  cancelled: 'F',
  returned: 'RT',
  rto: 'RTO',
};

const inr = (paise: number) => paise / 100;
/** A line's paise shared over its units, the remainder on the first unit, so sums stay exact. */
const share = (paise: number, units: number, unit: number) => Math.floor(paise / units) + (unit === 0 ? paise % units : 0);

/** Myntra's order id for a book order. */
export const myntraOrderId = (o: Pick<BookOrder, 'index'>): string => `MYN${String(o.index + 1).padStart(9, '0')}`;

/**
 * A book order as Myntra would push it: prices GST-included (UNVERIFIED tax rule), each unit
 * its own line carrying its share of the discount and the tax, the order's shipping on its
 * first line. Amounts are JSON numbers in rupees.
 */
function renderMyntraOrder(o: BookOrder) {
  const status = STATUS[o.status];
  let first = true;
  return {
    orderId: myntraOrderId(o),
    status,
    createdOn: o.createdAt.toISOString(),
    lastModifiedOn: o.updatedAt.toISOString(),
    paymentMethod: o.cod ? 'COD' : 'PREPAID',
    currency: 'INR',
    shippingAddress: { city: o.city, state: o.state, pincode: o.pincode },
    orderLines: o.lines.flatMap((l) =>
      Array.from({ length: l.quantity }, (_, u) => {
        const tax = share(l.taxPaise, l.quantity, u);
        const shipping = first ? o.shippingPaise : 0;
        first = false;
        return {
          orderLineId: `${l.lineId}-${u + 1}`,
          sellerSku: l.sku,
          productName: l.title,
          quantity: 1,
          status,
          unitPrice: inr(l.unitPaise + tax),
          discount: inr(share(l.discountPaise, l.quantity, u)),
          taxAmount: inr(tax),
          shippingCharge: inr(shipping),
        };
      }),
    ),
  };
}

/** How Sutra answered a push. */
interface PushAnswer {
  status: number;
  body: unknown;
}

/**
 * Pushes orders to Sutra's receiver as Myntra would: the book orders rendered (or a body given
 * as is, to push something malformed), the token as `Authorization: Bearer` (UNVERIFIED).
 */
export async function pushMyntraOrders(url: string, token: string, orders: BookOrder[] | { raw: unknown }): Promise<PushAnswer> {
  const body = Array.isArray(orders) ? (orders.length === 1 ? renderMyntraOrder(orders[0]!) : orders.map(renderMyntraOrder)) : orders.raw;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Kept as text: a refusal need not be JSON.
  }
  return { status: res.status, body: parsed };
}
