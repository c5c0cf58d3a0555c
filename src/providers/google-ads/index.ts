import type { ProviderModule } from '../types.js';
import { fetchCustomer, refreshAccessToken } from './client.js';
import { definition } from './definition.js';

export const googleAds: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    const { accessToken } = await refreshAccessToken(fields, ctx);
    const customer = await fetchCustomer(fields, accessToken, ctx);
    return {
      accountName: customer.descriptiveName ? `${customer.descriptiveName} (${fields.customer_id})` : fields.customer_id,
      externalId: fields.customer_id,
    };
  },
};
