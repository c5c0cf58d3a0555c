import type { ProviderModule } from '../types.js';
import { login } from './client.js';
import { definition } from './definition.js';
import { selloshipTracking } from './tracking.js';

export const selloship: ProviderModule = {
  definition,
  logistics: selloshipTracking,
  async checkCredentials(fields, ctx) {
    await login(fields, ctx);
    return { accountName: fields.username };
  },
};
