import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { testDatabaseUrl } from './env.js';

/** An ORM on this run's database, migrated (test files may race; the migration lock serialises them). */
export async function testOrm(): Promise<MikroORM> {
  const url = testDatabaseUrl();
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 4 }));
  await migrate(orm, createLogger({ level: 'silent', pretty: false }), url);
  return orm;
}
