import { z } from 'zod';
import { accessTokens, tokenKey } from '../access-tokens.js';
import { createHttpClient, ProviderError, unexpectedStatus, type HttpClient, type HttpResult } from '../http.js';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, SyncSession } from '../types.js';
import { requestAccessToken, withSlash } from './client.js';
import { normalizeShipment } from './normalize.js';
import { detailsResponse, filterResponse, type FlipkartAddress } from './payloads.js';

/** The three searches that together cover every shipment (REFERENCE.md §3.2). */
const SEARCHES = [
  { type: 'preDispatch', states: ['APPROVED', 'PACKING_IN_PROGRESS', 'FORM_FAILED', 'PACKED', 'READY_TO_DISPATCH'] },
  { type: 'postDispatch', states: ['PICKUP_COMPLETE', 'SHIPPED', 'DELIVERED', 'RETURN_REQUESTED', 'RETURNED', 'COMPLETED'] },
  { type: 'cancelled', states: ['CANCELLED'] },
] as const;
const PAGE_SIZE = 20; // the documented maximum everyone uses

const cursorShape = z.object({ from: z.string(), search: z.number().int().min(0), next: z.string().optional(), seen: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;

/**
 * Flipkart shipments modified since the cursor: each of the three searches in turn, paged
 * with nextPageUrl (POST first, GET after), plus one details call per page for addresses.
 */
export const flipkartOrders: CommerceConnector = {
  async *pages(session) {
    const api = new SellerApi(session);
    let cursor = startFrom(session, cursorShape, (from): Cursor => ({ from, search: 0 }));
    // The next search runs while this page's details are fetched: two calls per page, overlapped.
    let search = api.search(cursor);
    for (;;) {
      const page = await search;
      const seen = latest(cursor.seen, page.shipments.map((s) => s.updatedAt));
      const lastSearch = cursor.search === SEARCHES.length - 1;
      const more = page.hasMore && page.nextPageUrl;
      const next: Cursor | undefined = more ? { ...cursor, next: page.nextPageUrl!, seen } : !lastSearch ? { from: cursor.from, search: cursor.search + 1, seen } : undefined;
      if (next) {
        search = api.search(next);
        search.catch(() => undefined);
      }
      const addresses = await api.addresses(page.shipments.map((s) => s.shipmentId));
      const orders = page.shipments.map((s) => normalizeShipment(s, addresses.get(s.shipmentId)));
      if (next) {
        cursor = next;
        yield { orders, cursor: JSON.stringify(cursor), done: false };
      } else {
        yield { orders, cursor: JSON.stringify({ from: restingPoint(seen, cursor.from), search: 0 }), done: true };
        return;
      }
    }
  },
};

class SellerApi {
  private readonly http: HttpClient;
  private readonly base: string;
  private readonly key: string;

  constructor(private readonly session: SyncSession) {
    this.http = createHttpClient({ providerId: 'flipkart', providerName: 'Flipkart', timeoutMs: session.endpoints.timeoutMs, log: session.log, retryLimit: 5 });
    this.base = withSlash(session.endpoints.flipkartBaseUrl) + 'sellers';
    this.key = tokenKey('flipkart', session.credentials.app_id, session.credentials.app_secret);
  }

  async search(cursor: Cursor): Promise<z.infer<typeof filterResponse>> {
    const search = SEARCHES[cursor.search]!;
    const res = cursor.next
      ? await this.call(this.base + (cursor.next.startsWith('/') ? cursor.next : `/${cursor.next}`), {})
      : await this.call(`${this.base}/v3/shipments/filter`, {
          method: 'POST',
          json: {
            filter: { type: search.type, states: search.states, modifiedDate: { from: cursor.from, to: new Date().toISOString() } },
            pagination: { pageSize: PAGE_SIZE },
            sort: { field: 'modifiedDate', order: 'asc' },
          },
        });
    if (res.status !== 200) throw this.failure(res);
    return parse(filterResponse, res);
  }

  /** Delivery addresses (the search leaves them out), for up to 100 shipments in one call. */
  async addresses(shipmentIds: string[]): Promise<Map<string, FlipkartAddress | null | undefined>> {
    if (!shipmentIds.length) return new Map();
    const res = await this.call(`${this.base}/v3/shipments?shipmentIds=${shipmentIds.map(encodeURIComponent).join(',')}`, {});
    if (res.status !== 200) throw this.failure(res);
    return new Map(parse(detailsResponse, res).shipments.map((s) => [s.shipmentId, s.deliveryAddress]));
  }

  private async call(url: string, options: { method?: 'POST'; json?: unknown }): Promise<HttpResult> {
    for (let attempt = 1; ; attempt++) {
      const token = await accessTokens.get(this.key, () => requestAccessToken(this.session.credentials, this.session));
      const res = await this.http.send(url, { ...options, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      // Tokens last about 60 days and can be revoked early: fetch a new one once.
      if (res.status === 401 && attempt === 1) {
        accessTokens.invalidate(this.key);
        continue;
      }
      return res;
    }
  }

  private failure(res: HttpResult): ProviderError {
    if (res.status === 401 || res.status === 403) return new ProviderError('flipkart', 'auth', 'Flipkart refused the access token: reconnect Flipkart', res.status);
    if (res.status === 400 || res.status === 422) return new ProviderError('flipkart', 'request', `Flipkart refused the shipments search (HTTP ${res.status})`, res.status);
    return unexpectedStatus('flipkart', 'Flipkart', res);
  }
}

function parse<T>(schema: z.ZodType<T>, res: HttpResult): T {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('flipkart', 'unavailable', 'Flipkart answered with a malformed page; the sync will retry');
  return parsed.data;
}
