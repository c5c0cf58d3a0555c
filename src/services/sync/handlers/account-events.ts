import { ShopifyIntegration, SyncScope } from '../../../domain/index.js';
import type { AccountEvent } from '../../../providers/types.js';
import type { CredentialService } from '../../credential-service.js';
import { eraseAccount, recordDataRequest, redactCustomer } from '../../customer-privacy.js';
import { bulkOperationFinished } from '../../shopify-bulk-signal.js';
import { writeStockLevels } from '../../stock-persistence.js';
import type { SyncHandler, SyncPage } from '../handler.js';

type EventPage = SyncPage & { event: AccountEvent };

const none = (): AsyncIterable<EventPage> => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) });

/**
 * What a provider tells Sutra about an account besides its orders (Shopify's webhooks: stock
 * moved, the app removed, privacy requests, a bulk operation finished), each delivery one job of
 * this kind run by the same lifecycle as every sync: stored once, retried with backoff, failed in
 * the provider's words, visible in syncHistory. Nothing of this kind is ever pulled.
 */
export function accountEventsHandler(credentials: CredentialService): SyncHandler<EventPage> {
  return {
    kind: 'account-events',
    // A job needs a scope; these deliveries are about the account whose orders it syncs.
    scopes: [SyncScope.ORDERS],
    noun: 'events',
    offeredBy: () => false,
    pages: none,

    async write(tx, { target }, { event }) {
      const one = { processed: 1, created: 0, updated: 0 };
      switch (event.kind) {
        case 'stock': {
          const levels = await writeStockLevels(tx, target.userId, target.providerId, event.levels);
          return { ...one, updated: levels };
        }
        case 'uninstalled':
          // The schedule skips an account whose credential is not CONNECTED (SyncLifecycle.accountsToSync).
          await credentials.markRefused(tx, target.channelAccountId, event.message);
          await tx.nativeUpdate(ShopifyIntegration, { channelAccount: target.channelAccountId }, { uninstalledAt: new Date() });
          return one;
        case 'customerRedact':
          return { ...one, updated: await redactCustomer(tx, target, event.orderIds) };
        case 'shopRedact':
          return { ...one, updated: await eraseAccount(tx, target) };
        case 'customerDataRequest':
          await recordDataRequest(tx, target, event);
          return { ...one, created: 1 };
        case 'bulkOperationFinished':
          return {
            ...one,
            afterCommit: (events) =>
              bulkOperationFinished(events, target.userId, { operationId: event.operationId, status: event.status, errorCode: event.errorCode ?? null }),
          };
      }
    },

    deliveries: {
      offeredBy: (module, topic) => !!module.intake?.event && (module.intake.eventTopics ?? []).includes(topic),
      async read(module, { topic, payload }, session) {
        const event = await module.intake!.event!(payload, topic, session);
        return 'error' in event ? event : { event, done: true };
      },
    },
  };
}
