import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { BookOrder, BookStatus, OrderBook } from './order-book.js';
import { rupees } from './order-book.js';
import { parcelAwb } from './parcels.js';
import { RateBuckets } from './rate.js';
import type { SandboxState } from './state.js';

/**
 * SP-API Orders v2026-01-01 `searchOrders` (docs/providers.md §2.3; orders_2026-01-01.json in
 * amzn/selling-partner-api-models @34dc93f) over the shared order book, as strict as Amazon.
 * The book's orders are rendered as Amazon would, deterministically from the index (the book
 * itself is not changed):
 * - pending orders carry no prices (no proceeds, no unit price) and no address; one in three
 *   is a pre-order, PENDING_AVAILABILITY;
 * - confirmed and packed orders are UNSHIPPED; every other shipped order is PARTIALLY_SHIPPED
 *   (its first line went out first); delivered, returned and RTO orders stay SHIPPED (the API
 *   has no later state; their package says the rest);
 * - one cancelled order in three is UNFULFILLABLE: "only applies to Amazon-fulfilled orders
 *   that were not placed on Amazon's retail website" (model), so it is rendered as a
 *   multi-channel order (fulfilled by AMAZON, sales channel NON_AMAZON);
 * - one order in five not yet shipped is Fulfilled by Amazon (FBA: `fulfilledBy` AMAZON), which
 *   Amazon ships from its own stock; every shipped order is the seller's (MERCHANT), with its package;
 * - unit prices include GST, as amazon.in shows them; the proceeds itemise ITEM (before tax),
 *   DISCOUNT, SHIPPING and TAX, adding up to the book's totals to the paisa. UNVERIFIED for amazon.in:
 *   every example Amazon gives (the model's, and its sandbox answers for UK, JP, BR, TR and US
 *   orders) has ITEM = unitPrice × quantity, which this rendering does not keep; Sutra reads no unit price;
 * - cash on delivery is each item's `shippingConstraints.cashOnDelivery: "MANDATORY"`.
 * `POST /amazon/_sandbox/confirm-pending` prices every pending order now (payment authorized:
 * UNSHIPPED), so a test sees a later sync complete them.
 */

export const MARKETPLACE = 'A21TJRUUN4KGV';
/**
 * The marketplaces of the Europe selling region, whose endpoint serves amazon.in
 * (developer-docs.amazon.com/sp-api/docs/marketplace-ids and /sp-api-endpoints).
 */
export const EU_MARKETPLACES = new Set([
  'A28R8C7NBKEWEA',
  'A1RKKUPIHCS9HS',
  'A1F83G8C2ARO7P',
  'A13V1IB3VIYZZH',
  'AMEN7PMS3EDWL',
  'A1805IZSGTT6HS',
  'A1PA6795UKMFR9',
  'APJ6JRA9NG5V4',
  'A2NODRKZP88ZB9',
  'AE08WJ6YKNBMC',
  'A1C3SOZRARQ6R3',
  'ARBP9OOSHTCHU',
  'A33AVAJ2PDY3EV',
  'A17E79C6D8DWNP',
  'A2VIGQ35RCS4UG',
  MARKETPLACE,
]);
/** searchOrders' usage plan (model): requests per second, burst. */
const PLAN = { rate: 0.0056, burst: 20 };
/**
 * Amazon's copy of the book is five minutes older than the book. A search may reach no later
 * than two minutes before now, and the book's newest order was updated one minute before the
 * sandbox started: unshifted, a sync started at once could never see the newest orders.
 */
export const AMAZON_TIME_SHIFT_MS = 5 * 60_000;
/** `lastUpdatedBefore` / `createdBefore` must be "at least two minutes before the time of the request" (model). */
export const NEWEST_REACH_MS = 2 * 60_000;
/** A nextToken expires after 24 hours (docs/providers.md §2.3). */
const TOKEN_TTL_MS = 24 * 3_600_000;
const MAX_MARKETPLACES = 50;

