import type { SyncScope } from '../../src/domain/enums.js';
import { unavailableReason } from '../../src/providers/capabilities.js';
import { getProviderModule, providers } from '../../src/providers/registry.js';
import type { ProviderModule } from '../../src/providers/types.js';
import { pullHandler } from '../../src/services/sync/handler.js';
import { SYNC_HANDLERS } from '../../src/services/sync/handlers/index.js';

/**
 * Each sync button of a module, with what the catalog says of it and whether the app's
 * lifecycle has a handler to run it: the two must be one answer, or the console would offer a
 * button that answers NOT_IMPLEMENTED, or grey out one that works.
 */
function syncButtons(module: ProviderModule) {
  return module.definition.actions
    .filter((a) => a.operation === 'syncProvider')
    .map((a) => ({
      button: `${module.definition.id}.${a.id}`,
      catalog: unavailableReason(module, a.needs) === undefined,
      handler: pullHandler(SYNC_HANDLERS, module, a.variables.scope as SyncScope) !== undefined,
    }));
}

describe('the catalog and the sync handlers', () => {
  it('offer a provider’s sync exactly when a handler of the app runs it for that provider', () => {
    const buttons = providers.flatMap((def) => syncButtons(getProviderModule(def.id)!));
    expect(buttons.filter((b) => b.catalog !== b.handler)).toEqual([]);
    expect(buttons.filter((b) => b.handler).map((b) => b.button)).toEqual([
      'shopify.sync_orders',
      'shopify.sync_inventory',
      'amazon.sync_orders',
      'flipkart.sync_orders',
      'delhivery.sync_shipments',
      'selloship.sync_shipments',
    ]);
    expect(buttons.filter((b) => !b.handler).map((b) => b.button)).toEqual([]);
  });

  it('tell apart a courier whose tracking slot is empty: no button works, and the catalog says so', () => {
    const untracked: ProviderModule = { ...getProviderModule('delhivery')!, logistics: undefined };
    expect(syncButtons(untracked)).toEqual([{ button: 'delhivery.sync_shipments', catalog: false, handler: false }]);
  });
});
