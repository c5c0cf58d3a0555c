import { SyncScope } from '../domain/enums.js';
import type { ProviderActionDef } from './types.js';

/** The buttons most providers share; each names a contract operation and its exact variables. */
export const syncAction = (providerId: string, id: string, label: string, scope: SyncScope): ProviderActionDef => ({
  id,
  label,
  operation: 'syncProvider',
  variables: { providerId, scope },
});

export const disconnectAction = (providerId: string): ProviderActionDef => ({
  id: 'disconnect',
  label: 'Disconnect',
  operation: 'disconnectProvider',
  variables: { providerId },
});
