import type { EntityManager } from '@mikro-orm/postgresql';

export const TENANT_FILTER = 'tenant';

export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

/**
 * A global filter on every entity with a `user` property: reads, updates and deletes see
 * only the current user's rows. It is on by default and needs the user's id, so a query
 * made without a user fails loudly instead of reading every tenant. Code that really acts
 * for the whole system (schedulers, key rotation) says so with `filters: { tenant: false }`.
 * New entities are covered by extending TenantOwned (domain/tenant-owned.ts), with nothing
 * to register.
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

/** A fresh EntityManager that can see only this user's rows. */
export function forUser(em: EntityManager, userId: string): EntityManager {
  const fork = em.fork();
  fork.setFilterParams(TENANT_FILTER, { userId });
  return fork;
}
