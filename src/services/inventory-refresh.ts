import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount } from '../domain/index.js';
import { ProviderError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { offers } from '../providers/capabilities.js';
import { getProviderModule } from '../providers/registry.js';
import { readInventory, type ReadLevel } from './inventory-reads.js';
import { openSession } from './provider-session.js';
import type { Services } from './services.js';
import { writeStockLevels } from './stock-persistence.js';

/**
 * `inventory(refresh: true)`: every connected account whose provider keeps stock (Shopify's
 * Admin GraphQL levels, docs/providers.md §1.8) is read now, page by page, each page written
 * through the same persistence as a sync's stock (stock-persistence.ts), then the cache is served.
 *
 * One account refusing does not stop the others: each account's levels are written as they come,
 * and once all were tried, the refusals are raised together, each naming its account, so the
 * seller knows which to reconnect while the rest is already fresh for a plain `inventory`.
 * `em` is the seller's (forUser).
 */
export async function refreshInventory(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  userId: string,
  log: Logger,
): Promise<ReadLevel[]> {
  const accounts = (await em.find(ChannelAccount, { connected: true }, { orderBy: { createdAt: 'asc' } })).filter((a) => {
    const module = getProviderModule(a.providerId);
    return !!module && offers(module, 'inventory');
  });
  const refused: ProviderError[] = [];
  for (const account of accounts) {
    const module = getProviderModule(account.providerId)!;
    // The name the seller knows the account by ("Shopify · shop.myshopify.com"), with the provider's name once.
    const name = account.displayName.includes(module.definition.name) ? account.displayName : `${module.definition.name} ${account.displayName}`;
    try {
      const session = await openSession(deps, em, account, log.child({ provider: account.providerId, account: account.id }));
      let levels = 0;
      for await (const page of module.commerce!.inventory!(session)) {
        levels += await em.fork().transactional((tx) => writeStockLevels(tx, userId, account.providerId, page));
      }
      log.info({ provider: account.providerId, account: account.id, levels }, 'stock refreshed');
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      log.warn({ provider: account.providerId, account: account.id, reason: err.message }, 'stock refresh refused');
      refused.push(new ProviderError(err.providerId, err.kind, `${name}: ${err.message}`, err.status));
    }
  }
  if (refused.length === 1) throw refused[0]!;
  if (refused.length) {
    const first = refused[0]!;
    throw new ProviderError(first.providerId, first.kind, refused.map((e) => e.message).join('; '), first.status);
  }
  return readInventory(em);
}
