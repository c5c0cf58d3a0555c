import { ConnectType, FieldType, ProviderKind, SyncScope } from '../../domain/enums.js';
import { adSpendAction, disconnectAction } from '../actions.js';
import type { ProviderDefinition } from '../types.js';

const id = 'meta_ads';

export const definition: ProviderDefinition = {
  id,
  name: 'Meta Ads',
  icon: 'meta',
  color: '#0866FF',
  kind: ProviderKind.MARKETING,
  connectType: ConnectType.API_KEY,
  fields: [
    {
      key: 'access_token',
      label: 'Access token',
      type: FieldType.PASSWORD,
      required: true,
      secret: true,
      helpText: 'Business Manager → Business settings → System users → Generate token (ads_read)',
    },
    {
      key: 'ad_account_id',
      label: 'Ad account id',
      type: FieldType.TEXT,
      required: true,
      secret: false,
      placeholder: 'act_1234567890',
      helpText: 'Ads Manager → account dropdown; prefix the number with act_',
      pattern: '^act_\\d+$',
    },
    {
      key: 'app_secret',
      label: 'App secret',
      type: FieldType.PASSWORD,
      required: false,
      secret: true,
      helpText:
        "App settings → Basic of the app that issued the token; needed when the app has 'Require App Secret' on." +
        ' Sutra signs every call with it (appsecret_proof)',
    },
  ],
  setupSteps: [
    'In Business Manager, create a system user with access to your ad account.',
    'Generate a token for it with the ads_read permission.',
    'Enter the token, your ad account id (act_…) and, if the app requires it, the app secret here.',
  ],
  actions: [adSpendAction, disconnectAction(id)],
  syncScopes: [SyncScope.AD_SPEND],
  accountNameField: 'ad_account_id',
};
