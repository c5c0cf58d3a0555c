import { SyncScope } from '../domain/enums.js';
import { NotImplementedError } from '../domain/errors.js';
import type { Capability, ProviderModule } from './types.js';

/**
 * What this version of Sutra can do with each provider, read from what its module offers. The
 * catalog greys out an action whose capability is missing (with the reason below) and the
 * operation answers NOT_IMPLEMENTED with the same words: one place knows what is built. A sync
 * kind is offered when the module fills its slot (ProviderModule: commerce, logistics,
 * marketing); the sync handler of that kind asks the same question here (services/sync/handlers/),
 * so the catalog and syncProvider cannot disagree (test/unit/sync-handlers.test.ts).
 */

/** What a sync of each scope runs on. */
export const SCOPE_NEEDS: Readonly<Record<SyncScope, Capability>> = {
  [SyncScope.ORDERS]: 'orders',
  [SyncScope.ORDERS_AND_INVENTORY]: 'orders',
  [SyncScope.INVENTORY]: 'inventory',
  [SyncScope.SHIPMENTS]: 'shipments',
  [SyncScope.AD_SPEND]: 'adSpend',
};

/** The missing thing, named for the seller ("Delhivery shipment tracking"). */
const WHAT: Readonly<Record<Capability, (provider: string) => string>> = {
  orders: (p) => `${p} order sync`,
  inventory: (p) => `${p} inventory sync`,
  shipments: (p) => `${p} shipment tracking`,
  adSpend: (p) => `${p} ad spend sync`,
  webhooks: (p) => `${p} webhook registration`,
  appInstall: (p) => `${p} app install (beginOAuthInstall)`,
};

/** Whether the provider's module offers what `capability` names. */
export function offers(module: ProviderModule, capability: Capability): boolean {
  switch (capability) {
    case 'orders':
      return module.commerce !== undefined;
    case 'inventory':
      return module.commerce?.inventory !== undefined;
    case 'shipments':
      return module.logistics !== undefined;
    case 'adSpend':
      return module.marketing !== undefined;
    case 'appInstall':
      return module.appInstall !== undefined;
    case 'webhooks':
      return module.webhooks !== undefined;
  }
}

/** Why the module cannot do what `needs` names in this version, or undefined when it can (or nothing is needed). */
export function unavailableReason(module: ProviderModule, needs: Capability | undefined): string | undefined {
  return needs && !offers(module, needs) ? NotImplementedError.reason(WHAT[needs](module.definition.name)) : undefined;
}

/** The error for an operation that needs what the module does not offer, in the catalog's words. */
export const notImplemented = (module: ProviderModule, needs: Capability): NotImplementedError => new NotImplementedError(WHAT[needs](module.definition.name));

/** Throws NotImplementedError naming what is missing, unless the module offers `needs`. */
export function requireCapability(module: ProviderModule, needs: Capability): void {
  if (!offers(module, needs)) throw notImplemented(module, needs);
}
