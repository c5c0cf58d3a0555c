import { z } from 'zod';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, CommonOrder, OrderPage } from '../types.js';
import { MAX_IDS, SellerApi, type ShipmentSearch } from './client.js';
import { isLiveReturn, normalizeReturn, normalizeShipment, type ReturnSource } from './normalize.js';
import type { FlipkartReturnItem, FlipkartShipment, FlipkartShipmentDetails } from './payloads.js';

// UNVERIFIED: Flipkart documents no maximum page size (PostShipmentSearch.html: "a finite number of results
// based on the pageSize value"); the SDK examples and tap-flipkart use 20.
const PAGE_SIZE = 20;
const CANCELLATION_TYPES = ['sellerCancellation', 'buyerCancellation', 'marketplaceCancellation'] as const;
const RETURN_SOURCES = ['courier_return', 'customer_return'] as const;

/** One stage of a sync: a shipment search, or one source of the returns API. */
interface Step {
  search: ShipmentSearch['type'] | 'returns';
  states?: readonly string[];
  cancellationType?: ShipmentSearch['cancellationType'];
  source?: ReturnSource;
}

/**
 * Everything modified in the window, in this order (docs/providers.md §3.2): the searches with
 * exactly the states Flipkart takes for each type, the cancelled search once per
 * cancellation type (it requires one), then the returns API, the only place a seller
 * learns that a delivered or shipped item came back.
 */
