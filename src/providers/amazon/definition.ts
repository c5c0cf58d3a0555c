import { ChannelType, ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { disconnectAction, syncAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'amazon';

export const definition: ProviderDefinition = {
  id,
  name: 'Amazon',
  icon: 'amazon',
  color: '#FF9900',
  kind: ProviderKind.COMMERCE,
  connectType: ConnectType.API_KEY,
  channelType: ChannelType.AMAZON,
  fields: [
    {
      key: 'lwa_client_id',
      label: 'LWA client id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: 'amzn1.application-oa2-client.…',
      helpText: 'Seller Central → Apps and Services → Develop Apps → your app → LWA credentials',
      pattern: '^amzn1\\.application-oa2-client\\.[A-Za-z0-9]+$',
    },
    {
      key: 'lwa_client_secret',
      label: 'LWA client secret',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Shown beside the client id (View)',
    },
    {
      key: 'refresh_token',
      label: 'Refresh token',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      placeholder: 'Atzr|…',
      helpText: 'From authorizing the app for your seller account (Authorize app)',
      pattern: '^Atzr\\|.+$',
    },
    {
      key: 'selling_partner_id',
      label: 'Selling partner id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: 'A2EUQ1WTGCTBG2',
      helpText: 'Seller Central → Settings → Account Info → Merchant Token',
      pattern: '^A[0-9A-Z]{9,20}$',
    },
    {
      key: 'marketplace_id',
      label: 'Marketplace id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: 'A21TJRUUN4KGV',
      helpText: 'A21TJRUUN4KGV for amazon.in',
      pattern: '^[A-Z0-9]{10,14}$',
    },
  ],
  setupSteps: [
    'Register as a developer in Seller Central (Apps and Services → Develop Apps).',
    // Roles: developer-docs.amazon.com/sp-api/docs/get-orders-with-filtering-criteria, /access-orders-pii and
    // /finances-api-v2024-06-19-use-case-guide (Finance and Accounting, for Amazon's fees per order: docs/providers.md §2.5).
    'Create an app with the Inventory and Order Tracking role (add Direct-to-Consumer Delivery (Restricted) for the buyer’s pincode,' +
      ' and Finance and Accounting for Amazon’s fees on each order) and note its LWA client id and secret.',
    'Authorize the app for your seller account to get a refresh token.',
    'Enter the five values here; Sutra checks them with Amazon before saving.',
  ],
  actions: [syncAction(id, 'sync_orders', 'Sync orders', SyncScope.ORDERS), disconnectAction(id)],
  syncScopes: [SyncScope.ORDERS],
  accountNameField: 'selling_partner_id',
};
