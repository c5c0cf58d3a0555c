import type { ProviderModule } from '../types.js';
import { checkToken } from './client.js';
import { definition } from './definition.js';

export const delhivery: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    await checkToken(fields, ctx);
    return { accountName: fields.pickup_location };
  },
};