const STEPS: Step[] = [
  { search: 'preDispatch', states: ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'] },
  { search: 'postDispatch', states: ['SHIPPED', 'DELIVERED', 'PICKUP_COMPLETE'] },
  ...CANCELLATION_TYPES.map((cancellationType): Step => ({ search: 'cancelled', states: ['CANCELLED'], cancellationType })),
  ...RETURN_SOURCES.map((source): Step => ({ search: 'returns', source })),
];

const stepIndex = (c: { search?: string; cancellationType?: string; source?: string }) =>
  STEPS.findIndex((s) => s.search === c.search && s.cancellationType === c.cancellationType && s.source === c.source);
const stepFields = (s: Step) => ({
  search: s.search,
  ...(s.cancellationType ? { cancellationType: s.cancellationType } : {}),
  ...(s.source ? { source: s.source } : {}),
});

/**
 * The saved cursor. At rest (between syncs): {"from"}. During a sync: the window
 * {"from","to"}, the step it is on ("search", with "cancellationType" or "source" where the
 * step has one), Flipkart's next-page URL within that step ("next") and the latest
 * modification time seen so far ("seen"), e.g.
 * {"from":"…Z","to":"…Z","search":"cancelled","cancellationType":"buyerCancellation","next":"/v3/shipments/filter?next_token=…","seen":"…+05:30"}.
 */
const cursorShape = z
  .object({
    from: z.string(),
    to: z.string().optional(),
    search: z.enum(['preDispatch', 'postDispatch', 'cancelled', 'returns']).optional(),
    cancellationType: z.enum(CANCELLATION_TYPES).optional(),
    source: z.enum(RETURN_SOURCES).optional(),
    next: z.string().optional(),
    seen: z.string().optional(),
  })
  .refine((c) => c.search === undefined || (c.to !== undefined && stepIndex(c) >= 0), 'a cursor within a sync names its window and a known step');
type Cursor = z.infer<typeof cursorShape>;

/** One page as Flipkart gave it, and where to resume after it (absent after the very last page). */
interface RawPage {
  shipments?: FlipkartShipment[];
  returns?: { source: ReturnSource; items: FlipkartReturnItem[] };
  next?: Cursor;
  seen?: string;
}

/**
 * Flipkart orders modified since the cursor, as partial copies of each order, one per
 * shipment (normalize.ts). Searches are paged one ahead; every ≤ 100 shipments of them get
 * one details call (addresses, couriers) that runs while the next search pages are fetched.
 */
export const flipkartOrders: CommerceConnector = {
  async *pages(session) {
    const api = new SellerApi(session);
    const saved = startFrom(session, cursorShape, (from): Cursor => ({ from }));
    // The window ends now (never before it starts, whatever the clocks say) for every step of this sync.
    const first: Cursor = saved.search
      ? saved
      : { from: saved.from, to: new Date(Math.max(Date.now(), Date.parse(saved.from))).toISOString(), ...stepFields(STEPS[0]!) };
    const resting = (page: RawPage) => (page.next ? JSON.stringify(page.next) : JSON.stringify({ from: restingPoint(page.seen, first.from) }));

    // Pages being completed (their details calls under way), yielded in order while the next pages are fetched.
    const inFlight: Array<Promise<OrderPage>> = [];
    const start = (orders: Promise<CommonOrder[]>, last: RawPage) => {
      const page = orders.then((o): OrderPage => ({ orders: o, cursor: resting(last), done: !last.next }));
      page.catch(() => undefined);
      inFlight.push(page);
    };
    let group: RawPage[] = [];
    const flush = () => {
      const shipments = group.flatMap((p) => p.shipments!);
      const last = group.at(-1);
      if (last) start(withDetails(api, shipments), last);
      group = [];
    };

    for await (const raw of rawPages(api, first)) {
      if (raw.returns) {
        flush();
        start(returnedOrders(api, raw.returns.source, raw.returns.items), raw);
      } else {
        if (group.reduce((n, p) => n + p.shipments!.length, 0) + raw.shipments!.length > MAX_IDS) flush();
        group.push(raw);
        if (!raw.next) flush();
      }
      while (inFlight.length > 1) yield await inFlight.shift()!;
    }
    flush();
    while (inFlight.length) yield await inFlight.shift()!;
  },
};

/** Every page from the cursor on, the next one requested as soon as this one arrives. */
async function* rawPages(api: SellerApi, from: Cursor): AsyncGenerator<RawPage> {
  let pending = fetchPage(api, from);
  for (;;) {
    const page = await pending;
    if (page.next) {
      pending = fetchPage(api, page.next);
      // A prefetch that fails after the consumer stopped must not become an unhandled rejection.
      pending.catch(() => undefined);
    }
    yield page;
    if (!page.next) return;
  }
}

async function fetchPage(api: SellerApi, c: Cursor): Promise<RawPage> {
  const index = stepIndex(c);
  const step = STEPS[index]!;
  let nextUrl: string | null | undefined;
  let hasMore: boolean | null | undefined;
  let page: RawPage;
  let times: Array<string | undefined>;
  if (step.search === 'returns') {
    const res = c.next ? await api.returnsNext(c.next) : await api.returns(step.source!, c.from, c.to!);
    const items = res.returnItems ?? [];
    ({ nextUrl, hasMore } = res);
    page = { returns: { source: step.source!, items } };
    times = items.map((r) => r.updatedDate ?? r.createdDate ?? undefined);
  } else {
    const search: ShipmentSearch = { type: step.search, states: step.states!, cancellationType: step.cancellationType };
    const res = c.next ? await api.searchNext(c.next) : await api.search(search, c.from, c.to!, PAGE_SIZE);
    ({ nextPageUrl: nextUrl, hasMore } = res);
    page = { shipments: res.shipments };
    times = res.shipments.map((s) => s.updatedAt ?? undefined);
  }
  const seen = latest(c.seen, times);
  const following = STEPS[index + 1];
  const next: Cursor | undefined =
    nextUrl && hasMore !== false ? { ...c, next: nextUrl, seen } : following ? { from: c.from, to: c.to, ...stepFields(following), seen } : undefined;
  return { ...page, next, seen };
}

/** Partial copies of these shipments' orders, with addresses and couriers from one details call (≤ 100 ids). */
async function withDetails(api: SellerApi, shipments: FlipkartShipment[]): Promise<CommonOrder[]> {
  const details = await detailsOf(api, shipments);
  return shipments.map((s) => normalizeShipment(s, details.get(s.shipmentId)));
}

/** Partial copies holding the returned lines: their shipments looked up by order item, then their details. */
async function returnedOrders(api: SellerApi, source: ReturnSource, items: FlipkartReturnItem[]): Promise<CommonOrder[]> {
  // An item returned more than once counts by its latest return.
  const changed = (r: FlipkartReturnItem) => Date.parse(r.updatedDate ?? r.createdDate ?? '') || 0;
  const byItem = new Map<string, FlipkartReturnItem>();
  for (const r of items.filter(isLiveReturn)) {
    const seen = byItem.get(r.orderItemId);
    if (!seen || changed(r) >= changed(seen)) byItem.set(r.orderItemId, r);
  }
  const found = await Promise.all(chunks([...byItem.keys()], MAX_IDS).map((ids) => api.shipmentsOfItems(ids)));
  // The returns API has no location filter: a seller syncing one warehouse gets that warehouse's returns only.
  const ours = (s: FlipkartShipment) => !api.locationId || !s.locationId || s.locationId === api.locationId;
  const shipments = [
    ...new Map(
      found
        .flat()
        .filter(ours)
        .map((s) => [s.shipmentId, s]),
    ).values(),
  ];
  const details = await detailsOf(api, shipments);
  return shipments.map((s) => normalizeReturn(s, byItem, source, details.get(s.shipmentId))).filter((o): o is CommonOrder => o !== undefined);
}

/** The details of these shipments by id, ≤ 100 ids per call. */
async function detailsOf(api: SellerApi, shipments: FlipkartShipment[]): Promise<Map<string, FlipkartShipmentDetails>> {
  const ids = [...new Set(shipments.map((s) => s.shipmentId))];
  const found = await Promise.all(chunks(ids, MAX_IDS).map((chunk) => api.details(chunk)));
  return new Map(found.flat().map((d) => [d.shipmentId, d]));
}

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, n) => list.slice(n * size, (n + 1) * size));
