import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * The EventTarget @graphql-yoga/subscription publishes to and subscribes on, carried by
 * Redis between processes, and built so that Redis going away is never fatal:
 *
 * - A publish while Redis is away is kept (the latest per `coalesceKey`, at most
 *   MAX_PENDING) and sent once both connections are back; older progress of the same job
 *   is superseded by the newer, so only the latest matters.
 * - A subscribe while Redis is away waits in the subscriber's queue and is sent when it
 *   returns; subscriptions made before an outage are renewed by ioredis on reconnect.
 * - Every failure is a structured log line, never a rejection nobody handles
 *   (@graphql-yoga/redis-event-target left both publish and subscribe promises unhandled).
 */

export type HealthState = 'up' | 'down' | 'timeout' | 'not used';

export interface ResilientEventTarget {
  target: EventTarget;
  /** Both connections ready and Redis answering a PING within the time given. */
  check(timeoutMs: number): Promise<HealthState>;
  close(): Promise<void>;
}

export interface RedisEventTargetOptions {
  publishClient: Redis;
  subscribeClient: Redis;
  log: Logger;
  /** Events with the same key replace each other while waiting for Redis. */
  coalesceKey(topic: string, detail: unknown): string;
}

const MAX_PENDING = 1_000;

type Callback = (event: Event) => void;
type Listener = Callback | { handleEvent(event: Event): void };

export function createResilientRedisEventTarget({ publishClient, subscribeClient, log, coalesceKey }: RedisEventTargetOptions): ResilientEventTarget {
  const elog = log.child({ component: 'event bus' });
  const callbacks = new Map<string, Set<Callback>>();
  const pending = new Map<string, { topic: string; message: string }>();
  let dropped = 0;
  let closing = false;

  // One error line per outage and client, then quiet until it is back (ioredis retries every ≤2 s).
  for (const [name, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    let down = false;
    client.on('error', (err: Error) => {
      if (down || closing) return elog.debug({ client: name, reason: err.message }, 'Redis still unreachable');
      down = true;
      elog.error({ client: name, reason: err.message }, 'Redis is unreachable: subscription events wait until it is back');
    });
    client.on('ready', () => {
      if (down) elog.info({ client: name }, 'Redis is reachable again');
      down = false;
      // After ioredis has re-sent this connection's SUBSCRIBEs (it does so right after 'ready').
      setImmediate(() => void flush());
    });
  }

  subscribeClient.on('message', (channel: string, message: string) => {
    const listeners = callbacks.get(channel);
    if (!listeners) return;
    let detail: unknown;
    try {
      detail = message === '' ? null : JSON.parse(message);
    } catch (err) {
      elog.error({ channel, reason: (err as Error).message }, 'an event from Redis is not JSON; dropped');
      return;
    }
    const event = new CustomEvent(channel, { detail });
    for (const listener of listeners) listener(event);
  });

  const keep = (topic: string, message: string, detail: unknown) => {
    const key = coalesceKey(topic, detail);
    pending.delete(key);
    pending.set(key, { topic, message });
    if (pending.size > MAX_PENDING) {
      pending.delete(pending.keys().next().value!);
      dropped++;
    }
  };

  let flushing = false;
  async function flush(): Promise<void> {
    if (flushing || closing || !pending.size || publishClient.status !== 'ready' || subscribeClient.status !== 'ready') return;
    flushing = true;
    try {
      // Redis answers in order: once this PING returns, the renewed SUBSCRIBEs before it are in place.
      await subscribeClient.ping();
      const batch = [...pending.entries()];
      elog.info({ events: batch.length, dropped }, 'sending the events kept while Redis was away');
      dropped = 0;
      for (const [key, { topic, message }] of batch) {
        await publishClient.publish(topic, message);
        if (pending.get(key)?.message === message) pending.delete(key);
      }
    } catch (err) {
      elog.warn({ reason: (err as Error).message, waiting: pending.size }, 'could not send the kept events yet');
    } finally {
      flushing = false;
    }
  }

  // The same listener object must map to the same callback for removal.
  const listenerCallbacks = new WeakMap<Listener, Callback>();
  const target: EventTarget = {
    addEventListener(topic: string, listener: Listener | null) {
      if (!listener) return;
      const callback: Callback = 'handleEvent' in listener ? (e) => listener.handleEvent(e) : listener;
      let set = callbacks.get(topic);
      if (!set) {
        set = new Set();
        callbacks.set(topic, set);
        subscribeClient.subscribe(topic).catch((err: Error) => elog.error({ topic, reason: err.message }, 'could not subscribe to events'));
      }
      listenerCallbacks.set(listener, callback);
      set.add(callback);
    },
    removeEventListener(topic: string, listener: Listener | null) {
      if (!listener) return;
      const set = callbacks.get(topic);
      const callback = listenerCallbacks.get(listener);
      if (!set || !callback) return;
      set.delete(callback);
      if (set.size) return;
      callbacks.delete(topic);
      subscribeClient.unsubscribe(topic).catch((err: Error) => elog.warn({ topic, reason: err.message }, 'could not unsubscribe from events'));
    },
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail;
      const message = detail === undefined ? '' : JSON.stringify(detail);
      if (publishClient.status !== 'ready') {
        keep(event.type, message, detail);
        return true;
      }
      publishClient.publish(event.type, message).catch((err: Error) => {
        elog.error({ topic: event.type, reason: err.message }, 'could not publish an event; it is sent again when Redis is back');
        keep(event.type, message, detail);
      });
      return true;
    },
  };

  return {
    target,
    async check(timeoutMs) {
      if (publishClient.status !== 'ready' || subscribeClient.status !== 'ready') return 'down';
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<HealthState>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      try {
        return await Promise.race([
          publishClient.ping().then(
            (): HealthState => 'up',
            (): HealthState => 'down',
          ),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing = true;
      if (pending.size) elog.warn({ events: pending.size }, 'stopping with events Redis never received');
      // QUIT waits for an answer; a client that is not connected is simply dropped.
      await Promise.allSettled([publishClient, subscribeClient].map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve(c.disconnect()))));
    },
  };
}
