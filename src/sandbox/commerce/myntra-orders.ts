import { Router } from 'express';
import { SANDBOX_CREDENTIALS } from '../credentials.js';
import type { BookOrder, BookStatus } from './order-book.js';
import { RateBuckets } from './rate.js';
import type { SandboxState } from './state.js';

/**
 * Myntra's order API as Sutra ASSUMES it (src/providers/myntra/assumed-api.ts): Myntra does
 * not publish it. What is known is kept: 1-unit order lines, 100 requests a minute.
 */
const STATUS: Record<BookStatus, string> = { pending: 'C', confirmed: 'WP', packed: 'PK', shipped: 'SH', delivered: 'DL', cancelled: 'F', returned: 'RT', rto: 'RTO' };
const good = SANDBOX_CREDENTIALS.myntra;
const PER_MINUTE = 100;

const inr = (paise: number) => paise / 100;
/** A line's paise shared over its units, the remainder on the first unit, so sums stay exact. */
const share = (paise: number, units: number, unit: number) => Math.floor(paise / units) + (unit === 0 ? paise % units : 0);

function renderOrder(o: BookOrder) {
  return {
    orderId: `MYN${String(o.index).padStart(9, '0')}`,
    orderReleaseId: `R${String(o.index).padStart(9, '0')}`,
    status: STATUS[o.status],
    createdOn: o.createdAt.toISOString(),
    lastModifiedOn: o.updatedAt.toISOString(),
    paymentMethod: o.cod ? 'COD' : 'PREPAID',
    currency: 'INR',
    shippingCharge: inr(o.shippingPaise),
    totalAmount: inr(o.totalPaise),
    shippingAddress: { city: o.city, state: o.state, pincode: o.pincode },
    orderLines: o.lines.flatMap((l) =>
      Array.from({ length: l.quantity }, (_, u) => ({
        orderLineId: `${l.lineId}-${u + 1}`,
        sellerSku: l.sku,
        productName: l.title,
        quantity: 1,
        unitPrice: inr(l.unitPaise),
        discount: inr(share(l.discountPaise, l.quantity, u)),
        taxAmount: inr(share(l.taxPaise, l.quantity, u)),
      })),
    ),
  };
}

export function myntraOrdersSandbox(state: SandboxState): Router {
  const router = Router();
  const buckets = new RateBuckets((PER_MINUTE / 60) * state.rateScale, PER_MINUTE);
  router.use((req, res, next) => {
    const basic = /^Basic (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    const [merchant, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (state.revoked || merchant !== good.merchant_id || secret !== good.secret_key) return res.status(401).json({ status: 'FAILURE', message: 'Invalid merchant credentials' });
    const bucket = buckets.get(merchant);
    if (!bucket.take()) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(bucket.waitSeconds))));
      return res.status(429).json({ status: 'FAILURE', message: 'Rate limit exceeded' });
    }
    next();
  });
  router.get('/v4/orders', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 50);
    if (!q.warehouseId) return res.status(400).json({ status: 'FAILURE', message: 'warehouseId is required' });
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return res.status(400).json({ status: 'FAILURE', message: 'page must be 1 or more and pageSize 1 to 100' });
    }
    const from = q.updatedAfter ? state.book.indexAfter(new Date(q.updatedAfter)) : 0;
    const totalCount = state.book.size - from;
    const start = from + (page - 1) * pageSize;
    const stop = Math.min(start + pageSize, state.book.size);
    const orders = [];
    for (let i = start; i < stop; i++) orders.push(renderOrder(state.book.get(i)));
    res.json({ status: 'SUCCESS', orders, pagination: { page, pageSize, totalCount, hasNext: stop < state.book.size } });
  });
  return router;
}
