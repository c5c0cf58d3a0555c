import { ChannelType, ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'flipkart';

export const definition: ProviderDefinition = {
  id,
  name: 'Flipkart',
  icon: 'flipkart',
  color: '#2874F0',
  kind: ProviderKind.COMMERCE,
  connectType: ConnectType.API_KEY,
  channelType: ChannelType.FLIPKART,
  fields: [
    {
      key: 'app_id',
      label: 'Application id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      helpText: 'Flipkart Seller Hub → Developer Access (seller API portal) → your self-access application',
    },
    {
      key: 'app_secret',
      label: 'Application secret',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Shown beside the application id',
    },
    {
      key: 'location_id',
      label: 'Location id',
      type: FieldType.TEXT,
      required: false,
      secret: false,
      placeholder: 'LOC…',
      helpText: 'Only to sync the orders of one of your warehouses (its location id, LOC…); leave empty for all of them',
      pattern: '^LOC[A-Za-z0-9]+$',
    },
  ],
  setupSteps: [
    'In Flipkart Seller Hub, open the seller API portal (Developer Access).',
    'Create a self-access application to get an application id and secret.',
    'Enter them here; Sutra requests a token from Flipkart to check them.',
  ],
  actions: [syncAction(id, 'sync_orders', 'Sync orders', SyncScope.ORDERS), disconnectAction(id)],
  syncScopes: [SyncScope.ORDERS],
  // Flipkart books its sellers' parcels with its own logistics and reports their tracking itself.
  channelShipsParcels: true,
  accountNameField: 'app_id',
};
