import { ConnectType, FieldType, ProviderKind } from '../../domain/enums.js';
import type { ProviderDefinition } from '../types.js';

/**
 * A seller's own Shopify app (custom or public): its API key and secret, used for the
 * OAuth install and for verifying Shopify's webhook and callback HMACs. Part of Shopify's
 * setup, so it has no catalog card of its own.
 */
export const definition: ProviderDefinition = {
  id: 'shopify_app',
  name: 'Shopify app credentials',
  icon: 'shopify',
  color: '#95BF47',
  kind: ProviderKind.COMMERCE,
  connectType: ConnectType.API_KEY,
  hidden: true,
  fields: [
    {
      key: 'api_key',
      label: 'API key (client id)',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      helpText: 'Shopify Partners or Dev Dashboard → your app → Client credentials',
      pattern: '^[a-f0-9]{32}$',
      aliases: ['apiKey'],
    },
    {
      key: 'api_secret',
      label: 'API secret key (client secret)',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Shown beside the API key; Sutra uses it to verify Shopify’s signatures',
      aliases: ['apiSecret'],
      // Shopify may sign with the old secret for up to an hour after a rotation (docs/providers.md §1.2); a day covers it.
      keepPreviousHours: 24,
    },
    {
      key: 'scopes',
      label: 'Access scopes',
      type: FieldType.TEXT,
      required: false,
      secret: false,
      placeholder: 'read_orders,read_products,read_inventory,read_locations',
      helpText: 'Comma-separated; leave empty for what Sutra’s sync reads (orders, products, inventory, locations)',
      pattern: '^[a-z_]+(,[a-z_]+)*$',
    },
  ],
  setupSteps: [
    'Create an app in the Shopify Partners or Dev Dashboard.',
    'Set its redirect URL to Sutra’s /channels/shopify/oauth/callback address.',
    'Copy its API key and API secret key here.',
  ],
  actions: [],
  syncScopes: [],
  accountNameField: 'api_key',
};
