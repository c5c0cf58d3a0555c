import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { BookOrder, BookStatus } from './order-book.js';
import { rupees } from './order-book.js';
import { RateBuckets } from './rate.js';
import type { SandboxState } from './state.js';

const MARKETPLACE = 'A21TJRUUN4KGV';
/** Usage plans of Orders v0 (REFERENCE.md §2.2): requests per second, burst. */
const PLANS = { getOrders: [0.0167, 20], getOrderItems: [0.5, 30] } as const;

const STATUS: Record<BookStatus, string> = {
  pending: 'Pending',
  confirmed: 'Unshipped',
  packed: 'Unshipped',
  shipped: 'Shipped',
  // Orders v0 has no delivered or returned state: those orders stay Shipped.
  delivered: 'Shipped',
  returned: 'Shipped',
  rto: 'Shipped',
  cancelled: 'Canceled',
};

const amazonId = (i: number) => `403-${String(i).padStart(7, '0')}-${String((i * 7919) % 10_000_000).padStart(7, '0')}`;
const indexOf = (id: string) => Number(id.split('-')[1]);
const money = (paise: number) => ({ CurrencyCode: 'INR', Amount: rupees(paise) });

const errors = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ code, message, details: '' }] });

function renderOrder(o: BookOrder) {
  const status = STATUS[o.status];
  const shipped = o.lines.reduce((t, l) => t + l.quantity, 0);
  return {
    AmazonOrderId: amazonId(o.index),
    PurchaseDate: o.createdAt.toISOString(),
    LastUpdateDate: o.updatedAt.toISOString(),
    OrderStatus: status,
    FulfillmentChannel: 'MFN',
    SalesChannel: 'Amazon.in',
    ShipServiceLevel: 'Std IN Dom_1',
    OrderTotal: money(o.totalPaise),
    NumberOfItemsShipped: status === 'Shipped' ? shipped : 0,
    NumberOfItemsUnshipped: status === 'Shipped' ? 0 : shipped,
    PaymentMethod: o.cod ? 'COD' : 'Other',
    PaymentMethodDetails: [o.cod ? 'CashOnDelivery' : 'Standard'],
    MarketplaceId: MARKETPLACE,
    ShipmentServiceLevelCategory: 'Standard',
    OrderType: 'StandardOrder',
    IsBusinessOrder: false,
    IsPrime: false,
    // The address comes only with orders that can ship (REFERENCE.md §2.1).
    ...(status === 'Unshipped' || status === 'Shipped' ? { ShippingAddress: { City: o.city, StateOrRegion: o.state, PostalCode: o.pincode, CountryCode: 'IN' } } : {}),
  };
}

function renderItems(o: BookOrder) {
  const priced = o.status !== 'pending';
  return o.lines.map((l, n) => ({
    ASIN: `B0${String(l.sku.length * 7919).padStart(8, '0')}`,
    OrderItemId: `${String(o.index).padStart(8, '0')}${l.lineId}`,
    SellerSKU: l.sku,
    Title: l.title,
    QuantityOrdered: l.quantity,
    QuantityShipped: STATUS[o.status] === 'Shipped' ? l.quantity : 0,
    // Pending orders carry no pricing yet (the model's description).
    ...(priced
      ? {
          ItemPrice: money(l.unitPaise * l.quantity),
          ItemTax: money(l.taxPaise),
          PromotionDiscount: money(l.discountPaise),
          ShippingPrice: money(n === 0 ? o.shippingPaise : 0),
        }
      : {}),
  }));
}

/** SP-API Orders v0 over the order book, with its usage plans enforced per seller and operation. */
export function amazonOrdersSandbox(state: SandboxState): Router {
  const router = Router();
  const buckets = {
    getOrders: new RateBuckets(PLANS.getOrders[0] * state.rateScale, PLANS.getOrders[1]),
    getOrderItems: new RateBuckets(PLANS.getOrderItems[0] * state.rateScale, PLANS.getOrderItems[1]),
  };

  // Every answer carries a request id and the rate applied, as SP-API's do.
  const paced = (operation: keyof typeof PLANS) => (req: Request, res: Response, next: () => void) => {
    res.setHeader('x-amzn-RequestId', randomUUID());
    const token = req.header('x-amz-access-token');
    if (state.revoked || !state.tokens.amazon.isValid(token)) return errors(res, 403, 'Unauthorized', 'Access to requested resource is denied.');
    const bucket = buckets[operation].get(token!);
    res.setHeader('x-amzn-RateLimit-Limit', String(bucket.rate));
    if (!bucket.take()) return errors(res, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
    next();
  };

  router.get('/orders/v0/orders', paced('getOrders'), (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (!q.MarketplaceIds) return errors(res, 400, 'InvalidInput', 'MarketplaceIds is required');
    const size = Number(q.MaxResultsPerPage ?? 100);
    if (!Number.isInteger(size) || size < 1 || size > 100) return errors(res, 400, 'InvalidInput', 'MaxResultsPerPage must be between 1 and 100');
    let start: number;
    if (q.NextToken) {
      const decoded = Number(Buffer.from(q.NextToken, 'base64url').toString('utf8'));
      if (!Number.isInteger(decoded)) return errors(res, 400, 'InvalidInput', 'Invalid NextToken');
      start = decoded;
    } else {
      if (!!q.LastUpdatedAfter === !!q.CreatedAfter) return errors(res, 400, 'InvalidInput', 'Exactly one of CreatedAfter or LastUpdatedAfter must be specified');
      const after = new Date(q.LastUpdatedAfter ?? q.CreatedAfter!);
      if (Number.isNaN(after.getTime())) return errors(res, 400, 'InvalidInput', 'Invalid date format: LastUpdatedAfter');
      // Creation order follows update order closely enough in the book for CreatedAfter too.
      start = state.book.indexAfter(after);
    }
    const end = Math.min(start + size, state.book.size);
    const Orders = [];
    for (let i = start; i < end; i++) Orders.push(renderOrder(state.book.get(i)));
    res.json({ payload: { Orders, ...(end < state.book.size ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}) } });
  });

  router.get('/orders/v0/orders/:orderId/orderItems', paced('getOrderItems'), (req, res) => {
    const i = indexOf(req.params.orderId as string);
    if (!Number.isInteger(i) || i < 0 || i >= state.book.size || amazonId(i) !== req.params.orderId) return errors(res, 404, 'NotFound', 'Order not found');
    const order = state.book.get(i);
    res.json({ payload: { AmazonOrderId: amazonId(i), OrderItems: renderItems(order) } });
  });
  return router;
}
