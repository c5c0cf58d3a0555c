import type { ProviderModule } from '../types.js';
import { requestAccessToken } from './client.js';
import { definition } from './definition.js';

export const flipkart: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    await requestAccessToken(fields, ctx);
    return { accountName: fields.app_id, externalId: fields.app_id };
  },
};
