import type { ProviderModule } from '../types.js';
import { checkToken } from './client.js';
import { definition } from './definition.js';
import { delhiveryLogistics } from './logistics.js';
import { SCAN_PUSH_TOPIC, scanPush, scanPushKey } from './scan-push.js';

export const delhivery: ProviderModule = {
  definition,
  logistics: delhiveryLogistics,
  // Delhivery's scan push (docs/providers.md §7.6), sent with the push token we hand Delhivery as its header; polling still reconciles.
  intake: {
    topic: SCAN_PUSH_TOPIC,
    orderTopics: [],
    trackingTopics: [SCAN_PUSH_TOPIC],
    deliveryKey: scanPushKey,
    tracking: (body) => scanPush(body),
  },
  async checkCredentials(fields, ctx) {
    await checkToken(fields, ctx);
    return { accountName: fields.pickup_location };
  },
};
