import type { ProviderModule } from '../types.js';
import { fetchAdAccount } from './client.js';
import { definition } from './definition.js';
import { readSpend } from './insights.js';

export const metaAds: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    const account = await fetchAdAccount(fields, ctx);
    return { accountName: account.name ? `${account.name} (${fields.ad_account_id})` : fields.ad_account_id, externalId: fields.ad_account_id };
  },
  marketing: {
    // Meta revises insights for up to 28 days (docs/providers.md §5.2: the connectors' convention, after the longest attribution window).
    restatementDays: 28,
    spend: (session, window) => readSpend(session, window),
  },
};
