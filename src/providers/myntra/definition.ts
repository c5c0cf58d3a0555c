import { ChannelType, ConnectType, FieldType, ProviderKind } from '../../domain/enums.js';
import { disconnectAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'myntra';

export const definition: ProviderDefinition = {
  id,
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
  // Myntra pushes its orders (docs/providers.md §4): connecting issues the token Myntra will
  // present, and the seller hands it to Myntra with the URL. There is nothing to pull.
  setupSteps: [
    'Ask your Myntra account manager to enable API integration (MMIP) for your seller account, with Sutra as your integrator.',
    'Enter the merchant id, secret key and warehouse id Myntra issued, and connect.',
    "Sutra then shows a push URL and a push token, once. In Myntra's integration onboarding form, give the URL as the order push address" +
      ' and the token as the integrator\'s "Order Push token" (sent as the header shown with it).',
    'Myntra then pushes every new and updated order to Sutra. Lost the token? Connect again: a new token is issued and the old one stops working at once.',
  ],
  actions: [disconnectAction(id)],
  syncScopes: [],
  accountNameField: 'merchant_id',
  push: { receiverPath: '/api/webhooks/myntra' },
};
