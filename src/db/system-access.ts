import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { Orm } from './database.js';

/**
 * The one way past row-level security while the application runs, for work that really
 * spans sellers: the schedules listing every connected account (orders, shipment tracking, ad spend) or
 * every seller owed a profit recompute (the sweep). Its transaction
 * drops the application's role (`set local role none`: back to the DATABASE_URL role, which
 * needs BYPASSRLS or superuser) until it ends, and says why in the log. Its EntityManager
 * names no user, so queries through it still say `filters: { tenant: false }` themselves.
 * Anything else acts as one seller (forUser in tenant-filter.ts); migrations connect as the
 * owner on their own (migrate.ts). test/integration/row-level-security.test.ts checks that
 * nothing else calls this.
 */
export async function asSystem<T>(orm: Orm, reason: string, log: Logger, work: (em: EntityManager) => Promise<T>): Promise<T> {
  log.info({ reason }, 'acting across sellers, outside row-level security');
  return orm.em.fork().transactional(async (em) => {
    await em.execute('set local role none');
    return work(em);
  });
}
