import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { checkDatabase, describeDatabase, type Orm } from '../db/database.js';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { ormOptions } from '../db/orm-options.js';
import { withStartupLock } from '../db/startup-lock.js';
import type { Logger } from '../logger.js';

/**
 * Runs a command-line task against DATABASE_URL, or the embedded database when it is unset
 * (the server must then be stopped: the embedded database serves one process), holding the
 * start-up lock so it never overlaps a migrating server. The task acts on the whole database
 * (its schema, every seller's credentials), so it connects as the DATABASE_URL role itself,
 * not under the application's role that row-level security confines to one seller.
 */
export async function withCliDatabase<T>(config: Config, log: Logger, task: (orm: Orm) => Promise<T>): Promise<T> {
  const embedded = config.database.url ? undefined : await startEmbeddedDatabase(config.database.dataDir, log);
  const url = config.database.url ?? embedded!.url;
  try {
    await checkDatabase(url);
    const orm = await MikroORM.init(ormOptions({ url, poolMax: 1, log: (message) => log.debug({ component: 'orm' }, message) }));
    log.info({ database: describeDatabase(url) }, 'database connected');
    try {
      return await withStartupLock(embedded ? undefined : url, () => task(orm));
    } finally {
      await orm.close();
    }
  } finally {
    await embedded?.stop();
  }
}
