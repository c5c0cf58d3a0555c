import pg from 'pg';
import type { Logger } from '../logger.js';
import type { Orm } from './database.js';

// Any constant shared by every Sutra process; it names the advisory lock below.
const MIGRATION_LOCK = 7_374_201;

/**
 * Applies pending migrations. Several API and worker processes may start together, so a
 * run holds a PostgreSQL advisory lock: one migrates, the others wait and then find
 * nothing left to do. The lock is session-level, so it lives on a dedicated connection
 * (`lockUrl`); the embedded database, with one process and one session, passes none.
 */
export async function migrate(orm: Orm, log: Logger, lockUrl?: string): Promise<string[]> {
  const lock = lockUrl ? new pg.Client({ connectionString: lockUrl }) : undefined;
  if (lock) {
    await lock.connect();
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
  }
  try {
    const applied = (await orm.migrator.up()).map((m) => m.name);
    if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    else log.debug('database schema is up to date');
    return applied;
  } finally {
    await lock?.end();
  }
}

/** Names of migrations not yet applied; /readyz is ready only when this is empty. */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}
