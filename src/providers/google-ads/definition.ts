import { ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { adSpendAction, disconnectAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'google_ads';

export const definition: ProviderDefinition = {
  id,
  name: 'Google Ads',
  icon: 'google-ads',
  color: '#4285F4',
  kind: ProviderKind.MARKETING,
  connectType: ConnectType.API_KEY,
  fields: [
    {
      key: 'client_id',
      label: 'OAuth client id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: '…apps.googleusercontent.com',
      helpText: 'Google Cloud console → APIs & Services → Credentials → OAuth client',
      pattern: '^[A-Za-z0-9-]+\\.apps\\.googleusercontent\\.com$',
    },
    {
      key: 'client_secret',
      label: 'OAuth client secret',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Shown beside the client id',
    },
    {
      key: 'refresh_token',
      label: 'Refresh token',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'From authorizing the client for the adwords scope (e.g. the OAuth playground)',
    },
    {
      key: 'customer_id',
      label: 'Customer id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: '1234567890',
      helpText: '10 digits, no dashes (top right of Google Ads)',
      pattern: '^\\d{10}$',
    },
    {
      key: 'login_customer_id',
      label: 'Manager (MCC) customer id',
      type: FieldType.TEXT,
      required: false,
      secret: false,
      helpText: 'Only when you reach the account through a manager account; 10 digits',
      pattern: '^\\d{10}$',
    },
    {
      key: 'developer_token',
      label: 'Developer token',
      type: FieldType.PASSWORD,
      required: false,
      secret: true,
      helpText: 'Optional: Google stopped requiring developer tokens on 2026-09-09',
    },
  ],
  setupSteps: [
    'In Google Cloud, create an OAuth client for a project with the Google Ads API enabled.',
    'Authorize it for the https://www.googleapis.com/auth/adwords scope to get a refresh token.',
    'Enter the client id and secret, the refresh token and your 10-digit customer id (and the manager id if you reach the account through a manager account).',
  ],
  actions: [adSpendAction, disconnectAction(id)],
  syncScopes: [SyncScope.AD_SPEND],
  accountNameField: 'customer_id',
};
