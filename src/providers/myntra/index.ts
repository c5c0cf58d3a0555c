import type { ProviderModule } from '../types.js';
import { definition } from './definition.js';
import { normalizeOrder } from './normalize.js';
import { deliveryKey, parsePush } from './push-payload.js';

/**
 * Myntra pushes its orders to Sutra (docs/providers.md §4) and publishes no API that could check
 * credentials, so connecting validates the fields' format only and issues a push token;
 * there is no commerce connector to pull with. What a push looks like is assumed in
 * push-payload.ts.
 */
export const myntra: ProviderModule = {
  definition,
  intake: {
    topic: 'orders',
    deliveryKey,
    orders(body) {
      const parsed = parsePush(body);
      return 'error' in parsed ? parsed : { orders: parsed.orders.map(normalizeOrder) };
    },
  },
};