/** The enums of the model's searchOrders parameters. */
export const INCLUDED_DATA = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
const FULFILLMENT_STATUSES = ['PENDING_AVAILABILITY', 'PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE'] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];
const FULFILLED_BY = ['MERCHANT', 'AMAZON'] as const;
/**
 * The parameters a paginationToken is bound to ("all other parameters must be provided with the same values …
 * with the exception of maxResultsPerPage and includedData", model `Pagination`).
 */
const BOUND_FILTERS = [
  'marketplaceIds',
  'createdAfter',
  'createdBefore',
  'lastUpdatedAfter',
  'lastUpdatedBefore',
  'fulfillmentStatuses',
  'fulfilledBy',
] as const;

export const amazonOrderId = (i: number) => `403-${String(i).padStart(7, '0')}-${String((i * 7919) % 10_000_000).padStart(7, '0')}`;

/** How Amazon reports a book order (see the file's comment); a confirmed pending order is UNSHIPPED. */
export function amazonFulfillmentStatus(status: BookStatus, index: number, confirmed = false): FulfillmentStatus {
  switch (status) {
    case 'pending':
      if (confirmed) return 'UNSHIPPED';
      return index % 3 === 0 ? 'PENDING_AVAILABILITY' : 'PENDING';
    case 'confirmed':
    case 'packed':
      return 'UNSHIPPED';
    case 'shipped':
      return index % 2 === 0 ? 'PARTIALLY_SHIPPED' : 'SHIPPED';
    case 'cancelled':
      return index % 3 === 0 ? 'UNFULFILLABLE' : 'CANCELLED';
    default:
      return 'SHIPPED';
  }
}

/** Who ships book order `index` (see the file's comment): `fulfillment.fulfilledBy`. */
export function amazonFulfilledBy(status: BookStatus, index: number): (typeof FULFILLED_BY)[number] {
  const waiting = status === 'pending' || status === 'confirmed' || status === 'packed';
  return amazonFulfillmentStatus(status, index) === 'UNFULFILLABLE' || (waiting && index % 5 === 1) ? 'AMAZON' : 'MERCHANT';
}

const inr = (paise: number) => ({ amount: paise < 0 ? `-${rupees(-paise)}` : rupees(paise), currencyCode: 'INR' });
export const amazonTime = (bookTime: Date) => new Date(bookTime.getTime() - AMAZON_TIME_SHIFT_MS).toISOString();

/** When a shipped order's package left, in Amazon's time: halfway between the order and its last update. */
export const amazonShipTime = (o: BookOrder) => amazonTime(new Date(o.createdAt.getTime() + (o.updatedAt.getTime() - o.createdAt.getTime()) / 2));

/** The courier of a shipped order's package; the couriers' sandboxes know the Delhivery and Selloship AWBs (parcels.ts). */
export const amazonCarrier = (o: BookOrder) => (['Delhivery', 'Selloship', 'Blue Dart'] as const)[o.index % 3]!;

/** One proceeds breakdown; TAX and DISCOUNT say what they apply to (the model: "only available for TAX and DISCOUNT"). */
const breakdown = (type: string, paise: number) =>
  type === 'TAX' || type === 'DISCOUNT'
    ? { type, subtotal: inr(paise), detailedBreakdowns: [{ subtype: 'ITEM', value: inr(paise) }] }
    : { type, subtotal: inr(paise) };

/**
 * The proceeds of some money: ITEM before tax, then SHIPPING, DISCOUNT and TAX, adding up to
 * the total as in the model's example. UNVERIFIED: the sign of DISCOUNT (no example of Amazon's
 * has a DISCOUNT: neither the model's nor its sandbox answers, orders_2026-01-01.json @34dc93f);
 * written as a deduction, negative.
 */
function breakdowns({
  itemPaise,
  shippingPaise,
  discountPaise,
  taxPaise,
}: {
  itemPaise: number;
  shippingPaise: number;
  discountPaise: number;
  taxPaise: number;
}) {
  return [
    breakdown('ITEM', itemPaise),
    ...(shippingPaise ? [breakdown('SHIPPING', shippingPaise)] : []),
    ...(discountPaise ? [breakdown('DISCOUNT', -discountPaise)] : []),
    breakdown('TAX', taxPaise),
  ];
}

