import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { ormOptions, type OrmConnection } from './orm-options.js';

export type Orm = MikroORM;

/** A clear error for the commonest first-run problem: nothing listening at DATABASE_URL. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

/** Where a connection string points, without its password: safe for logs and errors. */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** One plain connection attempt, so an unreachable server fails at once with one line. */
export async function checkDatabase(url: string, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnreachableError(`PostgreSQL is not reachable at ${describeDatabase(url)}: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(connection: OrmConnection, log: Logger): Promise<Orm> {
  await checkDatabase(connection.url);
  // With LOG_SQL the statements are logged at info, so they show at the default level.
  const orm = await MikroORM.init(
    ormOptions({ ...connection, log: (message) => (connection.logSql ? log.info : log.debug).call(log, { component: 'orm' }, message) }),
  );
  log.info({ database: describeDatabase(connection.url) }, 'database connected');
  return orm;
}
