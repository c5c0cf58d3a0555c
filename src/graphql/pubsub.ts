import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { ShipmentStatus, SyncStatus } from '../domain/enums.js';

/**
 * Events are routed by the owning user's id, so a subscriber can only ever be handed its
 * own tenant's events. Payloads cross processes as JSON: dates travel as ISO strings.
 */
export interface SyncProgressPayload {
  jobId: string;
  providerId: string;
  status: SyncStatus;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  total?: number | null;
  message?: string | null;
  at: string;
}

export interface ShipmentStatusPayload {
  shipmentId: string;
  trackingNumber: string;
  providerId: string;
  status: ShipmentStatus;
  previousStatus?: ShipmentStatus | null;
  at: string;
}

export const Topics = {
  SyncProgress: 'SYNC_PROGRESS',
  ShipmentStatus: 'SHIPMENT_STATUS',
} as const;

type TopicMap = {
  [Topics.SyncProgress]: [userId: string, payload: SyncProgressPayload];
  [Topics.ShipmentStatus]: [userId: string, payload: ShipmentStatusPayload];
};

export interface PubSubHandle {
  pubsub: ReturnType<typeof createPubSub<TopicMap>>;
  close(): Promise<void>;
}

/** In-process when Sutra runs alone; through Redis when API and worker processes are split. */
export function createEventBus(redisUrl?: string): PubSubHandle {
  if (!redisUrl) return { pubsub: createPubSub<TopicMap>(), close: async () => undefined };
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<TopicMap>({ eventTarget }),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
