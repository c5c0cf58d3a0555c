import { SyncScope } from '../domain/enums.js';
import { SCOPE_NEEDS } from './capabilities.js';
import type { ProviderActionDef } from './types.js';

/** The buttons most providers share; each names a contract operation and its exact variables. */
export const syncAction = (providerId: string, id: string, label: string, scope: SyncScope): ProviderActionDef => ({
  id,
  label,
  operation: 'syncProvider',
  variables: { providerId, scope },
  needs: SCOPE_NEEDS[scope],
});

/** The ad accounts' daily spend, every marketing account at once (`syncAdSpend` takes no provider). */
export const adSpendAction: ProviderActionDef = { id: 'sync_ad_spend', label: 'Sync ad spend', operation: 'syncAdSpend', variables: {}, needs: 'adSpend' };

export const disconnectAction = (providerId: string): ProviderActionDef => ({
  id: 'disconnect',
  label: 'Disconnect',
  operation: 'disconnectProvider',
  variables: { providerId },
});
