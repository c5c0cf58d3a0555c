import type { ProviderModule } from '../types.js';
import { refreshAccessToken } from './client.js';
import { definition } from './definition.js';

export const amazon: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    await refreshAccessToken(fields, ctx);
    return { accountName: fields.selling_partner_id, externalId: fields.selling_partner_id };
  },
};
