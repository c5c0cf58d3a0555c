import { z } from 'zod';
import { restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, OrderPage, SyncSession } from '../types.js';
import { spApi, SpApiOperation } from './client.js';
import { normalizeOrder } from './normalize.js';
import { searchOrdersResponse } from './payloads.js';

/** searchOrders' usage plan (docs/providers.md §2.3; the operation's description in orders_2026-01-01.json). */
const SEARCH_PLAN = { rate: 0.0056, burst: 20 };

/**
 * Only the datasets Sutra reads (`includedData`; `orderItems` always come): PROCEEDS for the
 * money, FULFILLMENT for the status and the cash-on-delivery mark, RECIPIENT for the city,
 * state and pincode, PACKAGES for the AWB and courier of each parcel.
 * v2026-01-01 takes no Restricted Data Token at all, and city and stateOrRegion are not PII; but
 * `recipient.deliveryAddress.postalCode` is, and comes only to apps with the Direct-to-Consumer
 * Delivery (Restricted) role (developer-docs.amazon.com/sp-api/docs/access-orders-pii). Without
 * that role the pincode is left out and stays blank; the city and state still come.
 */
const INCLUDED_DATA = ['PROCEEDS', 'FULFILLMENT', 'RECIPIENT', 'PACKAGES'];

/**
 * `lastUpdatedBefore` "must be … at least two minutes before the time of the request"
 * (model): two minutes, plus half a minute for our clock running ahead of Amazon's and for
 * the time a request takes to arrive.
 */
const BEFORE_LAG_MS = 150_000;

/**
 * Where a sync is: the window [after, before] it reads (`before` fixed when the window
 * opens and kept, so a resumed sync sends exactly the filters its paginationToken was issued
 * for) and the token of the next page.
 */
const cursorShape = z.object({ after: z.string(), before: z.string().optional(), next: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;
type Position = Cursor & { before: string };

/** A window from `after` up to the latest moment Amazon lets a search reach. */
const openWindow = (after: string): Position => ({ after, before: new Date(Date.now() - BEFORE_LAG_MS).toISOString() });

/**
 * SP-API Orders v2026-01-01 `searchOrders` by last update, 100 orders a page with their
 * items inline, so a 1,000-order import is about ten calls. Paced to the operation's usage
 * plan (and to the rate Amazon reports) instead of drawing 429s.
 */
export const amazonOrders: CommerceConnector = {
  async *pages(session) {
    const search = new SpApiOperation(session, 'searchOrders', 'the orders search', SEARCH_PLAN);
    try {
      const saved = startFrom(session, cursorShape, (after): Cursor => ({ after }));
      let cursor: Position = saved.before ? { ...saved, before: saved.before } : openWindow(saved.after);
      // A window that would end before it starts (a `since` in the last minutes) holds nothing yet.
      if (Date.parse(cursor.before) < Date.parse(cursor.after)) {
        yield { orders: [], cursor: JSON.stringify({ after: cursor.after }), done: true } satisfies OrderPage;
        return;
      }
      for (;;) {
        let res = await search.get(`/orders/2026-01-01/orders?${query(session, cursor)}`);
        // A paginationToken lives 24 hours (docs/providers.md §2.3). Amazon refuses a token it will not
        // take with 400 InvalidInput (amzn/selling-partner-api-sdk#717, selling-partner-api-models
        // #5144); UNVERIFIED: that an expired one is refused the same way. The window is read again
        // from its start, up to a fresh end since the saved one may be a day old (upserts make it
        // safe). A 400 that was not about the token comes back again and fails the sync below.
        if (res.status === 400 && cursor.next) {
          session.log.info({ provider: spApi.id }, 'Amazon refused the saved page token; reading the window again from its start');
          cursor = openWindow(cursor.after);
          res = await search.get(`/orders/2026-01-01/orders?${query(session, cursor)}`);
        }
        if (res.status !== 200) throw search.failure(res);
        const page = spApi.parse(searchOrdersResponse, res.body, 'the orders search');
        const orders = page.orders.map(normalizeOrder);
        const next = page.pagination?.nextToken;
        if (next) {
          cursor = { after: cursor.after, before: cursor.before, next };
          yield { orders, cursor: JSON.stringify(cursor), done: false } satisfies OrderPage;
        } else {
          // Everything up to `before` is read: the next sync starts there, less the overlap.
          yield { orders, cursor: JSON.stringify({ after: restingPoint(cursor.before, cursor.after) }), done: true } satisfies OrderPage;
          return;
        }
      }
    } finally {
      search.close();
    }
  },
};

/**
 * The search of one window. A later page repeats every filter and adds `paginationToken`
 * ("all other parameters must be provided with the same values", model `Pagination`). Arrays
 * are comma-separated, as Amazon's own SDK sends them (amzn/selling-partner-api-sdk,
 * java/sdk/src/main/java/software/amazon/spapi/api/orders/v2026_01_01/SearchOrdersApi.java:
 * `parameterToPairs("csv", …)`). `marketplaceIds` is optional (model); it is sent so that only
 * the connected marketplace's orders come.
 */
function query(session: SyncSession, cursor: Position): URLSearchParams {
  const q = new URLSearchParams({
    marketplaceIds: session.credentials.marketplace_id!,
    lastUpdatedAfter: cursor.after,
    lastUpdatedBefore: cursor.before,
    includedData: INCLUDED_DATA.join(','),
    maxResultsPerPage: '100',
  });
  if (cursor.next) q.set('paginationToken', cursor.next);
  return q;
}
