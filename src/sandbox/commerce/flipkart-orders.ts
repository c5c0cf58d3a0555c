import express, { Router, type Request, type Response } from 'express';
import type { BookLine, BookOrder, BookStatus, OrderBook } from './order-book.js';
import type { SandboxState } from './state.js';

/**
 * Flipkart Seller API v3 shipments over the shared order book (docs/providers.md §3.2), as strict
 * as Flipkart. Flipkart fulfils by shipment: an order (OD…) may be split over several
 * shipments, and each order item has its own state. The book's orders are rendered that way,
 * deterministically from the order's index (the book itself is not changed):
 * - live orders with index % 4 = 1 are split over two shipments: the first line alone, last
 *   modified 10 minutes before the rest, so the two land on different pages;
 * - live orders with index % 4 = 3 had their first line cancelled (its own shipment, found by
 *   the cancelled search) while the other lines go on;
 * - cancelled orders are spread over the three cancellation types (index % 3);
 * - 'returned' orders are DELIVERED and 'rto' orders SHIPPED in the post-dispatch search: the
 *   returns API (flipkart-returns.ts) is where a seller learns they came back. Some delivered
 *   orders carry a customer return that was cancelled.
 */

const SEARCH_TYPES = ['preDispatch', 'postDispatch', 'cancelled'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const CANCELLATION_TYPES = ['sellerCancellation', 'buyerCancellation', 'marketplaceCancellation'] as const;
export type CancellationType = (typeof CANCELLATION_TYPES)[number];
export const RETURN_SOURCES = ['courier_return', 'customer_return'] as const;
export type ReturnSource = (typeof RETURN_SOURCES)[number];

/** Every order item state (SDK Filter.md StatesEnum, docs/providers.md §3.3). */
const ALL_STATES = [
  'APPROVED',
  'PACKING_IN_PROGRESS',
  'FORM_FAILED',
  'PACKED',
  'READY_TO_DISPATCH',
  'PICKUP_COMPLETE',
  'CANCELLED',
  'RETURN_REQUESTED',
  'RETURNED',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
];
/** The states each search type takes (docs/providers.md §3.2; tap-flipkart's partitions). */
const STATES_OF: Record<SearchType, readonly string[]> = {
  preDispatch: ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'],
  postDispatch: ['SHIPPED', 'DELIVERED', 'PICKUP_COMPLETE'],
  cancelled: ['CANCELLED'],
};
const DATE_FILTERS = ['orderDate', 'dispatchAfterDate', 'dispatchByDate', 'modifiedDate', 'cancellationDate'] as const;
// UNVERIFIED: Flipkart documents no maximum ("a finite number of results based on the pageSize value",
// seller.flipkart.com/api-docs/order-api-docs/v3/PostShipmentSearch.html); every client seen (SDK examples,
// tap-flipkart) uses 20, and a next_token Flipkart gave for a search without pageSize holds page_size 20 [3P].
const MAX_PAGE_SIZE = 20;
/** Comma-separated ids per details call: "Maximum 100 shipment ids allowed per request" (fk docs get-shipment-details). */
const MAX_IDS = 100;

const SPLIT_LAG_MS = 10 * 60_000 + 10_000;
const RETURN_LAG_MS = 2 * 86_400_000;
export const COURIERS = ['Ekart Logistics', 'Delhivery', 'Ecom Express', 'Shadowfax'];
const CANCEL_REASONS: Record<CancellationType, string> = {
  sellerCancellation: 'seller_cancellation',
  buyerCancellation: 'buyer_cancellation',
  marketplaceCancellation: 'marketplace_cancellation',
};

/** One Flipkart shipment of a book order. */
export interface ShipmentPlan {
  part: 0 | 1;
  lines: 'all' | 'first' | 'rest';
  state: string;
  search: SearchType;
  cancellationType?: CancellationType;
  /** How long before the order's own update time the shipment was last modified. */
  lagMs: number;
}

/** A return of every line of a book order, as the returns API reports it. */
export interface ReturnPlan {
  source: ReturnSource;
  status: 'CREATED' | 'COMPLETED' | 'CANCELLED';
}

const LIVE_STATE: Partial<Record<BookStatus, (i: number) => string>> = {
  pending: () => 'APPROVED',
  confirmed: (i) => ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED'][i % 3]!,
  packed: (i) => ['PACKED', 'READY_TO_DISPATCH'][i % 2]!,
  shipped: (i) => ['SHIPPED', 'PICKUP_COMPLETE'][i % 2]!,
  delivered: () => 'DELIVERED',
};
/** Live orders whose first line was cancelled on its own. */
const partlyCancelled = (index: number, status: BookStatus) => index % 4 === 3 && LIVE_STATE[status] !== undefined;
const searchOf = (state: string): SearchType => (STATES_OF.preDispatch.includes(state) ? 'preDispatch' : state === 'CANCELLED' ? 'cancelled' : 'postDispatch');

/** The shipments order `index` is split into (cheap: from the index and status alone). */
export function shipmentPlans(index: number, status: BookStatus): ShipmentPlan[] {
  if (status === 'cancelled')
    return [{ part: 0, lines: 'all', state: 'CANCELLED', search: 'cancelled', cancellationType: CANCELLATION_TYPES[index % 3], lagMs: 0 }];
  if (status === 'returned') return [{ part: 0, lines: 'all', state: 'DELIVERED', search: 'postDispatch', lagMs: RETURN_LAG_MS }];
  if (status === 'rto') return [{ part: 0, lines: 'all', state: 'SHIPPED', search: 'postDispatch', lagMs: RETURN_LAG_MS }];
  const state = LIVE_STATE[status]!(index);
  const search = searchOf(state);
  if (index % 4 === 1)
    return [
      { part: 0, lines: 'first', state, search, lagMs: SPLIT_LAG_MS },
      { part: 1, lines: 'rest', state, search, lagMs: 0 },
    ];
  if (partlyCancelled(index, status)) {
    const cancellationType = CANCELLATION_TYPES[(index >> 2) % 3];
    return [
      { part: 0, lines: 'rest', state, search, lagMs: 0 },
      { part: 1, lines: 'first', state: 'CANCELLED', search: 'cancelled', cancellationType, lagMs: SPLIT_LAG_MS },
    ];
  }
  return [{ part: 0, lines: 'all', state, search, lagMs: 0 }];
}

/** The return the returns API holds for order `index`, if any. */
export function returnPlan(index: number, status: BookStatus): ReturnPlan | undefined {
  const progress = index % 2 ? 'CREATED' : 'COMPLETED';
  if (status === 'returned') return { source: 'customer_return', status: progress };
  if (status === 'rto') return { source: 'courier_return', status: progress };
  // The buyer asked for a return, then withdrew it: nothing comes back.
  if (status === 'delivered' && index % 20 === 12) return { source: 'customer_return', status: 'CANCELLED' };
  return undefined;
}

export const linesOf = (o: BookOrder, plan: Pick<ShipmentPlan, 'lines'>): BookLine[] =>
  plan.lines === 'all' ? o.lines : plan.lines === 'first' ? o.lines.slice(0, 1) : o.lines.slice(1);
/** Flipkart prices include GST and the seller's discount: what the buyer pays for the line. */
export const sellingPaise = (l: BookLine) => l.unitPaise * l.quantity - l.discountPaise + l.taxPaise;
/** Shipping rides on the order's first line that was not cancelled. */
export const shippingPaise = (o: BookOrder, line: number) => (line === (partlyCancelled(o.index, o.status) ? 1 : 0) ? o.shippingPaise : 0);

/**
 * Book order `o` as a seller should find it once imported from Flipkart (for tests): its lines still
 * waiting to be dispatched from the seller's stock (every shipment here is NON_FBF), and what the
 * buyer paid.
 */
export function flipkartView(o: BookOrder): { waitingLines: number; waitingUnits: number; totalPaise: number } {
  const lines = shipmentPlans(o.index, o.status).flatMap((plan) =>
    linesOf(o, plan).map((l) => ({
      cancelled: plan.state === 'CANCELLED',
      waiting: plan.search === 'preDispatch',
      units: l.quantity,
      paid: sellingPaise(l) + shippingPaise(o, o.lines.indexOf(l)),
    })),
  );
  const live = lines.filter((l) => !l.cancelled);
  const waiting = lines.filter((l) => l.waiting);
  return {
    waitingLines: waiting.length,
    waitingUnits: waiting.reduce((t, l) => t + l.units, 0),
    // An order cancelled whole keeps its priced total.
    totalPaise: (live.length ? live : lines).reduce((t, l) => t + l.paid, 0),
  };
}

export const orderId = (i: number) => `OD${String(4_300_000_000_000_000_000n + BigInt(i))}`;
export const shipmentId = (i: number, part: number) => `5b1e0d2c-000${part}-4000-8000-${i.toString(16).padStart(12, '0')}`;
export const orderItemId = (o: BookOrder, line: number) => `${String(o.index).padStart(10, '0')}${o.lines[line]!.lineId}`;
export const trackingId = (i: number, part: number) => `FMPC${String(i).padStart(10, '0')}${part}`;
const decodeShipmentId = (id: string) => {
  const m = /^5b1e0d2c-000([01])-4000-8000-([0-9a-f]{12})$/.exec(id);
  return m ? { index: parseInt(m[2]!, 16), part: Number(m[1]) } : undefined;
};
const decodeOrderId = (id: string) => (/^OD\d{19}$/.test(id) ? Number(BigInt(id.slice(2)) - 4_300_000_000_000_000_000n) : -1);
const decodeOrderItemId = (id: string) => (/^\d{13,}$/.test(id) ? { index: Number(id.slice(0, 10)), line: Number(id.slice(-2)) - 1 } : undefined);

/** Flipkart writes times in IST with an offset. */
export const ist = (d: Date | number) => new Date(new Date(d).getTime() + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
const inr = (paise: number) => paise / 100;

/** When a shipment of order `index` was last modified. */
const shipmentTime = (book: OrderBook, index: number, plan: ShipmentPlan) => book.updatedAt(index).getTime() - plan.lagMs;

/** The seller's two warehouses: one order in ten ships from the second. */
export const SELLER_LOCATIONS = ['LOC0000000001', 'LOC0000000002'] as const;
export const locationOf = (index: number): string => SELLER_LOCATIONS[index % 10 === 9 ? 1 : 0];

/** The Shipment object of the search and of GET /v3/shipments (SDK Shipment.md, OrderItem.md). */
function renderShipment(book: OrderBook, o: BookOrder, plan: ShipmentPlan) {
  const modified = shipmentTime(book, o.index, plan);
  const first = plan.lines === 'rest' ? 1 : 0;
  return {
    shipmentId: shipmentId(o.index, plan.part),
    dispatchByDate: ist(o.createdAt.getTime() + 48 * 3_600_000),
    dispatchAfterDate: ist(o.createdAt),
    updatedAt: ist(modified),
    locationId: locationOf(o.index),
    hold: false,
    mps: false,
    packagingPolicy: 'DEFAULT',
    shipmentType: 'NORMAL',
    subShipments: [{ subShipmentId: 'SS-1', packages: [] }],
    orderItems: linesOf(o, plan).map((l, n) => {
      const line = first + n;
      const selling = sellingPaise(l);
      const shipping = shippingPaise(o, line);
      const cancelled = plan.state === 'CANCELLED';
      return {
        orderItemId: orderItemId(o, line),
        orderId: orderId(o.index),
        // Lines of a partly cancelled order are cancelled one by one, so each is its own group.
        cancellationGroupId: partlyCancelled(o.index, o.status) ? `grp${orderItemId(o, line)}` : `grp${o.index}`,
        orderDate: ist(o.createdAt),
        ...(cancelled
          ? { cancellationDate: ist(modified), cancellationReason: CANCEL_REASONS[plan.cancellationType!], cancellationSubReason: 'not_specified' }
          : {}),
        paymentType: o.cod ? 'COD' : 'PREPAID',
        status: plan.state,
        courierReturn: false,
        quantity: l.quantity,
        fsn: `FSN${l.sku.replace(/-/g, '')}`,
        sku: l.sku,
        listingId: `LST${l.sku.replace(/-/g, '')}`,
        hsn: '61091000',
        title: l.title,
        packageIds: [],
        priceComponents: {
          sellingPrice: inr(selling),
          totalPrice: inr(selling + shipping),
          shippingCharge: inr(shipping),
          customerPrice: inr(selling),
          flipkartDiscount: 0,
        },
        serviceProfile: 'NON_FBF',
        is_replacement: false,
      };
    }),
    forms: [],
  };
}

/**
 * The shipment details of GET /v3/shipments/{shipmentIds} as Flipkart documents them
 * (fk docs get-shipment-details; Address.md): addresses per shipment, the courier per
 * sub-shipment, order items as {id, fragile, large, dangerous, add_ons}.
 */
function renderShipmentDetails(o: BookOrder, plan: ShipmentPlan) {
  const address = {
    firstName: 'Sandbox',
    lastName: 'Buyer',
    pinCode: o.pincode,
    city: o.city,
    state: o.state,
    stateCode: null,
    addressLine1: '1 Sandbox Road',
    addressLine2: null,
    landmark: null,
    contactNumber: null,
  };
  const first = plan.lines === 'rest' ? 1 : 0;
  // The courier is known once the parcel left the seller.
  const courier = { trackingId: trackingId(o.index, plan.part), vendorName: COURIERS[o.index % COURIERS.length]! };
  return {
    orderId: orderId(o.index),
    shipmentId: shipmentId(o.index, plan.part),
    orderItems: linesOf(o, plan).map((_l, n) => ({ id: orderItemId(o, first + n), fragile: false, large: false, dangerous: false, add_ons: [] })),
    deliveryAddress: address,
    billingAddress: address,
    buyerDetails: { firstName: 'Sandbox', lastName: 'Buyer' },
    sellerAddress: null,
    returnAddress: null,
    subShipments: [
      {
        subShipmentId: 'SS-1',
        courierDetails:
          plan.search === 'postDispatch'
            ? { pickupDetails: courier, deliveryDetails: courier }
            : { pickupDetails: { trackingId: null, vendorName: null }, deliveryDetails: { trackingId: null, vendorName: null } },
        shipmentDimensions: { length: null, breadth: null, height: null, weight: null },
      },
    ],
  };
}

/** A time-sorted list of entries (one search's shipments, or one source's returns). */
class TimeList {
  constructor(
    readonly times: Float64Array,
    readonly entries: Int32Array,
    readonly states: Uint8Array,
  ) {}

  /** Positions [lo, hi) of the entries modified within [from, to] (inclusive, as Flipkart's date filters). */
  range(from: number, to: number): [number, number] {
    return [this.bound(from, false), this.bound(to, true)];
  }

  private bound(t: number, after: boolean): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t || (after && this.times[mid] === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Every search's (and every return source's) entries, built once per book: shipments as index × 2 + part. */
interface FlipkartIndex {
  searches: Map<string, TimeList>;
  returns: Map<ReturnSource, TimeList>;
}

const searchKey = (type: SearchType, cancellationType?: CancellationType) => (type === 'cancelled' ? `cancelled/${cancellationType}` : type);

const built = new WeakMap<OrderBook, FlipkartIndex>();

/** The index over the whole book, built on first use from the statuses alone (never the whole book's orders). */
export function flipkartIndex(book: OrderBook): FlipkartIndex {
  let index = built.get(book);
  if (index) return index;
  const lists = new Map<string, { times: number[]; entries: number[]; states: number[] }>();
  const add = (key: string, time: number, entry: number, state: number) => {
    let list = lists.get(key);
    if (!list) lists.set(key, (list = { times: [], entries: [], states: [] }));
    list.times.push(time);
    list.entries.push(entry);
    list.states.push(state);
  };
  for (let i = 0; i < book.size; i++) {
    const status = book.statusOf(i);
    for (const plan of shipmentPlans(i, status))
      add(searchKey(plan.search, plan.cancellationType), shipmentTime(book, i, plan), i * 2 + plan.part, ALL_STATES.indexOf(plan.state));
    const ret = returnPlan(i, status);
    if (ret) add(`return/${ret.source}`, book.updatedAt(i).getTime(), i, 0);
  }
  const sorted = (key: string) => {
    const { times, entries, states } = lists.get(key) ?? { times: [], entries: [], states: [] };
    const order = Uint32Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || entries[a]! - entries[b]!);
    return new TimeList(
      Float64Array.from(order, (k) => times[k]!),
      Int32Array.from(order, (k) => entries[k]!),
      Uint8Array.from(order, (k) => states[k]!),
    );
  };
  index = {
    searches: new Map([
      ...SEARCH_TYPES.filter((t) => t !== 'cancelled').map((t) => [t, sorted(t)] as const),
      ...CANCELLATION_TYPES.map((c) => [searchKey('cancelled', c), sorted(searchKey('cancelled', c))] as const),
    ]),
    returns: new Map(RETURN_SOURCES.map((s) => [s, sorted(`return/${s}`)] as const)),
  };
  built.set(book, index);
  return index;
}

/** Flipkart's error body (SDK Error.md: severity, code, description, path). UNVERIFIED: the codes are the sandbox's own. */
export function refuse(res: Response, code: number, description: string, path: string): void {
  res.status(400).json({ errors: [{ severity: 'ERROR', code, description, path }] });
}

/** A date window's bounds in ms (open ends are infinite), or the description of what is wrong with it. */
export function dateRange(fromName: string, toName: string, from: unknown, to: unknown): { from: number; to: number } | string {
  const parse = (v: unknown, name: string, open: number) => {
    if (v === undefined || v === null) return open;
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? `${name} must be a date-time, e.g. 2026-08-01T00:00:00.000+05:30` : t;
  };
  const f = parse(from, fromName, -Infinity);
  const t = parse(to, toName, Infinity);
  if (typeof f === 'string') return f;
  if (typeof t === 'string') return t;
  return f > t ? `${fromName} must not be after ${toName}` : { from: f, to: t };
}

/** The opaque position a next page resumes from (Flipkart's next_token); open window ends survive the trip. */
export const encodeToken = (state: unknown[]) =>
  Buffer.from(JSON.stringify(state, (_k, v: unknown) => (v === Infinity ? 'max' : v === -Infinity ? 'min' : v))).toString('base64url');
export function decodeToken(token: unknown): unknown[] | undefined {
  try {
    const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const state: unknown = JSON.parse(text, (_k, v: unknown) => (v === 'max' ? Infinity : v === 'min' ? -Infinity : v));
    return Array.isArray(state) ? state : undefined;
  } catch {
    return undefined;
  }
}

interface SearchPosition {
  key: string;
  states: number[];
  from: number;
  to: number;
  pos: number;
  size: number;
  /** filter.locationId: only shipments leaving from this warehouse. */
  location?: string;
}

type SearchBody = {
  filter?: Record<string, unknown> & { type?: unknown; states?: unknown; cancellationType?: unknown };
  pagination?: { pageSize?: unknown };
};

/** The search a POST body asks for, or Flipkart's refusal of it. */
function readSearch(body: SearchBody): SearchPosition | { code: number; description: string; path: string } {
  const filter = body.filter;
  if (!filter || typeof filter !== 'object') return { code: 4000, description: 'filter is required', path: 'filter' };
  const type = filter.type;
  if (type === undefined) return { code: 4001, description: `filter.type is required: one of ${SEARCH_TYPES.join(', ')}`, path: 'filter.type' };
  if (!SEARCH_TYPES.includes(type as SearchType))
    return { code: 4001, description: `Invalid filter.type ${JSON.stringify(type)}: one of ${SEARCH_TYPES.join(', ')}`, path: 'filter.type' };
  const allowed = STATES_OF[type as SearchType];
  let states = allowed;
  if (filter.states !== undefined) {
    if (!Array.isArray(filter.states) || !filter.states.length)
      return { code: 4002, description: 'filter.states must be a non-empty list of states', path: 'filter.states' };
    const wrong = filter.states.filter((s) => !allowed.includes(s as string));
    if (wrong.length)
      return {
        code: 4002,
        description: `States ${wrong.join(', ')} are not allowed for ${String(type)} shipments; allowed: ${allowed.join(', ')}`,
        path: 'filter.states',
      };
    states = filter.states as string[];
  }
  let cancellationType: CancellationType | undefined;
  if (type === 'cancelled') {
    if (filter.cancellationType === undefined)
      return {
        code: 4003,
        description: `filter.cancellationType is required for cancelled shipments: one of ${CANCELLATION_TYPES.join(', ')}`,
        path: 'filter.cancellationType',
      };
    if (!CANCELLATION_TYPES.includes(filter.cancellationType as CancellationType)) {
      return {
        code: 4003,
        description: `Invalid filter.cancellationType ${JSON.stringify(filter.cancellationType)}: one of ${CANCELLATION_TYPES.join(', ')}`,
        path: 'filter.cancellationType',
      };
    }
    cancellationType = filter.cancellationType as CancellationType;
  }
  const size = body.pagination?.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > MAX_PAGE_SIZE) {
    return { code: 4004, description: `pagination.pageSize must be between 1 and ${MAX_PAGE_SIZE}`, path: 'pagination.pageSize' };
  }
  let window = { from: -Infinity, to: Infinity };
  for (const name of DATE_FILTERS) {
    const range = filter[name] as { from?: unknown; to?: unknown } | undefined;
    if (range === undefined) continue;
    const checked = dateRange(`filter.${name}.from`, `filter.${name}.to`, range?.from, range?.to);
    if (typeof checked === 'string') return { code: 4005, description: checked, path: `filter.${name}` };
    // The sandbox selects by modifiedDate only; the other date filters are checked, not applied.
    if (name === 'modifiedDate') window = checked;
  }
  // UNVERIFIED: that Flipkart answers a location that is not the seller's with an empty page rather than a refusal.
  if (filter.locationId !== undefined && typeof filter.locationId !== 'string')
    return { code: 4007, description: 'filter.locationId must be a location id (LOC…)', path: 'filter.locationId' };
  return {
    key: searchKey(type as SearchType, cancellationType),
    states: states.map((s) => ALL_STATES.indexOf(s)),
    ...window,
    pos: 0,
    size: size as number,
    location: filter.locationId,
  };
}

type IdKind = 'shipmentIds' | 'orderIds' | 'orderItemIds';

/** The comma-separated ids of a details call, or Flipkart's refusal of them. */
function readIds(raw: unknown, kind: IdKind): string[] | { code: number; description: string; path: string } {
  const ids = String(raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) return { code: 4010, description: `${kind} must name at least one id`, path: kind };
  if (ids.length > MAX_IDS) return { code: 4011, description: `At most ${MAX_IDS} ${kind} are allowed per request; got ${ids.length}`, path: kind };
  return ids;
}

/** Flipkart Seller API v3 shipments: the searches, their next pages, and both details calls. */
export function flipkartShipmentsSandbox(state: SandboxState): Router {
  const router = Router();
  const book = state.book;

  const page = (p: SearchPosition) => {
    const list = flipkartIndex(book).searches.get(p.key)!;
    const [lo, hi] = list.range(p.from, p.to);
    const shipments = [];
    let pos = Math.max(p.pos, lo);
    const wanted = (at: number) => p.states.includes(list.states[at]!) && (!p.location || locationOf(list.entries[at]! >> 1) === p.location);
    for (; pos < hi && shipments.length < p.size; pos++) {
      if (!wanted(pos)) continue;
      const entry = list.entries[pos]!;
      const i = entry >> 1;
      const plan = shipmentPlans(i, book.statusOf(i))[entry & 1]!;
      shipments.push(renderShipment(book, book.get(i), plan));
    }
    while (pos < hi && !wanted(pos)) pos++;
    const hasMore = pos < hi;
    const token = encodeToken([p.key, p.states, p.from, p.to, pos, p.size, p.location ?? null]);
    // The next page is read with GET at this URL, under /sellers (SDK searchPreDispatchShipmentGet).
    return { hasMore, nextPageUrl: hasMore ? `/v3/shipments/filter?next_token=${token}` : null, shipments };
  };

  router.post(['/v3/shipments/filter', '/v3/shipments/filter/'], express.json(), (req, res) => {
    const search = readSearch((req.body ?? {}) as SearchBody);
    if ('code' in search) return refuse(res, search.code, search.description, search.path);
    res.json(page(search));
  });

  router.get(['/v3/shipments/filter', '/v3/shipments/filter/'], (req, res) => {
    const t = decodeToken(req.query.next_token);
    const [key, states, from, to, pos, size, location] = t ?? [];
    const valid =
      typeof key === 'string' &&
      flipkartIndex(book).searches.has(key) &&
      Array.isArray(states) &&
      typeof from === 'number' &&
      typeof to === 'number' &&
      Number.isInteger(pos) &&
      Number.isInteger(size) &&
      (location === null || typeof location === 'string');
    if (!valid) return refuse(res, 4006, 'Invalid next_token: use the nextPageUrl of the previous page as it is', 'next_token');
    res.json(page({ key, states: states as number[], from, to, pos: pos as number, size: size as number, location: location ?? undefined }));
  });

  /** Order-side shipments by one kind of id (fk docs get-shipment-details-by-internal-id): no address. */
  router.get('/v3/shipments', (req: Request, res: Response) => {
    const given = (['shipmentIds', 'orderIds', 'orderItemIds'] as const).filter((k) => req.query[k] !== undefined);
    if (given.length !== 1) {
      return refuse(
        res,
        4012,
        given.length
          ? `Only one of shipmentIds, orderIds, orderItemIds is accepted per request; got ${given.join(', ')}`
          : 'One of shipmentIds, orderIds, orderItemIds is required',
        given.join(',') || 'shipmentIds',
      );
    }
    const kind = given[0]!;
    const ids = readIds(req.query[kind], kind);
    if (!Array.isArray(ids)) return refuse(res, ids.code, ids.description, ids.path);
    // Unknown ids are left out of the answer. UNVERIFIED: Flipkart may refuse them instead (its docs of other
    // shipment calls say "shipmentIds: should be valid shipment ids for this seller", GetFormsByShipmentId.html).
    const wanted = new Map<string, { i: number; part: number }>();
    const want = (i: number, part: number) => {
      if (i >= 0 && i < book.size && part < shipmentPlans(i, book.statusOf(i)).length) wanted.set(shipmentId(i, part), { i, part });
    };
    for (const id of ids) {
      if (kind === 'shipmentIds') {
        const s = decodeShipmentId(id);
        if (s) want(s.index, s.part);
      } else if (kind === 'orderIds') {
        const i = decodeOrderId(id);
        if (i >= 0 && i < book.size) shipmentPlans(i, book.statusOf(i)).forEach((p) => want(i, p.part));
      } else {
        const item = decodeOrderItemId(id);
        if (!item || item.index >= book.size) continue;
        const o = book.get(item.index);
        if (!o.lines[item.line] || orderItemId(o, item.line) !== id) continue;
        const plans = shipmentPlans(item.index, o.status);
        want(item.index, plans.find((p) => p.lines === 'all' || (p.lines === 'first') === (item.line === 0))!.part);
      }
    }
    res.json({ shipments: [...wanted.values()].map(({ i, part }) => renderShipment(book, book.get(i), shipmentPlans(i, book.statusOf(i))[part]!)) });
  });

  /** Shipping details by path (fk docs get-shipment-details): addresses and the courier. */
  router.get('/v3/shipments/:shipmentIds', (req, res) => {
    const ids = readIds(req.params.shipmentIds, 'shipmentIds');
    if (!Array.isArray(ids)) return refuse(res, ids.code, ids.description, ids.path);
    const shipments = [];
    for (const id of ids) {
      const s = decodeShipmentId(id);
      if (!s || s.index >= book.size) continue;
      const plan = shipmentPlans(s.index, book.statusOf(s.index))[s.part];
      if (plan) shipments.push(renderShipmentDetails(book.get(s.index), plan));
    }
    res.json({ shipments });
  });
  return router;
}