/** A package of a shipped order (FBM orders only, model): the AWB and courier, as the book's status stands. */
function renderPackage(o: BookOrder, status: FulfillmentStatus, orderItemIds: string[]) {
  const lines = status === 'PARTIALLY_SHIPPED' ? o.lines.slice(0, 1) : o.lines;
  const packageStatus =
    o.status === 'rto'
      ? { status: 'UNDELIVERABLE', detailedStatus: 'RETURNED_TO_SELLER' }
      : o.status === 'shipped'
        ? { status: 'SHIPPED', detailedStatus: 'PICKED_UP' }
        : { status: 'DELIVERED', detailedStatus: 'DELIVERED' };
  const shipTime = amazonShipTime(o);
  // Blue Dart stands for a courier Sutra does not connect: Amazon's Easy Ship pickup (amazon-finances.ts charges its fee).
  const carrier = amazonCarrier(o);
  const trackingNumber =
    carrier === 'Blue Dart' ? String(3_000_000_000_000 + o.index * 7919) : parcelAwb(carrier === 'Delhivery' ? 'delhivery' : 'selloship', 2 * o.index);
  return {
    // Unique "within the context of the order" (model), as a seller's own package numbers are.
    packageReferenceId: '1',
    createdTime: shipTime,
    packageStatus,
    carrier,
    shipTime,
    shippingService: 'Standard',
    trackingNumber,
    packageItems: lines.map((l) => ({ orderItemId: orderItemIds[o.lines.indexOf(l)], quantity: l.quantity })),
  };
}

/**
 * A book order as searchOrders returns it, with the datasets asked for. `confirmedAt`: when a
 * pending order was priced (`confirm-pending`), which is also its last update.
 */
