import express, { Router, type Response } from 'express';
import type { BookOrder, BookStatus } from './order-book.js';
import type { SandboxState } from './state.js';

const STATE: Record<BookStatus, string> = {
  pending: 'APPROVED',
  confirmed: 'APPROVED',
  packed: 'PACKED',
  shipped: 'SHIPPED',
  delivered: 'DELIVERED',
  cancelled: 'CANCELLED',
  returned: 'RETURNED',
  rto: 'RETURNED',
};
/** Which search finds a shipment in which state. Returned shipments are post-dispatch here. */
const TYPE_OF: Record<string, 'preDispatch' | 'postDispatch' | 'cancelled'> = {
  APPROVED: 'preDispatch',
  PACKED: 'preDispatch',
  SHIPPED: 'postDispatch',
  DELIVERED: 'postDispatch',
  RETURNED: 'postDispatch',
  CANCELLED: 'cancelled',
};
const MAX_PAGE = 20;

const shipmentId = (i: number) => `5b1e0d2c-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const indexOf = (id: string) => (/^5b1e0d2c-0000-4000-8000-[0-9a-f]{12}$/.test(id) ? parseInt(id.slice(-12), 16) : -1);
const orderId = (i: number) => `OD${String(4_300_000_000_000_000_000n + BigInt(i))}`;
/** Flipkart writes times in IST with an offset. */
const ist = (d: Date) => new Date(d.getTime() + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
const inr = (paise: number) => paise / 100;

function renderShipment(o: BookOrder) {
  return {
    shipmentId: shipmentId(o.index),
    dispatchByDate: ist(new Date(o.createdAt.getTime() + 48 * 3_600_000)),
    dispatchAfterDate: ist(o.createdAt),
    updatedAt: ist(o.updatedAt),
    locationId: 'LOC0000000001',
    hold: false,
    mps: false,
    packagingPolicy: 'DEFAULT',
    shipmentType: 'NORMAL',
    subShipments: [{ subShipmentId: 'SS-1', packages: [] }],
    orderItems: o.lines.map((l, n) => {
      // GST-inclusive prices after the seller's discount; shipping rides on the first line.
      const sellingPrice = l.unitPaise * l.quantity - l.discountPaise + l.taxPaise;
      const shippingCharge = n === 0 ? o.shippingPaise : 0;
      return {
        orderItemId: `${String(o.index).padStart(10, '0')}${l.lineId}`,
        orderId: orderId(o.index),
        cancellationGroupId: `grp${o.index}`,
        orderDate: ist(o.createdAt),
        paymentType: o.cod ? 'COD' : 'PREPAID',
        status: STATE[o.status],
        quantity: l.quantity,
        fsn: `FSN${l.sku.replace(/-/g, '')}`,
        sku: l.sku,
        listingId: `LST${l.sku.replace(/-/g, '')}`,
        hsn: '61091000',
        title: l.title,
        packageIds: [],
        priceComponents: { sellingPrice: inr(sellingPrice), totalPrice: inr(sellingPrice + shippingCharge), shippingCharge: inr(shippingCharge), customerPrice: inr(sellingPrice), flipkartDiscount: 0 },
        serviceProfile: 'NON_FBF',
        is_replacement: false,
      };
    }),
    forms: [],
  };
}

function fail(res: Response, status: number, code: number, description: string, path: string) {
  res.status(status).json({ errors: [{ severity: 'ERROR', code, description, path }] });
}

/** Flipkart Seller API v3 shipments over the order book (REFERENCE.md §3.2). */
export function flipkartOrdersSandbox(state: SandboxState): Router {
  const router = Router();
  // The indices of each search's shipments, in update order; built on first use.
  let byType: Map<string, Int32Array> | undefined;
  const indices = (type: string) => {
    if (!byType) {
      const lists = new Map<string, number[]>([['preDispatch', []], ['postDispatch', []], ['cancelled', []]]);
      for (let i = 0; i < state.book.size; i++) lists.get(TYPE_OF[STATE[state.book.statusOf(i)]]!)!.push(i);
      byType = new Map([...lists].map(([k, v]) => [k, Int32Array.from(v)]));
    }
    return byType.get(type)!;
  };
  const firstAtOrAfter = (list: Int32Array, index: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  router.use((req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (state.revoked || !state.tokens.flipkart.isValid(token)) return res.status(401).json({ error: 'invalid_token', error_description: 'Invalid access token' });
    next();
  });

  /** One page of a search: `pos` is the position within the search's list. */
  const page = (type: string, fromIndex: number, toIndex: number, pos: number, size: number) => {
    const list = indices(type);
    const start = Math.max(pos, firstAtOrAfter(list, fromIndex));
    const stop = Math.min(firstAtOrAfter(list, toIndex), start + size);
    const shipments = [];
    for (let p = start; p < stop; p++) shipments.push(renderShipment(state.book.get(list[p]!)));
    const hasMore = stop < firstAtOrAfter(list, toIndex);
    const query = new URLSearchParams({ type, from: String(fromIndex), to: String(toIndex), pos: String(stop), pageSize: String(size) });
    return { hasMore, nextPageUrl: hasMore ? `/v3/shipments/filter?${query}` : null, shipments };
  };

  router.post(['/v3/shipments/filter', '/v3/shipments/filter/'], express.json(), (req, res) => {
    const body = (req.body ?? {}) as { filter?: { type?: string; modifiedDate?: { from?: string; to?: string }; orderDate?: { from?: string; to?: string } }; pagination?: { pageSize?: number } };
    const type = body.filter?.type;
    if (!type || !['preDispatch', 'postDispatch', 'cancelled'].includes(type)) return fail(res, 400, 4001, 'filter.type must be preDispatch, postDispatch or cancelled', 'filter.type');
    const size = body.pagination?.pageSize ?? MAX_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) return fail(res, 400, 4002, `pageSize must be between 1 and ${MAX_PAGE}`, 'pagination.pageSize');
    const range = body.filter?.modifiedDate ?? body.filter?.orderDate ?? {};
    const from = range.from ? state.book.indexAfter(new Date(Date.parse(range.from) - 1)) : 0;
    const to = range.to ? state.book.indexAfter(new Date(range.to)) : state.book.size;
    res.json(page(type, from, to, 0, size));
  });

  router.get('/v3/shipments/filter', (req, res) => {
    const q = req.query as Record<string, string>;
    const [from, to, pos, size] = [q.from, q.to, q.pos, q.pageSize].map(Number);
    if (![from, to, pos, size].every(Number.isInteger) || !q.type) return fail(res, 400, 4003, 'invalid nextPageUrl', 'nextPageUrl');
    res.json(page(q.type, from!, to!, pos!, size!));
  });

  router.get('/v3/shipments', (req, res) => {
    const ids = String(req.query.shipmentIds ?? '').split(',').filter(Boolean);
    if (!ids.length || ids.length > 100) return fail(res, 400, 4004, 'shipmentIds must name 1 to 100 shipments', 'shipmentIds');
    const shipments = ids
      .map(indexOf)
      .filter((i) => i >= 0 && i < state.book.size)
      .map((i) => {
        const o = state.book.get(i);
        const address = { firstName: 'Sandbox', lastName: 'Buyer', pinCode: o.pincode, city: o.city, state: o.state, addressLine1: '1 Sandbox Road' };
        return {
          shipmentId: shipmentId(i),
          deliveryAddress: address,
          billingAddress: address,
          orderItems: o.lines.map((l) => ({ orderItemId: `${String(i).padStart(10, '0')}${l.lineId}`, orderId: orderId(i) })),
          courierDetails: { deliveryDetails: { trackingId: `FMPC${String(i).padStart(10, '0')}`, vendorName: 'Ekart' } },
        };
      });
    res.json({ shipments });
  });
  return router;
}
