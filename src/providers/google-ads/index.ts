import type { ProviderModule } from '../types.js';
import { checkCustomerAccess, refreshAccessToken } from './client.js';
import { definition } from './definition.js';

export const googleAds: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    const { accessToken } = await refreshAccessToken(fields, ctx);
    await checkCustomerAccess(fields, accessToken, ctx);
    return { accountName: fields.customer_id, externalId: fields.customer_id };
  },
};