function renderAmazonOrder(o: BookOrder, datasets: ReadonlySet<string> = new Set(INCLUDED_DATA), confirmedAt?: Date) {
  const status = amazonFulfillmentStatus(o.status, o.index, confirmedAt !== undefined);
  const priced = status !== 'PENDING' && status !== 'PENDING_AVAILABILITY';
  const multiChannel = status === 'UNFULFILLABLE';
  // UNVERIFIED for 2026-01-01: in v0 the address came only with orders that can ship (docs/providers.md §2.1); 2026-01-01 names
  // the same statuses for the buyer's email (developer-docs.amazon.com/sp-api/docs/access-orders-pii), its address rule was
  // not read. There postalCode is PII, served without a Restricted Data Token but only to apps with the Direct-to-Consumer
  // Delivery (Restricted) role; city and stateOrRegion are not PII. The sandbox stands for an app with that role.
  const shippable = status === 'UNSHIPPED' || status === 'PARTIALLY_SHIPPED' || status === 'SHIPPED';
  const orderItemIds = o.lines.map((l) => `${String(o.index).padStart(8, '0')}${l.lineId}`);
  const orderItems = o.lines.map((l, n) => {
    const shippingPaise = n === 0 ? o.shippingPaise : 0;
    const fulfilled = status === 'SHIPPED' || (status === 'PARTIALLY_SHIPPED' && n === 0) ? l.quantity : 0;
    return {
      orderItemId: orderItemIds[n],
      quantityOrdered: l.quantity,
      product: {
        asin: `B0${String(l.sku.length * 7919).padStart(8, '0')}`,
        title: l.title,
        sellerSku: l.sku,
        // The price a buyer sees on amazon.in includes GST, here the book's 12% (its unit prices are whole rupees, so exact).
        ...(priced ? { price: { unitPrice: inr((l.unitPaise * 112) / 100) } } : {}),
      },
      ...(datasets.has('PROCEEDS') && priced
        ? {
            proceeds: {
              proceedsTotal: inr(l.unitPaise * l.quantity - l.discountPaise + l.taxPaise + shippingPaise),
              breakdowns: breakdowns({ itemPaise: l.unitPaise * l.quantity, shippingPaise, discountPaise: l.discountPaise, taxPaise: l.taxPaise }),
            },
          }
        : {}),
      ...(datasets.has('FULFILLMENT')
        ? {
            fulfillment: {
              quantityFulfilled: fulfilled,
              quantityUnfulfilled: l.quantity - fulfilled,
              shipping: { shippingConstraints: o.cod ? { cashOnDelivery: 'MANDATORY' } : {} },
            },
          }
        : {}),
    };
  });
  return {
    orderId: amazonOrderId(o.index),
    createdTime: amazonTime(o.createdAt),
    lastUpdatedTime: confirmedAt ? amazonTime(confirmedAt) : amazonTime(o.updatedAt),
    programs: status === 'PENDING_AVAILABILITY' ? ['PREORDER'] : [],
    salesChannel: multiChannel
      ? { channelName: 'NON_AMAZON', marketplaceId: MARKETPLACE }
      : { channelName: 'AMAZON', marketplaceId: MARKETPLACE, marketplaceName: 'Amazon.in' },
    ...(datasets.has('RECIPIENT') && shippable
      ? { recipient: { deliveryAddress: { city: o.city, stateOrRegion: o.state, postalCode: o.pincode, countryCode: 'IN' } } }
      : {}),
    ...(datasets.has('PROCEEDS') && priced
      ? {
          proceeds: {
            grandTotal: inr(o.totalPaise),
            breakdowns: breakdowns({ itemPaise: o.subtotalPaise, shippingPaise: o.shippingPaise, discountPaise: o.discountPaise, taxPaise: o.taxPaise }),
          },
        }
      : {}),
    ...(datasets.has('FULFILLMENT')
      ? { fulfillment: { fulfillmentStatus: status, fulfilledBy: amazonFulfilledBy(o.status, o.index), fulfillmentServiceLevel: 'STANDARD' } }
      : {}),
    orderItems,
    ...(datasets.has('PACKAGES') && (status === 'SHIPPED' || status === 'PARTIALLY_SHIPPED') ? { packages: [renderPackage(o, status, orderItemIds)] } : {}),
  };
}

/** Amazon's ErrorList body (docs/providers.md §2.4), with Amazon's own words. */
export const errors = (res: Response, status: number, code: string, message: string, details = '') =>
  void res.status(status).json({ errors: [{ code, message, details }] });
/**
 * What searchOrders answers an invalid parameter, whichever it is: selling-partner-api-models#5144 (a paginationToken)
 * and #5365 (includedData), both v2026-01-01, and the same words from v0 (#4979). Amazon does not say which rule
 * failed; the sandbox names it in its own header, `x-sandbox-rule`, for tests and developers.
 */
/**
 * What every SP-API route of the sandbox does first, as Amazon does: a request id; the LWA token
 * (403 Unauthorized when revoked or unknown); the operation's usage plan per token (429
 * QuotaExceeded, counted); then, on an admitted call, its rate header (the model lists
 * x-amzn-RateLimit-Limit on 200, 400 and 404 answers; 403 and 429 carry only the request id).
 * False when it answered.
 */
