import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { ormOptions, type OrmConnection } from './orm-options.js';
import { APP_ROLE, AppRoleError, explainRoleFailure } from './row-level-security.js';

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

/**
 * The application's ORM: every connection takes the application's role, so row-level
 * security holds (row-level-security.ts). Fails at once, saying what to do, when the role
 * cannot be taken, or when the DATABASE_URL role could not step out of it for the scheduler
 * (system-access.ts) and migrations.
 */
export async function openDatabase(connection: OrmConnection, log: Logger): Promise<Orm> {
  await checkDatabase(connection.url);
  const loginRole = decodeURIComponent(new URL(connection.url).username) || undefined;
  let orm: Orm | undefined;
  try {
    // With LOG_SQL the statements are logged at info, so they show at the default level.
    orm = await MikroORM.init(
      ormOptions({ ...connection, appRole: true, log: (message) => (connection.logSql ? log.info : log.debug).call(log, { component: 'orm' }, message) }),
    );
    await checkAppRole(orm);
  } catch (err) {
    await orm?.close();
    if (err instanceof AppRoleError) throw err;
    throw explainRoleFailure(err, loginRole) ?? err;
  }
  log.info({ database: describeDatabase(connection.url), role: APP_ROLE }, 'database connected');
  return orm;
}

/** The connection took the role, and the role it logged in as may act past row-level security. */
async function checkAppRole(orm: Orm): Promise<void> {
  const [row] = await orm.em
    .getConnection()
    .execute<Array<{ current: string; login: string; bypass: boolean }>>(
      `select current_user as current, session_user as login, (select rolsuper or rolbypassrls from pg_roles where rolname = session_user) as bypass`,
    );
  if (row!.current !== APP_ROLE) throw new AppRoleError(`the database connection runs as "${row!.current}", not as "${APP_ROLE}"`);
  if (!row!.bypass) {
    throw new AppRoleError(
      `the DATABASE_URL role "${row!.login}" needs BYPASSRLS (ALTER ROLE "${row!.login}" BYPASSRLS) or superuser: ` +
        'the order-sync schedule and migrations act across sellers, past row-level security',
    );
  }
}
