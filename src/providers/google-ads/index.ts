import type { ProviderModule } from '../types.js';
import { fetchCustomer, refreshAccessToken } from './client.js';
import { definition } from './definition.js';
import { spend } from './spend.js';

export const googleAds: ProviderModule = {
  definition,
  // Google revises cost for about a month (invalid-click credits): the nightly sync reads 30 days back (docs/providers.md §6.2).
  marketing: { restatementDays: 30, spend },
  async checkCredentials(fields, ctx) {
    const { accessToken } = await refreshAccessToken(fields, ctx);
    const customer = await fetchCustomer(fields, accessToken, ctx);
    return {
      accountName: customer.descriptiveName ? `${customer.descriptiveName} (${fields.customer_id})` : fields.customer_id,
      externalId: fields.customer_id,
    };
  },
};
