import { ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'delhivery';

export const definition: ProviderDefinition = {
  id,
  name: 'Delhivery',
  icon: 'delhivery',
  color: '#E41E26',
  kind: ProviderKind.LOGISTICS,
  connectType: ConnectType.API_KEY,
  fields: [
    {
      key: 'api_token',
      label: 'API token',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Delhivery One → Settings → API setup (sent as Authorization: Token …)',
    },
    {
      key: 'pickup_location',
      label: 'Pickup location',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      helpText: 'The warehouse name exactly as registered with Delhivery',
    },
    {
      key: 'environment',
      label: 'Environment',
      type: FieldType.SELECT,
      required: false,
      secret: false,
      options: ['production', 'staging'],
      helpText: 'production unless Delhivery gave you a staging token',
    },
  ],
  setupSteps: [
    'In Delhivery One, open Settings → API setup and copy your API token.',
    'Note the pickup location name your warehouse is registered under.',
    'Enter both here; Sutra makes a read with the token to check it.',
  ],
  actions: [syncAction(id, 'sync_shipments', 'Sync shipments', SyncScope.SHIPMENTS), disconnectAction(id)],
  syncScopes: [SyncScope.SHIPMENTS],
  accountNameField: 'pickup_location',
  // Delhivery's scan push (docs/providers.md §7.6): connecting issues the token Delhivery is asked to send as its Authorization header.
  push: { receiverPath: '/api/webhooks/delhivery' },
};
