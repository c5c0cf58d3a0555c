import { createEventBus } from '../../src/events/event-bus.js';
import { bulkOperationFinished, watchBulkOperation } from '../../src/services/shopify-bulk-signal.js';

const OP = 'gid://shopify/BulkOperation/1';

describe('a bulk backfill woken by bulk_operations/finish', () => {
  const bus = createEventBus();
  afterAll(() => bus.close());

  it('stops waiting as soon as its operation is announced, not at the poll interval', async () => {
    const watch = watchBulkOperation(bus.pubsub, 'seller-a', OP);
    const started = Date.now();
    setTimeout(() => bulkOperationFinished(bus.pubsub, 'seller-a', { operationId: OP, status: 'COMPLETED' }), 50);
    await expect(watch.wait(10_000)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    watch.close();
  });

  it('ignores other operations and other sellers, and polls again when the interval ends', async () => {
    const watch = watchBulkOperation(bus.pubsub, 'seller-a', OP);
    await new Promise((r) => setTimeout(r, 10));
    bulkOperationFinished(bus.pubsub, 'seller-b', { operationId: OP, status: 'COMPLETED' });
    bulkOperationFinished(bus.pubsub, 'seller-a', { operationId: 'gid://shopify/BulkOperation/2', status: 'COMPLETED' });
    await expect(watch.wait(200)).resolves.toBe(false);
    watch.close();
  });

  it('remembers an announcement that came between two waits', async () => {
    const watch = watchBulkOperation(bus.pubsub, 'seller-a', OP);
    await new Promise((r) => setTimeout(r, 10));
    bulkOperationFinished(bus.pubsub, 'seller-a', { operationId: OP, status: 'FAILED', errorCode: 'ACCESS_DENIED' });
    await new Promise((r) => setTimeout(r, 20));
    await expect(watch.wait(10_000)).resolves.toBe(true);
    watch.close();
  });
});
