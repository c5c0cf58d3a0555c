import { ChannelType, ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'shopify';

export const definition: ProviderDefinition = {
  id,
  name: 'Shopify',
  icon: 'shopify',
  color: '#95BF47',
  kind: ProviderKind.COMMERCE,
  connectType: ConnectType.OAUTH,
  oauth: { mutation: 'beginOAuthInstall', queryKey: 'shop', callbackPath: '/channels/shopify/oauth/callback' },
  channelType: ChannelType.SHOPIFY,
  ownStore: true,
  fields: [
    {
      key: 'shop',
      label: 'Shop domain',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: 'your-store.myshopify.com',
      helpText: 'The .myshopify.com address of your store (Shopify admin → Settings → Domains)',
      // Stricter than Shopify's own validator: production shops live on myshopify.com.
      pattern: '^[a-zA-Z0-9][a-zA-Z0-9-]*\\.myshopify\\.com$',
    },
    {
      key: 'access_token',
      label: 'Admin API access token (custom app only)',
      type: FieldType.PASSWORD,
      required: false,
      secret: true,
      placeholder: 'shpat_…',
      helpText: 'Only for a custom app made in your Shopify admin (Settings → Apps → Develop apps); leave empty to install through OAuth',
      pattern: '^shp[a-z]{2}_[A-Za-z0-9]{16,}$',
    },
    {
      key: 'api_secret',
      label: 'API secret key (custom app only)',
      type: FieldType.PASSWORD,
      required: false,
      secret: true,
      placeholder: 'shpss_…',
      // Shopify signs a custom app's webhook deliveries with it (docs/providers.md §1.2).
      helpText: 'Only for a custom app: its API secret key (same page as the token), so Sutra can verify the webhooks Shopify sends for it',
    },
  ],
  setupSteps: [
    'If you use your own Shopify app, save its API key and secret first (Shopify app credentials).',
    'Enter your store’s .myshopify.com domain and click Connect (or paste a custom app’s Admin API token).',
    'Approve the requested access (orders, inventory) in Shopify; you are brought back here.',
    'Register webhooks so new and changed orders arrive within seconds.',
  ],
  actions: [
    syncAction(id, 'sync_orders', 'Sync orders', SyncScope.ORDERS),
    syncAction(id, 'sync_inventory', 'Sync orders and inventory', SyncScope.ORDERS_AND_INVENTORY),
    { id: 'register_webhooks', label: 'Register webhooks', operation: 'registerShopifyWebhooks', variables: {}, needs: 'webhooks' },
    disconnectAction(id),
  ],
  syncScopes: [SyncScope.ORDERS, SyncScope.ORDERS_AND_INVENTORY],
  accountNameField: 'shop',
};
