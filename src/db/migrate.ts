import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { Orm } from './database.js';
import { ormOptions, type OrmConnection } from './orm-options.js';

/** Applies pending migrations. Callers that may run beside other processes hold withStartupLock. */
export async function migrate(orm: Orm, log: Logger): Promise<string[]> {
  const applied = (await orm.migrator.up()).map((m) => m.name);
  if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  else log.debug('database schema is up to date');
  return applied;
}

/**
 * Migrations on a connection of their own, as the DATABASE_URL role itself: they make the
 * application's role, so they cannot run under it, and they change every seller's rows. The
 * one other bypass of row-level security beside asSystem (system-access.ts). Run before the
 * application's ORM opens: on the embedded database, whose one session every connection
 * shares, the application's role would otherwise be taken already.
 */
export async function migrateAsOwner(connection: Pick<OrmConnection, 'url' | 'log'>, log: Logger): Promise<string[]> {
  log.info({ reason: 'migrations' }, 'connecting as the database owner, outside row-level security');
  const orm = await MikroORM.init(ormOptions({ url: connection.url, poolMax: 1, log: connection.log }));
  try {
    return await migrate(orm, log);
  } finally {
    await orm.close();
  }
}

/** Names of migrations not yet applied; /readyz is ready only when this is empty. */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}
