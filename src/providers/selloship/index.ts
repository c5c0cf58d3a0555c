import type { ProviderModule } from '../types.js';
import { login } from './client.js';
import { definition } from './definition.js';

export const selloship: ProviderModule = {
  definition,
  async checkCredentials(fields, ctx) {
    await login(fields, ctx);
    return { accountName: fields.username };
  },
};
