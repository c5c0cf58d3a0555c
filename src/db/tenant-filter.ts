import type { EntityManager } from '@mikro-orm/postgresql';
import type { Kysely } from 'kysely';
import { USER_SETTING } from './row-level-security.js';

export const TENANT_FILTER = 'tenant';

export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

/**
 * A global filter on every entity with a `user` property: reads, updates and deletes see
 * only the current user's rows. It is on by default and needs the user's id, so a query
 * made without a user fails loudly instead of reading every tenant. The database holds the
 * same line on its own (row-level security, row-level-security.ts): the one piece of code that
 * acts for every seller (the order-sync schedule) says so with `filters: { tenant: false }`
 * inside asSystem (system-access.ts). New entities are covered by extending TenantOwned
 * (domain/tenant-owned.ts), with nothing to register.
 */
export const tenantFilter = {
  name: TENANT_FILTER,
  default: true,
  // The check for a missing user is ours (below), so that entities without a `user`
  // (User itself) stay readable without one.
  args: false,
  cond: (args: Record<string, unknown> | undefined, _type: string, em: EntityManager, _options: unknown, entityName?: string) => {
    const meta = entityName ? em.getMetadata().getByClassName(entityName, false) : undefined;
    if (!meta?.properties['user' as never]) return {};
    if (typeof args?.userId !== 'string') {
      throw new TenantScopeError(`query on ${entityName} without a user: fork the EntityManager with forUser() or disable the tenant filter explicitly`);
    }
    return { user: args!.userId };
  },
};

/**
 * A fresh EntityManager that can see only this user's rows: the tenant filter's parameter,
 * and the user every transaction it opens names to the database's policies. MikroORM sets
 * the session context with `set_config(…, true)` when the transaction begins (its nested
 * transactions are savepoints of that one), and runs each of the EntityManager's own queries
 * outside a transaction in a short transaction of its own, so none of them can forget it.
 */
export function forUser(em: EntityManager, userId: string): EntityManager {
  const fork = em.fork();
  fork.setFilterParams(TENANT_FILTER, { userId });
  fork.setSessionContext({ variables: { [USER_SETTING]: userId } });
  return fork;
}

/**
 * Plain SQL (Kysely) as the EntityManager's user. MikroORM wraps its own queries, not Kysely's:
 * outside a transaction a Kysely statement would name no user and see no row. It runs in the
 * EntityManager's transaction, or in a short one of the connection's that names the user: no
 * unit of work to fork and flush around a read (that was a fifth of a busy orders page's CPU).
 */
// The reads type their own rows (sql<Row>), so the database's table types are not needed here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inTransaction<T>(em: EntityManager, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  if (em.getTransactionContext()) return work(em.getKysely());
  return em.getConnection().transactional((trx) => work(trx), { sessionContext: em.getTransactionSessionContext() });
}
