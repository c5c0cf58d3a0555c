import { Router } from 'express';
import type { BookOrder } from './order-book.js';
import {
  COURIERS,
  dateRange,
  decodeToken,
  encodeToken,
  flipkartIndex,
  ist,
  locationOf,
  orderId,
  orderItemId,
  refuse,
  RETURN_SOURCES,
  returnPlan,
  shipmentId,
  trackingId,
  type ReturnPlan,
  type ReturnSource,
} from './flipkart-orders.js';
import type { SandboxState } from './state.js';

/**
 * Flipkart's returns API, GET /sellers/v2/returns (docs/providers.md §3.2; SDK ReturnsV2Api.md,
 * ReturnsSearchResponseV2.md, ReturnItem.md): a courier return (RTO) or a customer return of
 * each returned line of the book, found by source and modified-date window, paged by nextUrl.
 * The sandbox serves the date windows only, not lookups by returnIds or trackingIds.
 */

/**
 * "The first call to the API returns max 25 results. Calling the URL returned in the nextUrl field of
 * the response gets the subsequent pages" (seller.flipkart.com/api-docs/order-api-docs/ReturnsRef.html).
 * A page here holds the returns of whole orders, at most 25 return items.
 */
const PAGE_ITEMS = 25;
const DAY_MS = 86_400_000;

function renderReturnItems(o: BookOrder, plan: ReturnPlan, modified: number) {
  const courier = plan.source === 'courier_return';
  return o.lines.map((l, line) => ({
    returnId: `RET${orderItemId(o, line)}`,
    orderItemId: orderItemId(o, line),
    locationId: locationOf(o.index),
    orderId: orderId(o.index),
    quantity: l.quantity,
    orderDate: ist(o.createdAt),
    createdDate: ist(modified - DAY_MS),
    courierName: COURIERS[o.index % COURIERS.length]!,
    sellerId: 'sandbox-seller',
    status: plan.status,
    // UNVERIFIED: Flipkart lists the fields, not their values.
    type: courier ? 'COURIER_RETURN' : 'CUSTOMER_RETURN',
    reason: courier ? 'undelivered' : 'not_as_described',
    subReason: courier ? 'customer_not_available' : 'size_issue',
    // An RTO comes back on the forward parcel; a customer return is a new pickup.
    trackingId: courier ? trackingId(o.index, 0) : `RVP${String(o.index).padStart(10, '0')}`,
    shipmentStatus: plan.status === 'COMPLETED' ? 'DELIVERED' : 'IN_TRANSIT',
    shipmentId: shipmentId(o.index, 0),
    comments: '',
    updatedDate: ist(modified),
    approvedOn: ist(modified - DAY_MS),
    expectedDate: ist(modified + DAY_MS),
    serviceProfile: 'NON_FBF',
    services: [],
  }));
}

export function flipkartReturnsSandbox(state: SandboxState): Router {
  const router = Router();
  const book = state.book;

  const page = (source: ReturnSource, from: number, to: number, start: number) => {
    const list = flipkartIndex(book).returns.get(source)!;
    const [lo, hi] = list.range(from, to);
    let p = Math.max(start, lo);
    const returnItems = [];
    while (p < hi) {
      const o = book.get(list.entries[p]!);
      if (returnItems.length && returnItems.length + o.lines.length > PAGE_ITEMS) break;
      returnItems.push(...renderReturnItems(o, returnPlan(o.index, o.status)!, list.times[p]!));
      p++;
    }
    const hasMore = p < hi;
    const token = encodeToken([source, from, to, p]);
    // Relative to /sellers/v2, as Flipkart gives it ("/returns/search/<token>", [3P] auperator.atlassian.net
    // "Flipkart Return Flow") and tap-flipkart reads it (streams.py: url_base + "/v2" + nextUrl).
    return { hasMore, nextUrl: hasMore ? `/returns/search/${token}` : null, returnItems };
  };

  router.get('/v2/returns/search/:token', (req, res) => {
    const [source, from, to, pos] = decodeToken(req.params.token) ?? [];
    if (!RETURN_SOURCES.includes(source as ReturnSource) || typeof from !== 'number' || typeof to !== 'number' || !Number.isInteger(pos)) {
      return refuse(res, 4006, 'Invalid next page: use the nextUrl of the previous page as it is', 'nextUrl');
    }
    res.json(page(source as ReturnSource, from, to, pos as number));
  });

  router.get(['/v2/returns', '/v2/returns/'], (req, res) => {
    const q = req.query;
    // source is "Mandatory" (seller.flipkart.com/api-docs/order-api-docs/ReturnsRef.html), though the SDK marks it optional.
    if (!RETURN_SOURCES.includes(q.source as ReturnSource)) {
      return refuse(
        res,
        4020,
        q.source === undefined
          ? `source is required: one of ${RETURN_SOURCES.join(', ')}`
          : `Invalid source ${JSON.stringify(q.source)}: one of ${RETURN_SOURCES.join(', ')}`,
        'source',
      );
    }
    const modified = dateRange('modifiedAfter', 'modifiedBefore', q.modifiedAfter, q.modifiedBefore);
    if (typeof modified === 'string') return refuse(res, 4005, modified, 'modifiedAfter');
    // The created window is checked, not applied: the sandbox selects by modified date.
    const created = dateRange('createdAfter', 'createdBefore', q.createdAfter, q.createdBefore);
    if (typeof created === 'string') return refuse(res, 4005, created, 'createdAfter');
    res.json(page(q.source as ReturnSource, modified.from, modified.to, 0));
  });
  return router;
}