export function admitSpApiCall(
  req: Request,
  res: Response,
  state: SandboxState,
  plan: { buckets: RateBuckets; rateHeader: string },
  counts: { throttled: number; requests: string[] },
): boolean {
  counts.requests = [...counts.requests.slice(-49), req.url];
  res.setHeader('x-amzn-RequestId', randomUUID());
  const token = req.header('x-amz-access-token');
  if (state.revoked || !state.tokens.amazon.isValid(token)) {
    errors(res, 403, 'Unauthorized', 'Access to requested resource is denied.');
    return false;
  }
  // The plan is per selling partner and application; each LWA token here stands for the sandbox's one seller and Sutra's app.
  if (!plan.buckets.get(token!).take()) {
    counts.throttled++;
    errors(res, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
    return false;
  }
  res.setHeader('x-amzn-RateLimit-Limit', plan.rateHeader);
  return true;
}

/** An operation's usage plan in the sandbox: its token buckets and the rate header it announces. */
export const spApiPlan = (plan: { rate: number; burst: number }, rateScale: number) => ({
  buckets: new RateBuckets(plan.rate * rateScale, plan.burst),
  rateHeader: String(Number((plan.rate * rateScale).toPrecision(6))),
});

export const INVALID_INPUT = 'The input you have submitted is not valid. Please check your input and try again.';
/** A paginationToken sent with other filters than its own (amzn/selling-partner-api-sdk#717, searchOrders). */
const TOKEN_MISMATCH = 'The paginationToken you have submitted is not valid. All parameters must match the original request except maxResultsPerPage.';
export const SANDBOX_RULE_HEADER = 'x-sandbox-rule';
export const invalid = (res: Response, rule: string, message = INVALID_INPUT) => {
  res.setHeader(SANDBOX_RULE_HEADER, rule);
  errors(res, 400, 'InvalidInput', message);
};

/** ISO 8601 date-time, as the model's `format: date-time` parameters require. */
export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** What a paginationToken carries: where the next page starts, the filters it belongs to, when it was issued and the window's end. */
interface PageToken {
  p: number;
  h: string;
  t: number;
  b: string;
}

/** One search as the sandbox runs it, once its parameters passed every rule. */
interface Search {
  /** The marketplaces asked for; all of the seller's when none is named. */
  marketplaces?: Set<string>;
  by: 'updated' | 'created';
  after: Date;
  before: Date;
  statuses?: Set<string>;
  fulfilledBy?: Set<string>;
  size: number;
  datasets: Set<string>;
  start: number;
  hash: string;
}

/** What a test can read of the sandbox's Amazon: calls made and throttled, and the latest requests as sent. */
interface AmazonDesk {
  api: Router;
  calls(): { searchOrders: number; throttled: number; requests: string[] };
  /** Prices every pending order now, as Amazon does once payment is authorized; the ids confirmed. */
  confirmPending(): string[];
}

export function amazonOrdersSandbox(state: SandboxState): AmazonDesk {
  const book: OrderBook = state.book;
  const plan = spApiPlan(PLAN, state.rateScale);
  /** Book index → when Amazon priced it (insertion order is time order). */
  const confirmed = new Map<number, Date>();
  const counts = { searchOrders: 0, throttled: 0, requests: [] as string[] };

  const statusAt = (i: number) => amazonFulfillmentStatus(book.statusOf(i), i, confirmed.has(i));
  const matches = (s: Search, i: number) => {
    const status = statusAt(i);
    // "orders that were placed in marketplaces you include in this list" (model); the book is all amazon.in.
    if (s.marketplaces && !s.marketplaces.has(MARKETPLACE)) return false;
    return (!s.statuses || s.statuses.has(status)) && (!s.fulfilledBy || s.fulfilledBy.has(amazonFulfilledBy(book.statusOf(i), i)));
  };

  /**
   * The orders of a search in update (or creation) order, as positions: the book's range,
   * then the orders confirmed since, which were updated after the whole book.
   */
  function positions(s: Search): { length: number; at(p: number): number | undefined } {
    const shift = (d: Date) => new Date(d.getTime() + AMAZON_TIME_SHIFT_MS);
    // "at or after" / "at or before" (model); the book's times are whole milliseconds.
    const lo = book.indexAfter(new Date(shift(s.after).getTime() - 1));
    if (s.by === 'created') {
      // Created no later than updated: orders created in the window are all from `lo` on.
      return {
        length: book.size - lo,
        at: (p) => {
          const created = Date.parse(amazonTime(book.get(lo + p).createdAt));
          return created >= s.after.getTime() && created <= s.before.getTime() ? lo + p : undefined;
        },
      };
    }
    const hi = book.indexAfter(shift(s.before));
    const late = [...confirmed].filter(([, at]) => {
      const t = at.getTime() - AMAZON_TIME_SHIFT_MS;
      return t >= s.after.getTime() && t <= s.before.getTime();
    });
    return {
      length: Math.max(hi - lo, 0) + late.length,
      at: (p) => (p < hi - lo ? (confirmed.has(lo + p) ? undefined : lo + p) : late[p - Math.max(hi - lo, 0)]?.[0]),
    };
  }

  /** Every rule of the model's parameters; the search, or the refusal already sent. */
  function readSearch(req: Request, res: Response): Search | undefined {
    const q = req.query as Record<string, string | string[] | undefined>;
    // Arrays are comma-separated: Amazon's own SDK sends them so (amzn/selling-partner-api-sdk,
    // java/…/orders/v2026_01_01/SearchOrdersApi.java: parameterToPairs("csv", …)), and Amazon answers such a request
    // (includedData=PROCEEDS,FULFILLMENT in selling-partner-api-models#5365). UNVERIFIED: how Amazon reads a repeated
    // parameter; the sandbox reads it as more values.
    const list = (name: string) =>
      q[name] === undefined
        ? undefined
        : [q[name]]
            .flat()
            .flatMap((v) => String(v).split(','))
            .filter((v) => v !== '');
    const one = (name: string) => (Array.isArray(q[name]) ? q[name].at(-1) : q[name]);
    // Optional in 2026-01-01 (`required: false` in every version of orders_2026-01-01.json, and in Amazon's SDK; v0
    // required MarketplaceIds): without it, all of the seller's marketplaces. A marketplace of another selling region
    // is refused as Amazon's sandbox refuses one (selling-partner-api-models#5126).
    const marketplaceIds = list('marketplaceIds');
    if (marketplaceIds && marketplaceIds.length > MAX_MARKETPLACES) return void invalid(res, `marketplaceIds may contain at most ${MAX_MARKETPLACES} values.`);
    if (marketplaceIds?.some((m) => !EU_MARKETPLACES.has(m))) {
      // A 403 carries no x-amzn-RateLimit-Limit (model).
      res.removeHeader('x-amzn-RateLimit-Limit');
      res.setHeader(SANDBOX_RULE_HEADER, "marketplaceIds must be marketplaces of the endpoint's region.");
      return void errors(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The marketplaces you provided are not valid for region.');
    }
    const [createdAfter, createdBefore, lastUpdatedAfter, lastUpdatedBefore] = ['createdAfter', 'createdBefore', 'lastUpdatedAfter', 'lastUpdatedBefore'].map(
      one,
    );
    if (createdAfter && lastUpdatedAfter) return void invalid(res, 'createdAfter and lastUpdatedAfter cannot both be provided.');
    if (!createdAfter && !lastUpdatedAfter) return void invalid(res, 'Exactly one of createdAfter and lastUpdatedAfter must be provided.');
    if (createdAfter && lastUpdatedBefore) return void invalid(res, 'lastUpdatedBefore cannot be provided with createdAfter.');
    if (lastUpdatedAfter && createdBefore) return void invalid(res, 'createdBefore cannot be provided with lastUpdatedAfter.');
    const [afterName, beforeName] = createdAfter ? ['createdAfter', 'createdBefore'] : ['lastUpdatedAfter', 'lastUpdatedBefore'];
    const afterText = (createdAfter ?? lastUpdatedAfter)!;
    const beforeText = createdAfter ? createdBefore : lastUpdatedBefore;
    for (const [name, text] of [
      [afterName, afterText],
      [beforeName, beforeText],
    ] as const) {
      if (text !== undefined && (!ISO_8601.test(text) || Number.isNaN(Date.parse(text)))) return void invalid(res, `${name} must be an ISO 8601 date-time.`);
    }
    const after = new Date(afterText);
    const newest = Date.now() - NEWEST_REACH_MS;
    if (beforeText !== undefined) {
      if (Date.parse(beforeText) < after.getTime()) return void invalid(res, `${beforeName} must be equal to or after ${afterName}.`);
      if (Date.parse(beforeText) > newest) return void invalid(res, `${beforeName} must be at least two minutes before the time of the request.`);
    }
    const sizeText = one('maxResultsPerPage') ?? '100';
    const size = Number(sizeText);
    if (!/^\d+$/.test(sizeText) || size < 1 || size > 100) return void invalid(res, 'maxResultsPerPage must be between 1 and 100.');
    const outside = (name: string, allowed: readonly string[]) => list(name)?.find((v) => !allowed.includes(v));
    for (const [name, allowed] of [
      ['includedData', INCLUDED_DATA],
      ['fulfillmentStatuses', FULFILLMENT_STATUSES],
      ['fulfilledBy', FULFILLED_BY],
    ] as const) {
      const bad = outside(name, allowed);
      if (bad !== undefined) return void invalid(res, `Invalid value '${bad}' for ${name}. Allowed values: ${allowed.join(', ')}.`);
    }
    const hash = createHash('sha256')
      .update(JSON.stringify(BOUND_FILTERS.map((f) => list(f) ?? null)))
      .digest('base64url')
      .slice(0, 16);
    let start = 0;
    let before = new Date(beforeText ?? newest);
    const tokenText = one('paginationToken');
    if (tokenText !== undefined) {
      const token = readToken(tokenText);
      // UNVERIFIED: Amazon's words for a garbled or an expired token; its generic ones here.
      if (!token) return void invalid(res, 'paginationToken is not a token the sandbox issued.');
      if (Date.now() - token.t > TOKEN_TTL_MS) return void invalid(res, 'paginationToken expired: it lives 24 hours.');
      if (token.h !== hash) return void invalid(res, 'paginationToken was issued for other filters.', TOKEN_MISMATCH);
      start = token.p;
      before = new Date(token.b);
    }
    const statuses = list('fulfillmentStatuses');
    const fulfilledBy = list('fulfilledBy');
    return {
      ...(marketplaceIds?.length ? { marketplaces: new Set(marketplaceIds) } : {}),
      by: createdAfter ? 'created' : 'updated',
      after,
      before,
      ...(statuses ? { statuses: new Set(statuses) } : {}),
      ...(fulfilledBy ? { fulfilledBy: new Set(fulfilledBy) } : {}),
      size,
      datasets: new Set(list('includedData') ?? []),
      start,
      hash,
    };
  }

  const api = Router();
  api.get('/orders/2026-01-01/orders', (req, res) => {
    counts.searchOrders++;
    if (!admitSpApiCall(req, res, state, plan, counts)) return;
    const search = readSearch(req, res);
    if (!search) return;
    const all = positions(search);
    const orders = [];
    let p = search.start;
    for (; p < all.length && orders.length < search.size; p++) {
      const i = all.at(p);
      if (i !== undefined && matches(search, i)) orders.push(renderAmazonOrder(book.get(i), search.datasets, confirmed.get(i)));
    }
    const nextToken =
      p < all.length
        ? Buffer.from(JSON.stringify({ p, h: search.hash, t: Date.now(), b: search.before.toISOString() } satisfies PageToken)).toString('base64url')
        : undefined;
    res.json({
      orders,
      ...(nextToken ? { pagination: { nextToken } } : {}),
      // The response echoes the window's end (docs/providers.md §2.3).
      [search.by === 'created' ? 'createdBefore' : 'lastUpdatedBefore']: search.before.toISOString(),
    });
  });

  return {
    api,
    calls: () => ({ ...counts, requests: [...counts.requests] }),
    confirmPending() {
      const now = new Date();
      const ids: string[] = [];
      for (let i = 0; i < book.size; i++) {
        if (book.statusOf(i) === 'pending' && !confirmed.has(i)) {
          confirmed.set(i, now);
          ids.push(amazonOrderId(i));
        }
      }
      return ids;
    },
  };
}

function readToken(text: string): PageToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<PageToken>;
    return typeof token.p === 'number' && typeof token.h === 'string' && typeof token.t === 'number' && typeof token.b === 'string'
      ? (token as PageToken)
      : undefined;
  } catch {
    return undefined;
  }
}
