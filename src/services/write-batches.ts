import type { OrderPage } from '../providers/types.js';

/** Pages arriving fast are written together up to this many orders, or this long after the first. */
export const WRITE_BATCH_ORDERS = 1000;
export const WRITE_BATCH_MS = 500;

/**
 * A provider's pages regrouped into write batches of whole pages. A provider's page is
 * small (20 orders at Flipkart), so while pages arrive fast several go into one transaction;
 * a slow provider's page is written on its own. The next page is fetched while the caller
 * writes the current batch. A batch carries its last page's cursor, so a crash resumes
 * exactly after the last batch written.
 */
export async function* writeBatches(pages: AsyncIterable<OrderPage>): AsyncGenerator<OrderPage> {
  const source = pages[Symbol.asyncIterator]();
  let next = source.next();
  let batch: OrderPage[] = [];
  let startedAt = 0;
  for (;;) {
    const result = await next;
    if (result.done) break;
    next = source.next();
    // A prefetch that fails after the consumer stopped must not become an unhandled rejection.
    next.catch(() => undefined);
    batch.push(result.value);
    startedAt ||= Date.now();
    const size = batch.reduce((n, p) => n + p.orders.length, 0);
    if (result.value.done || size >= WRITE_BATCH_ORDERS || Date.now() - startedAt >= WRITE_BATCH_MS) {
      yield merge(batch);
      batch = [];
      startedAt = 0;
    }
  }
  if (batch.length) yield merge(batch);
}

function merge(batch: OrderPage[]): OrderPage {
  const last = batch.at(-1)!;
  return batch.length === 1 ? last : { orders: batch.flatMap((p) => p.orders), cursor: last.cursor, done: last.done, total: last.total };
}
