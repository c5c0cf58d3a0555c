import { randomBytes } from 'node:crypto';
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
 * A database of its own on the test server, for tests that act on every tenant or queue
 * jobs: the job queue lives in the database, so a shared one would let another test file's
 * workers take these jobs.
 */
export async function createOwnDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(testDatabaseUrl());
  const name = `${base.pathname.slice(1)}_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** An ORM on a migrated database of its own (see createOwnDatabase). */
export async function isolatedTestOrm(label: string): Promise<{ orm: MikroORM; drop(): Promise<void> }> {
  const db = await createOwnDatabase(label);
  const orm = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
  await migrate(orm, createLogger({ level: 'silent', pretty: false }));
  return {
    orm,
    async drop() {
      await orm.close();
      await db.drop();
    },
  };
}
