import pg from 'pg';
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

/**
 * An ORM on a database of its own, for a test that acts on every tenant at once (key
 * rotation) and so must not share rows with test files running beside it.
 */
export async function isolatedTestOrm(label: string): Promise<{ orm: MikroORM; drop(): Promise<void> }> {
  const base = new URL(testDatabaseUrl());
  const name = `${base.pathname.slice(1)}_${label}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 2 }));
  await migrate(orm, createLogger({ level: 'silent', pretty: false }));
  return {
    orm,
    async drop() {
      await orm.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
