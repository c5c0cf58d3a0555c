import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Logger } from '../logger.js';
import { EMBEDDED_LIMITS } from '../db/embedded.js';

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

export function createAgenda({ databaseUrl, mongoUrl, embedded, name, lockLifetimeMs = 10 * 60_000, log }: AgendaSetup): Scheduler {
  const backend = mongoUrl
    ? new MongoBackend({ address: mongoUrl, collection: 'agendaJobs' })
    : new PostgresBackend({
        poolConfig: { connectionString: databaseUrl, max: embedded ? EMBEDDED_LIMITS.agendaPoolMax : 5 },
        tableName: 'agenda_jobs',
        disableNotifications: embedded && !EMBEDDED_LIMITS.agendaNotifications,
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
      if (processing) {
        await agenda.drain({ timeout: drainMs });
        return;
      }
      await backend.notificationChannel?.disconnect();
      await backend.disconnect();
    },
  };
}
