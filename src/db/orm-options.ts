import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { entities } from '../domain/index.js';
import { migrationsList } from './migrations/index.js';
import { tenantFilter } from './tenant-filter.js';

export interface OrmConnection {
  url: string;
  poolMax: number;
  /** Where MikroORM's own messages (migrations, warnings) go; silent when absent. */
  log?: (message: string) => void;
  /** Log every SQL statement (LOG_SQL) through `log`. */
  logSql?: boolean;
}

/** MikroORM's options; the CLI config (mikro-orm.config.ts) and the app both use these. */
export function ormOptions({ url, poolMax, log, logSql = false }: OrmConnection): Options {
  return defineConfig({
    clientUrl: url,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    filters: { [tenantFilter.name]: tenantFilter },
    pool: { min: 0, max: poolMax },
    // A database that stops answering fails a checkout in bounded time instead of holding
    // requests and jobs for as long as TCP takes to give up.
    driverOptions: { connectionTimeoutMillis: 10_000 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      path: './src/db/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Agenda owns its tables; schema diffs (and so new migrations) must leave them alone.
    schemaGenerator: { skipTables: ['agenda_jobs', 'agenda_logs'] },
    logger: log ?? (() => undefined),
    // Requests and jobs each fork their own EntityManager; the global one must not be used.
    allowGlobalContext: false,
    debug: logSql ? ['query', 'query-params'] : false,
  });
}
