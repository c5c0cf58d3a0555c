import type { OrderFees, SyncSession } from '../types.js';
import { spApi, SpApiOperation, type UsagePlan } from './client.js';
import { FeesTally } from './finances-normalize.js';
import { listTransactionsResponse } from './finances-payloads.js';

/** listTransactions' usage plan (docs/providers.md §2.5; the operation's description in finances_2024-06-19.json). */
export const LIST_TRANSACTIONS_PLAN: UsagePlan = { rate: 0.5, burst: 10 };

/**
 * `postedBefore` must be "more than two minutes before the request was submitted" (model): two
 * minutes, plus half a minute for our clock running ahead of Amazon's and the request's travel.
 */
const BEFORE_LAG_MS = 150_000;
/** "If PostedAfter and PostedBefore are more than 180 days apart, the response is empty" (model): longer spans are read in parts. */
const MAX_SPAN_MS = 179 * 86_400_000;
/** Orders handed to the caller at a time. */
const BATCH = 500;

const ROLE_HINT = 'Reconnect Amazon, and check that the app has the Finance and Accounting role in Seller Central';

/**
 * Amazon's fees on orders from SP-API Finances v2024-06-19 `listTransactions` (docs/providers.md §2.5):
 * every transaction posted from `postedAfter` up to two and a half minutes ago, page by page
 * (nextToken, same arguments), paced by the operation's usage plan. The fees are netted per order
 * over the whole window (a shipment's fees less what a refund gave back), then handed over in
 * batches once the window is read: each order comes once per call, with the fees of the events
 * posted in the window. So a caller that overwrites an order's fees must pass a `postedAfter` no
 * later than the order's first event (its shipment); an order whose only event in the window is a
 * refund comes with the fees given back, negative.
 */
export async function* amazonFees(session: SyncSession, postedAfter: Date): AsyncIterable<OrderFees[]> {
  const before = Date.now() - BEFORE_LAG_MS;
  if (before <= postedAfter.getTime()) return;
  const list = new SpApiOperation(session, 'listTransactions', 'the finances read', LIST_TRANSACTIONS_PLAN, ROLE_HINT);
  const tally = new FeesTally();
  try {
    for (let from = postedAfter.getTime(); from < before; from += MAX_SPAN_MS) {
      const to = Math.min(from + MAX_SPAN_MS, before);
      let next: string | undefined;
      do {
        const q = new URLSearchParams({
          postedAfter: new Date(from).toISOString(),
          postedBefore: new Date(to).toISOString(),
          marketplaceId: session.credentials.marketplace_id!,
        });
        if (next) q.set('nextToken', next);
        const res = await list.get(`/finances/2024-06-19/transactions?${q}`);
        if (res.status !== 200) throw list.failure(res);
        const payload = spApi.parse(listTransactionsResponse, res.body, 'the finances read').payload;
        tally.add(payload?.transactions ?? []);
        next = payload?.nextToken ?? undefined;
      } while (next);
    }
  } finally {
    list.close();
  }
  const orders = tally.orders();
  session.log.info({ provider: spApi.id, orders: orders.length }, 'Amazon fees read');
  for (let k = 0; k < orders.length; k += BATCH) yield orders.slice(k, k + BATCH);
}
