import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { migrate } from '../../src/db/migrate.js';
import { withStartupLock } from '../../src/db/startup-lock.js';
import { createLogger } from '../../src/logger.js';
import { testDatabaseUrl } from './env.js';

/** An ORM on this run's database, migrated (test files may race; the migration lock serialises them). */
export async function testOrm(): Promise<MikroORM> {
  const url = testDatabaseUrl();
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 4 }));
  await withStartupLock(url, () => migrate(orm, createLogger({ level: 'silent', pretty: false })));
  return orm;
}
