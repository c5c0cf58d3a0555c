import { setTimeout as sleep } from 'node:timers/promises';
import type { CommonOrder, OrderPage } from '../../src/providers/types.js';
import { WRITE_BATCH_ORDERS, writeBatches } from '../../src/services/write-batches.js';

/**
 * How a sync regroups a provider's pages into the transactions it writes: whole pages, the
 * last page's cursor saved with them, the provider read on while a batch is written, and
 * never more than one batch read ahead, however long the sync.
 */

const PAGE = 100;
const PAGES_PER_BATCH = WRITE_BATCH_ORDERS / PAGE;

/** A provider of `count` pages of PAGE orders; it fails instead of giving page `failAt`. */
function provider(count: number, failAt?: number) {
  const read = { pages: 0 };
  async function* pages(): AsyncGenerator<OrderPage> {
    for (let n = 1; n <= count; n++) {
      await sleep(1);
      if (n === failAt) throw new Error('the provider refused page ' + n);
      read.pages = n;
      yield { orders: Array.from({ length: PAGE }, (_, i) => ({ externalId: `${n}-${i}` }) as CommonOrder), cursor: `after page ${n}`, done: n === count };
    }
  }
  return { pages: pages(), read };
}

describe('write batches', () => {
  it('writes whole pages together, each batch with the cursor of its last page', async () => {
    const { pages } = provider(PAGES_PER_BATCH * 2 + 3);
    const batches = [];
    for await (const batch of writeBatches(pages)) batches.push({ orders: batch.orders.length, cursor: batch.cursor, done: batch.done });
    expect(batches).toEqual([
      { orders: WRITE_BATCH_ORDERS, cursor: `after page ${PAGES_PER_BATCH}`, done: false },
      { orders: WRITE_BATCH_ORDERS, cursor: `after page ${PAGES_PER_BATCH * 2}`, done: false },
      { orders: 3 * PAGE, cursor: `after page ${PAGES_PER_BATCH * 2 + 3}`, done: true },
    ]);
  });

  it('reads the next batch while one is written, and no further', async () => {
    const { pages, read } = provider(PAGES_PER_BATCH * 5);
    const iterator = writeBatches(pages)[Symbol.asyncIterator]();
    await iterator.next();
    // The caller is writing the first batch: the provider is read on meanwhile, up to one batch.
    await sleep(PAGES_PER_BATCH * 40);
    expect(read.pages).toBe(PAGES_PER_BATCH * 2);
    await iterator.return(undefined);
  });

  it('writes the pages read before the provider failed, then fails the sync with its error', async () => {
    const { pages } = provider(PAGES_PER_BATCH * 3, PAGES_PER_BATCH + 5);
    const cursors: string[] = [];
    await expect(
      (async () => {
        for await (const batch of writeBatches(pages)) cursors.push(batch.cursor);
      })(),
    ).rejects.toThrow(`the provider refused page ${PAGES_PER_BATCH + 5}`);
    expect(cursors).toEqual([`after page ${PAGES_PER_BATCH}`, `after page ${PAGES_PER_BATCH + 4}`]);
  });

  it('closes the provider’s pages when the writer stops early, so the provider cleans up', async () => {
    let closed = false;
    async function* pages(): AsyncGenerator<OrderPage> {
      try {
        for (let n = 1; ; n++) {
          await sleep(1);
          yield { orders: Array.from({ length: PAGE }, (_, i) => ({ externalId: `${n}-${i}` }) as CommonOrder), cursor: `after page ${n}`, done: false };
        }
      } finally {
        closed = true;
      }
    }
    for await (const batch of writeBatches(pages())) {
      expect(batch.orders.length).toBe(WRITE_BATCH_ORDERS);
      break; // the write failed, or the worker is stopping
    }
    for (let t = 0; t < 100 && !closed; t++) await sleep(5);
    expect(closed).toBe(true);
  });
});
