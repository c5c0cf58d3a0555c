import type { ProviderModule } from '../types.js';
import { fetchAdAccount } from './client.js';
import { definition } from './definition.js';

export const metaAds: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    const account = await fetchAdAccount(fields, ctx);
    return { accountName: account.name ? `${account.name} (${fields.ad_account_id})` : fields.ad_account_id, externalId: fields.ad_account_id };
  },
};
