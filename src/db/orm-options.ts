import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { entities } from '../domain/index.js';
import { migrationsList } from './migrations/index.js';
import { declareTenantPolicies, takeAppRole } from './row-level-security.js';
import { tenantFilter } from './tenant-filter.js';

export interface OrmConnection {
  url: string;
  poolMax: number;
  /** Where MikroORM's own messages (migrations, warnings) go; silent when absent. */
  log?: (message: string) => void;
  /** Log every SQL statement (LOG_SQL) through `log`. */
  logSql?: boolean;
  /**
   * Each connection takes the application's role, under which row-level security holds
   * (row-level-security.ts). Only the running application's ORM does (openDatabase); without
   * it a connection is the DATABASE_URL role itself: migrations, and tests setting up rows.
   */
  appRole?: boolean;
}

/** MikroORM's options; the CLI config (mikro-orm.config.ts) and the app both use these. */
export function ormOptions({ url, poolMax, log, logSql = false, appRole = false }: OrmConnection): Options {
  return defineConfig({
    clientUrl: url,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { afterDiscovered: declareTenantPolicies },
    extensions: [Migrator],
    filters: { [tenantFilter.name]: tenantFilter },
    pool: { min: 0, max: poolMax },
    // A database that stops answering fails a checkout in bounded time instead of holding
    // requests and jobs for as long as TCP takes to give up.
    driverOptions: { connectionTimeoutMillis: 10_000, ...(appRole && { onConnect: takeAppRole }) },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      path: './src/db/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Agenda owns its tables; schema diffs (and so new migrations) must leave them alone. SQL
    // functions (push_account, Agenda's trigger's) are written by their migrations, not mirrored here.
    schemaGenerator: { skipTables: ['agenda_jobs', 'agenda_logs'], ignoreRoutines: true },
    logger: log ?? (() => undefined),
    // Requests and jobs each fork their own EntityManager; the global one must not be used.
    allowGlobalContext: false,
    debug: logSql ? ['query', 'query-params'] : false,
  });
}
