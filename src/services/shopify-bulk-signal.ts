import { Topics, type BulkOperationFinishedPayload, type PubSubHandle } from '../events/event-bus.js';
import type { OperationWatch } from '../providers/types.js';

type Events = PubSubHandle['pubsub'];

/**
 * A bulk_operations/finish webhook was received for one of the seller's shops (docs/providers.md
 * §1.9): tells the sync waiting on that operation, in this process or another (the event bus
 * crosses processes through Redis). The webhook job calls it once the delivery is verified.
 */
export function bulkOperationFinished(events: Events, userId: string, finished: BulkOperationFinishedPayload): void {
  events.publish(Topics.BulkOperationFinished, userId, finished);
}

/**
 * What a bulk backfill waits on between two polls of its operation: `wait(ms)` ends early, with
 * true, once the operation's finish was announced (also when it was announced before the call,
 * after the watch began). Polling stays the fallback: a webhook may be late, lost or not subscribed.
 */
export function watchBulkOperation(events: Events, userId: string, operationId: string): OperationWatch {
  const subscription = events.subscribe(Topics.BulkOperationFinished, userId);
  const iterator = subscription[Symbol.asyncIterator]();
  let finished = false;
  let wake: ((announced: boolean) => void) | undefined;
  let closed = false;
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      if (next.value.operationId !== operationId) continue;
      finished = true;
      wake?.(true);
    }
  })().catch(() => undefined);
  return {
    wait(ms: number): Promise<boolean> {
      if (finished || closed) return Promise.resolve(finished);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(false);
        }, ms);
        wake = (announced) => {
          clearTimeout(timer);
          wake = undefined;
          resolve(announced);
        };
      });
    },
    close(): void {
      closed = true;
      wake?.(false);
      void iterator.return?.();
    },
  };
}
