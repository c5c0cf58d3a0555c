import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChannelAccount } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { SyncSession } from '../providers/types.js';
import { spendBudget } from './call-budget.js';
import { notConnected, renewalDue, renewCredentials } from './credential-renewal.js';
import type { Services } from './services.js';

// A first sync reaches this far back, for every provider: Shopify gives no more orders without the read_all_orders scope.
const FIRST_SYNC_DAYS = 60;

/** Where a session starts reading: a sync's saved cursor and window; nothing for a call outside a sync. */
export interface SessionWindow {
  cursor?: string;
  since?: Date;
  firstSyncFrom?: Date;
}

/**
 * What a provider's code is handed to act on one of the seller's accounts (a sync, a webhook
 * registration, a stock read): the account's credentials, renewed first when they are about to
 * expire, and `renewCredentials` for a token the provider refuses midway. `em` is the seller's (forUser).
 */
export async function openSession(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  account: ChannelAccount,
  log: Logger,
  window: SessionWindow = {},
): Promise<SyncSession> {
  const stored = await deps.credentials.read(em, account.id);
  if (!stored) throw notConnected(account.providerId);
  // The deployment's courier credentials (DELHIVERY_API_TOKEN, SELLOSHIP_USERNAME/PASSWORD) stand in for fields the seller stored none of.
  let current = { ...deps.config.courierDefaults?.[account.providerId], ...stored };
  // Before each call a provider asks again: answered from memory until the token is due or refused.
  const renew = async (refusedAccessToken?: string) => {
    if (refusedAccessToken === undefined && !renewalDue(account.providerId, current)) return current;
    current = await renewCredentials(deps, account, log, refusedAccessToken);
    return current;
  };
  return {
    credentials: await renew(),
    cursor: window.cursor,
    since: window.since,
    firstSyncFrom: window.firstSyncFrom ?? new Date(Date.now() - FIRST_SYNC_DAYS * 86_400_000),
    endpoints: deps.config.providers,
    log,
    renewCredentials: renew,
    sharedBudget: (name, limit, windowMs, calls) => spendBudget(deps.orm, name, limit, windowMs, calls),
  };
}
