import type pg from 'pg';
import type { Logger } from '../logger.js';

/**
 * Keeps a dropped PostgreSQL connection from taking the process down. pg reports a
 * connection the server reset as an 'error' event, and an 'error' event nobody listens to
 * is an uncaught exception: pg-pool re-emits idle clients' errors on the pool, and leaves a
 * checked-out client's errors to whoever holds it. The statement in flight rejects on its
 * own and the pool discards the broken client, so logging is all there is left to do; the
 * next checkout opens a fresh connection.
 */
export function guardPool<T extends pg.Pool>(pool: T, log: Logger, component: string): T {
  pool.on('error', (err) => log.warn({ component, reason: err.message }, 'an idle database connection was lost; the pool reconnects on demand'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ component, reason: err.message }, 'a database connection was lost'));
  });
  return pool;
}
