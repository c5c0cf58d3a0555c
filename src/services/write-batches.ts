import type { OrderPage } from '../providers/types.js';

/** Pages arriving fast are written together up to this many orders, or this long after the first. */
export const WRITE_BATCH_ORDERS = 1000;
export const WRITE_BATCH_MS = 500;

/**
 * A provider's pages regrouped into write batches of whole pages. A provider's page is
 * small (20 orders at Flipkart), so while pages arrive fast several go into one transaction;
 * a slow provider's page is written on its own. A batch carries its last page's cursor, so a
 * crash resumes exactly after the last batch written.
 *
 * Reading and writing overlap: while the caller writes one batch, the provider's next pages
 * are read into the following one, up to its size, then reading waits. (Reading only one
 * page ahead left the provider idle for most of each write: a profile of a 20,000-order
 * Flipkart import showed the two taking turns.) So at most two batches and one page are
 * held at a time, whatever the size of the sync.
 */
export async function* writeBatches(pages: AsyncIterable<OrderPage>): AsyncGenerator<OrderPage> {
  const source = pages[Symbol.asyncIterator]();
  let filling: OrderPage[] = [];
  let size = 0;
  let startedAt = 0;
  let ended = false;
  let failed: { error: unknown } | undefined;
  let stopped = false;
  // Wakes whoever waits: the reader for room, the writer for a batch.
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const waitForSignal = () => new Promise<void>((resolve) => (wake = resolve));
  const full = () => size >= WRITE_BATCH_ORDERS || filling.at(-1)?.done === true;

  void (async () => {
    try {
      while (!stopped) {
        if (full()) {
          await waitForSignal();
          continue;
        }
        const result = await source.next();
        if (result.done) break;
        filling.push(result.value);
        size += result.value.orders.length;
        startedAt ||= Date.now();
        signal();
      }
    } catch (error) {
      failed = { error };
    } finally {
      ended = true;
      signal();
    }
  })();

  try {
    for (;;) {
      // A batch is ready when full, when the pages ended, or WRITE_BATCH_MS after its first page.
      while (!full() && !ended && !failed) {
        if (!filling.length) await waitForSignal();
        else {
          const left = startedAt + WRITE_BATCH_MS - Date.now();
          if (left <= 0) break;
          await Promise.race([waitForSignal(), new Promise<void>((resolve) => setTimeout(resolve, left).unref())]);
        }
      }
      if (failed && !filling.length) throw failed.error;
      if (!filling.length) return;
      const batch = filling;
      filling = [];
      size = 0;
      startedAt = 0;
      // The reader may fill the next batch while this one is written.
      signal();
      yield merge(batch);
    }
  } finally {
    // A reader stopped mid-page finishes that page in the background; its result is dropped.
    stopped = true;
    signal();
    // Then the provider's pages are closed, so its own clean-up runs (a usage plan's waiting
    // calls given up): return() waits behind the pending read.
    if (!ended) void source.return?.().catch(() => undefined);
  }
}

function merge(batch: OrderPage[]): OrderPage {
  const last = batch.at(-1)!;
  return batch.length === 1 ? last : { orders: batch.flatMap((p) => p.orders), cursor: last.cursor, done: last.done, total: last.total };
}
