import 'reflect-metadata';
import type { Config } from '../config.js';
import { openDatabase, type Orm } from '../db/database.js';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { withStartupLock } from '../db/startup-lock.js';
import type { Logger } from '../logger.js';

/**
 * Runs a command-line task against DATABASE_URL, or the embedded database when it is unset
 * (the server must then be stopped: the embedded database serves one process), holding the
 * start-up lock so it never overlaps a migrating server.
 */
export async function withCliDatabase<T>(config: Config, log: Logger, task: (orm: Orm) => Promise<T>): Promise<T> {
  const embedded = config.database.url ? undefined : await startEmbeddedDatabase(config.database.dataDir, log);
  const url = config.database.url ?? embedded!.url;
  try {
    const orm = await openDatabase({ url, poolMax: 1 }, log);
    try {
      return await withStartupLock(embedded ? undefined : url, () => task(orm));
    } finally {
      await orm.close();
    }
  } finally {
    await embedded?.stop();
  }
}
