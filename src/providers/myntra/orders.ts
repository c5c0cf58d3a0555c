import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import { TokenBucket } from '../token-bucket.js';
import { latest, restingPoint, startFrom } from '../cursor.js';
import type { CommerceConnector } from '../types.js';
import { authorization, ORDERS_PATH, ordersPage, ordersQuery, RATE } from './assumed-api.js';
import { normalizeOrder } from './normalize.js';

const cursorShape = z.object({ from: z.string(), page: z.number().int().min(1), seen: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;

/** Myntra orders modified since the cursor, page by page, paced to 100 requests a minute. */
export const myntraOrders: CommerceConnector = {
  async *pages(session) {
    const http = createHttpClient({ providerId: 'myntra', providerName: 'Myntra', timeoutMs: session.endpoints.timeoutMs, log: session.log, retryLimit: 5 });
    const bucket = new TokenBucket(RATE.perSecond, RATE.burst);
    const base = session.endpoints.myntraBaseUrl.replace(/\/$/, '');
    let cursor = startFrom(session, cursorShape, (from): Cursor => ({ from, page: 1 }));
    try {
      for (;;) {
        const res = await bucket.run(() =>
          http.send(`${base}${ORDERS_PATH}?${ordersQuery(session.credentials, cursor.from, cursor.page)}`, {
            headers: { authorization: authorization(session.credentials), accept: 'application/json' },
          }),
        );
        if (res.status === 401 || res.status === 403) throw new ProviderError('myntra', 'auth', 'Myntra rejected the merchant id or secret key: reconnect Myntra', res.status);
        if (res.status !== 200) throw unexpectedStatus('myntra', 'Myntra', res);
        const parsed = ordersPage.safeParse(res.body);
        if (!parsed.success) throw new ProviderError('myntra', 'unavailable', 'Myntra answered with a malformed page; the sync will retry');
        const { orders, pagination } = parsed.data;
        const seen = latest(cursor.seen, orders.map((o) => o.lastModifiedOn));
        const page = { orders: orders.map(normalizeOrder), total: pagination.totalCount };
        if (pagination.hasNext) {
          cursor = { from: cursor.from, page: cursor.page + 1, seen };
          yield { ...page, cursor: JSON.stringify(cursor), done: false };
        } else {
          yield { ...page, cursor: JSON.stringify({ from: restingPoint(seen, cursor.from), page: 1 }), done: true };
          return;
        }
      }
    } finally {
      bucket.stop();
    }
  },
};
