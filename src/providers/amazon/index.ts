import type { ProviderModule } from '../types.js';
import { refreshAccessToken } from './client.js';
import { definition } from './definition.js';
import { amazonFees } from './finances.js';
import { amazonOrders } from './orders.js';

export const amazon: ProviderModule = {
  definition,
  commerce: { ...amazonOrders, fees: amazonFees },
  async checkCredentials(fields, ctx) {
    await refreshAccessToken(fields, ctx);
    return { accountName: fields.selling_partner_id, externalId: fields.selling_partner_id };
  },
};
