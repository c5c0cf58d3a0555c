import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import type { Orm } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';
import type { PubSubHandle } from '../events/event-bus.js';
import type { HealthState } from '../events/redis-event-target.js';
import type { Logger } from '../logger.js';

/** A probe answers within this, whatever the database or Redis are doing. */
export const CHECK_TIMEOUT_MS = 2_000;

interface DatabaseCheck {
  state: HealthState;
  pending: string[];
}

/**
 * /healthz: the process answers (no I/O). /readyz: the database answers and its schema is
 * current, and Redis answers when it carries the events; each is checked with its own
 * timeout, and the answer says which one failed.
 */
export function healthRoutes(orm: Orm, events: Pick<PubSubHandle, 'check'>, log: Logger): Router {
  const router = Router();
  // Probes arriving while a database check still runs share it, instead of piling up connections.
  let inFlight: Promise<DatabaseCheck> | undefined;
  const checkDatabase = (): Promise<DatabaseCheck> =>
    (inFlight ??= withTimeout(
      (async (): Promise<DatabaseCheck> => {
        await orm.em.getConnection().execute('select 1');
        return { state: 'up', pending: await pendingMigrations(orm) };
      })(),
      { state: 'timeout', pending: [] },
    )
      .catch((err: unknown): DatabaseCheck => {
        log.warn({ component: 'readiness', reason: err instanceof Error ? err.message : String(err) }, 'database check failed');
        return { state: 'down', pending: [] };
      })
      .finally(() => (inFlight = undefined)));

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([checkDatabase(), events.check(CHECK_TIMEOUT_MS).catch((): HealthState => 'down')]);
    const checks = { database: database.state, redis };
    if (database.state !== 'up' || (redis !== 'up' && redis !== 'not used')) {
      res.status(503).json({ status: 'not ready', checks });
      return;
    }
    if (database.pending.length) {
      res.status(503).json({ status: 'migrations pending', pending: database.pending, checks });
      return;
    }
    res.json({ status: 'ready', checks });
  });
  return router;
}

/** The work's result, or `late` if it takes longer than CHECK_TIMEOUT_MS (the work itself goes on). */
function withTimeout<T>(work: Promise<T>, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), CHECK_TIMEOUT_MS)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A worker (ROLE=worker) serves no API, but an orchestrator still needs to know it is alive
 * and can reach its database: it answers /healthz and /readyz alone, on PORT.
 */
export async function startHealthServer(
  orm: Orm,
  events: Pick<PubSubHandle, 'check'>,
  log: Logger,
  port: number,
  host: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(orm, events, log));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
