import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { EMBEDDED_LIMITS } from '../db/embedded.js';
import { guardPool } from '../db/pool-guard.js';

export interface AgendaSetup {
  /** PostgreSQL connection string; Agenda keeps its own pool (MikroORM's parses timestamps as strings). */
  databaseUrl: string;
  /** Use MongoDB instead, for those who run Agenda there. */
  mongoUrl?: string;
  embedded: boolean;
  /** Identifies this process in Agenda's lastModifiedBy column. */
  name: string;
  /** How long a job's lock lives without a touch; a worker that died frees its jobs after this. */
  lockLifetimeMs?: number;
  log: Logger;
}

export interface Scheduler {
  agenda: Agenda;
  /**
   * A worker (`processing`) waits up to `drainMs` for its running jobs; a process that only
   * queued jobs just closes its connections, which Agenda's stop() and drain() skip when
   * processing never started.
   */
  close(opts: { processing: boolean; drainMs: number }): Promise<void>;
}

// The LISTEN connection's own retries give up after about a minute and a half; past that,
// try again at this pace for as long as the database stays away.
const LISTEN_RETRY_MS = 30_000;

export async function createAgenda({ databaseUrl, mongoUrl, embedded, name, lockLifetimeMs = 10 * 60_000, log }: AgendaSetup): Promise<Scheduler> {
  // Our own pool rather than the backend's, which has no 'error' listener: a reset idle
  // connection would otherwise end the process (see db/pool-guard.ts).
  const pool = mongoUrl
    ? undefined
    : guardPool(
        new pg.Pool({ connectionString: databaseUrl, max: embedded ? EMBEDDED_LIMITS.agendaPoolMax : 5, connectionTimeoutMillis: 10_000 }),
        log,
        'job scheduler',
      );
  const backend = pool
    ? new PostgresBackend({ pool, tableName: 'agenda_jobs', disableNotifications: embedded && !EMBEDDED_LIMITS.agendaNotifications })
    : // Loaded only when asked for: the MongoDB driver adds about 12 MiB to every process.
      new (await import('@agendajs/mongo-backend')).MongoBackend({ address: mongoUrl!, collection: 'agendaJobs' });
  const channel = backend.notificationChannel;
  let listenRetry: NodeJS.Timeout | undefined;
  let listenLost = false;
  // Without a listener, the channel's 'error' event (its LISTEN connection dropped) is fatal.
  // It retries every few hundred ms at first: one line per outage, not one per attempt.
  channel?.on('error', (err: Error) => {
    if (listenLost) return log.debug({ component: 'job scheduler', reason: err.message }, 'job notifications still interrupted');
    listenLost = true;
    log.warn({ component: 'job scheduler', reason: err.message }, 'job notifications interrupted; jobs are still found by polling');
  });
  channel?.on('stateChange', (state: string) => {
    if (state === 'connected' && listenLost) {
      listenLost = false;
      log.info({ component: 'job scheduler' }, 'job notifications restored');
    }
    if (state !== 'error') return;
    listenRetry = setTimeout(() => void channel.connect().catch(() => undefined), LISTEN_RETRY_MS);
    listenRetry.unref();
  });
  const agenda = new Agenda({
    backend,
    name,
    // Numbers, not strings: '500 milliseconds' parses as 500 s.
    processEvery: embedded ? EMBEDDED_LIMITS.agendaPollMs : 5_000,
    defaultLockLifetime: lockLifetimeMs,
    maxConcurrency: 10,
    defaultConcurrency: 2,
  });
  agenda.on('error', (err) => log.error({ err }, 'job scheduler error'));
  return {
    agenda,
    async close({ processing, drainMs }) {
      clearTimeout(listenRetry);
      if (processing) {
        await agenda.drain({ timeout: drainMs });
      } else {
        await channel?.disconnect();
        await backend.disconnect();
      }
      // A pool handed to the backend is ours to end.
      await pool?.end();
    },
  };
}
