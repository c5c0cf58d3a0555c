import { createPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { ShipmentStatus, SyncStatus } from '../domain/enums.js';
import { createLogger, type Logger } from '../logger.js';
import { createResilientRedisEventTarget, type HealthState } from './redis-event-target.js';

/**
 * The event bus: how services tell subscribers what happened (sync progress, shipment
 * status), in-process or across processes through Redis. Services publish here and the
 * GraphQL subscriptions read from here; neither owns it.
 *
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

/** A Shopify bulk operation finished (its bulk_operations/finish webhook): wakes the sync waiting on it. */
export interface BulkOperationFinishedPayload {
  operationId: string;
  status: string;
  errorCode?: string | null;
}

export const Topics = {
  SyncProgress: 'SYNC_PROGRESS',
  ShipmentStatus: 'SHIPMENT_STATUS',
  BulkOperationFinished: 'BULK_OPERATION_FINISHED',
} as const;

type TopicMap = {
  [Topics.SyncProgress]: [userId: string, payload: SyncProgressPayload];
  [Topics.ShipmentStatus]: [userId: string, payload: ShipmentStatusPayload];
  [Topics.BulkOperationFinished]: [userId: string, payload: BulkOperationFinishedPayload];
};

export interface PubSubHandle {
  pubsub: ReturnType<typeof createPubSub<TopicMap>>;
  /** For /readyz: Redis's state, or 'not used' in-process. */
  check(timeoutMs: number): Promise<HealthState>;
  close(): Promise<void>;
}

/** While Redis is away, a job's (or shipment's) newer event replaces its older one. */
function coalesceKey(topic: string, detail: unknown): string {
  const d = (detail ?? {}) as { jobId?: string; shipmentId?: string; operationId?: string };
  return `${topic}|${d.jobId ?? d.shipmentId ?? d.operationId ?? crypto.randomUUID()}`;
}

/**
 * In-process when Sutra runs alone; through Redis when API and worker processes are split.
 * Redis being away never ends the process: see redis-event-target.ts.
 */
export function createEventBus(redisUrl?: string, log: Logger = createLogger({ level: 'silent', pretty: false })): PubSubHandle {
  if (!redisUrl) return { pubsub: createPubSub<TopicMap>(), check: async () => 'not used', close: async () => undefined };
  // Publishing fails at once while Redis is away (the event is kept and sent later);
  // subscribing waits in ioredis's queue for as long as it takes.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const bus = createResilientRedisEventTarget({ publishClient, subscribeClient, log, coalesceKey });
  return { pubsub: createPubSub<TopicMap>({ eventTarget: bus.target }), check: bus.check, close: bus.close };
}
