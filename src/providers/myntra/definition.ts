import { ChannelType, ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

export const definition: ProviderDefinition = {
  id: 'myntra',
  name: 'Myntra',
  icon: 'myntra',
  color: '#FF3F6C',
  kind: ProviderKind.COMMERCE,
  connectType: ConnectType.API_KEY,
  channelType: ChannelType.MYNTRA,
  fields: [
    {
      key: 'merchant_id',
      label: 'Merchant id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      helpText: 'Myntra partner portal (partnerportal.myntra.com) → integration settings',
    },
    {
      key: 'secret_key',
      label: 'Secret key',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Issued by Myntra during API onboarding (MMIP)',
    },
    {
      key: 'warehouse_id',
      label: 'Warehouse id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      helpText: 'The Myntra warehouse your orders ship from (PPMP)',
    },
  ],
  setupSteps: [
    'Ask your Myntra account manager to enable API access (MMIP) for your seller account.',
    'Note the merchant id, secret key and warehouse id Myntra issues.',
    'Enter them here.',
  ],
  actions: [syncAction('myntra', 'sync_orders', 'Sync orders', SyncScope.ORDERS), disconnectAction('myntra')],
  syncScopes: [SyncScope.ORDERS],
  accountNameField: 'merchant_id',
};
