import type { ProviderModule } from '../types.js';
import { requestAccessToken } from './client.js';
import { definition } from './definition.js';
import { flipkartOrders } from './orders.js';

export const flipkart: ProviderModule = {
  definition,
  commerce: flipkartOrders,
  async checkCredentials(fields, ctx) {
    await requestAccessToken(fields, ctx);
    return { accountName: fields.app_id, externalId: fields.app_id };
  },
};
