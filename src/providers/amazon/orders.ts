import { z } from 'zod';
import { accessTokens, tokenKey } from '../access-tokens.js';
import { createHttpClient, ProviderError, unexpectedStatus, type HttpClient, type HttpResult } from '../http.js';
import { TokenBucket } from '../token-bucket.js';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector, OrderPage, SyncSession } from '../types.js';
import { refreshAccessToken } from './client.js';
import { normalizeOrder } from './normalize.js';
import { errorList, getOrderItemsResponse, getOrdersResponse, type AmazonOrderItem } from './payloads.js';

/** Usage plans of the Orders v0 operations (REFERENCE.md §2.2): requests per second and burst. */
const PLANS = { getOrders: { rate: 0.0167, burst: 20 }, getOrderItems: { rate: 0.5, burst: 30 } } as const;
type Operation = keyof typeof PLANS;

const MAX_THROTTLED_TRIES = 30;

const cursorShape = z.object({ after: z.string(), next: z.string().optional(), seen: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;

/**
 * SP-API orders: getOrders by LastUpdatedAfter with NextToken paging, then getOrderItems
 * for each order, each operation paced to its usage plan (and to the rate Amazon reports in
 * x-amzn-RateLimit-Limit) so a sync spends the whole budget without drawing 429s.
 */
export const amazonOrders: CommerceConnector = {
  async *pages(session) {
    const api = new SpApi(session);
    try {
      let cursor = startFrom(session, cursorShape, (after): Cursor => ({ after }));
      for (;;) {
        const page = await api.getOrders(cursor);
        const orders = [];
        for (const order of page.Orders) orders.push(normalizeOrder(order, await api.getOrderItems(order.AmazonOrderId)));
        const seen = latest(cursor.seen, page.Orders.map((o) => o.LastUpdateDate));
        if (page.NextToken) {
          cursor = { after: cursor.after, next: page.NextToken, seen };
          yield { orders, cursor: JSON.stringify(cursor), done: false } satisfies OrderPage;
        } else {
          yield { orders, cursor: JSON.stringify({ after: restingPoint(seen, cursor.after) }), done: true } satisfies OrderPage;
          return;
        }
      }
    } finally {
      await api.close();
    }
  },
};

class SpApi {
  private readonly http: HttpClient;
  private readonly buckets = { getOrders: new TokenBucket(PLANS.getOrders.rate, PLANS.getOrders.burst), getOrderItems: new TokenBucket(PLANS.getOrderItems.rate, PLANS.getOrderItems.burst) };
  private readonly base: string;
  private readonly key: string;

  constructor(private readonly session: SyncSession) {
    this.http = createHttpClient({ providerId: 'amazon', providerName: 'Amazon', timeoutMs: session.endpoints.timeoutMs, log: session.log, retry429: false });
    this.base = session.endpoints.amazonSpApiBaseUrl.replace(/\/$/, '');
    const c = session.credentials;
    this.key = tokenKey('amazon', c.lwa_client_id, c.refresh_token);
  }

  async getOrders(cursor: Cursor): Promise<z.infer<typeof getOrdersResponse>['payload']> {
    const query = new URLSearchParams({ MarketplaceIds: this.session.credentials.marketplace_id! });
    if (cursor.next) query.set('NextToken', cursor.next);
    else {
      query.set('LastUpdatedAfter', cursor.after);
      query.set('MaxResultsPerPage', '100');
    }
    const res = await this.call('getOrders', `/orders/v0/orders?${query}`);
    // A NextToken lives for a while only; an expired one restarts the window, which upserts make safe.
    if (res.status === 400 && cursor.next) return this.getOrders({ after: cursor.after, seen: cursor.seen });
    if (res.status !== 200) throw this.failure(res);
    return parse(getOrdersResponse, res).payload;
  }

  async getOrderItems(orderId: string): Promise<AmazonOrderItem[]> {
    const items: AmazonOrderItem[] = [];
    let next: string | undefined;
    do {
      const query = next ? `?NextToken=${encodeURIComponent(next)}` : '';
      const res = await this.call('getOrderItems', `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems${query}`);
      if (res.status !== 200) throw this.failure(res);
      const payload = parse(getOrderItemsResponse, res).payload;
      items.push(...payload.OrderItems);
      next = payload.NextToken;
    } while (next);
    return items;
  }

  /** One paced call: waits for a token of the operation's bucket; on 429 empties it and waits again. */
  private async call(operation: Operation, path: string): Promise<HttpResult> {
    const bucket = this.buckets[operation];
    for (let attempt = 1; ; attempt++) {
      const token = await accessTokens.get(this.key, () => refreshAccessToken(this.session.credentials, this.session));
      const res = await bucket.run(() => this.http.send(this.base + path, { headers: { 'x-amz-access-token': token, accept: 'application/json' } }));
      const applied = Number(res.headers['x-amzn-ratelimit-limit']);
      if (applied > 0) bucket.setRate(applied);
      if (res.status === 429 && attempt < MAX_THROTTLED_TRIES) {
        this.session.log.warn({ provider: 'amazon', operation, attempt }, 'Amazon quota exceeded; waiting for the usage plan to refill');
        bucket.empty();
        continue;
      }
      if (res.status === 403 && attempt === 1) {
        accessTokens.invalidate(this.key);
        continue;
      }
      return res;
    }
  }

  private failure(res: HttpResult): ProviderError {
    const code = errorList.safeParse(res.body).data?.errors[0]?.code;
    if (res.status === 403 || code === 'Unauthorized') {
      return new ProviderError('amazon', 'auth', 'Amazon denied access to orders: check that the app has the Orders role, then reconnect Amazon', res.status);
    }
    if (res.status === 400) return new ProviderError('amazon', 'request', `Amazon refused the orders request (${code ?? 'InvalidInput'}): check the marketplace id`, res.status);
    return unexpectedStatus('amazon', 'Amazon', res);
  }

  async close(): Promise<void> {
    this.buckets.getOrders.stop();
    this.buckets.getOrderItems.stop();
  }
}

function parse<T>(schema: z.ZodType<T>, res: HttpResult): T {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('amazon', 'unavailable', 'Amazon answered with a malformed page; the sync will retry');
  return parsed.data;
}
