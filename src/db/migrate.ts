import type { Logger } from '../logger.js';
import type { Orm } from './database.js';

/** Applies pending migrations. Callers that may run beside other processes hold withStartupLock. */
export async function migrate(orm: Orm, log: Logger): Promise<string[]> {
  const applied = (await orm.migrator.up()).map((m) => m.name);
  if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  else log.debug('database schema is up to date');
  return applied;
}

/** Names of migrations not yet applied; /readyz is ready only when this is empty. */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}
