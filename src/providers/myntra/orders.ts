import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import { TokenBucket } from '../token-bucket.js';
import type { CommerceConnector, SyncSession } from '../types.js';
import { authorization, ORDERS_PATH, ordersPage, ordersQuery, RATE } from './assumed-api.js';
import { normalizeOrder } from './normalize.js';

const OVERLAP_MS = 5 * 60_000;

const cursorShape = z.object({ from: z.string(), page: z.number().int().min(1), seen: z.string().optional() });
type Cursor = z.infer<typeof cursorShape>;

/** Myntra orders modified since the cursor, page by page, paced to 100 requests a minute. */
export const myntraOrders: CommerceConnector = {
  async *pages(session) {
    const http = createHttpClient({ providerId: 'myntra', providerName: 'Myntra', timeoutMs: session.endpoints.timeoutMs, log: session.log, retryLimit: 5 });
    const bucket = new TokenBucket(RATE.perSecond, RATE.burst);
    const base = session.endpoints.myntraBaseUrl.replace(/\/$/, '');
    let cursor = startCursor(session);
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
        const seen = [cursor.seen, ...orders.map((o) => o.lastModifiedOn)].filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
        const page = { orders: orders.map(normalizeOrder), total: pagination.totalCount };
        if (pagination.hasNext) {
          cursor = { from: cursor.from, page: cursor.page + 1, seen };
          yield { ...page, cursor: JSON.stringify(cursor), done: false };
        } else {
          const restAt = seen ? new Date(Date.parse(seen) - OVERLAP_MS).toISOString() : cursor.from;
          yield { ...page, cursor: JSON.stringify({ from: restAt, page: 1 }), done: true };
          return;
        }
      }
    } finally {
      bucket.stop();
    }
  },
};

function startCursor(session: SyncSession): Cursor {
  if (session.since) return { from: session.since.toISOString(), page: 1 };
  if (session.cursor) {
    const saved = cursorShape.safeParse(JSON.parse(session.cursor));
    if (saved.success) return saved.data;
  }
  return { from: session.firstSyncFrom.toISOString(), page: 1 };
}
