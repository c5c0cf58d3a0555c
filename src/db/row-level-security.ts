import type { EntityMetadata, MetadataStorage, PolicyDef } from '@mikro-orm/core';
import type pg from 'pg';

/**
 * PostgreSQL row-level security: the second wall between sellers, behind the ORM's tenant
 * filter and the `user_id = …` that plain SQL writes by hand. The application's connections
 * take APP_ROLE (NOLOGIN, neither superuser nor BYPASSRLS: superusers skip every policy, even
 * a forced one), and every table with a `user_id` shows that role only the rows of the user
 * its transaction names in USER_SETTING. A connection that names no user sees no seller's row.
 * The migration Migration20261207130000 makes the role, its grants and the policies.
 */
export const APP_ROLE = 'sutra_app';

/** Set per transaction (`set_config(…, true)`), never per session: PGlite's one session is shared. */
export const USER_SETTING = 'app.user_id';

const TENANT_POLICY = 'tenant_isolation';

/**
 * The user is read once per statement (the sub-select), and the comparison sits inside
 * coalesce(), which the planner neither turns into an index condition nor counts as selective
 * (it assumes half the rows pass). Written plainly, `user_id = nullif(current_setting(…),
 * '')::uuid` was an index condition whose selectivity the planner cannot know: during a bulk
 * import it took (user_id, channel_account_id, ordered_at) over the unique key to find an
 * order by its external id, and read a seller's whole book for every order of a page (a
 * 20,000-order import ran at 125 orders/s instead of 1,200). Compared as text instead, it
 * counted as 1 row in 200 and turned the orders page into a sort of the whole book. Unset,
 * the setting is null or '': no row passes. The alias is how PostgreSQL prints the sub-select
 * back, so the schema check finds the same text.
 */
const OWN_ROWS = `coalesce(user_id = (select nullif(current_setting('${USER_SETTING}', true), '')::uuid as user_id), false)`;

/** A table with a `user_id` column belongs to a seller (the tenant filter keys on the same `user` property). */
function isTenantOwned(meta: EntityMetadata): boolean {
  return !meta.embeddable && !meta.virtual && !!meta.tableName && !!meta.properties['user' as never];
}

const tenantPolicy: PolicyDef = { name: TENANT_POLICY, using: OWN_ROWS, check: OWN_ROWS };

/**
 * Declares the policy on every seller's table in the ORM's metadata, forced for the tables'
 * owner too, so a new entity with a `user` is covered with nothing to register, and the
 * schema diff (test/integration/migrations.test.ts) shows a table the migrations left open.
 */
export function declareTenantPolicies(storage: MetadataStorage): void {
  for (const meta of storage.getAll().values()) {
    if (!isTenantOwned(meta)) continue;
    meta.policies = [tenantPolicy];
    meta.rowLevelSecurity = 'force';
  }
}

/** pg-pool's `onConnect`: a connection is handed out only once it has taken the role, or not at all. */
export async function takeAppRole(client: pg.PoolClient): Promise<void> {
  await client.query(`set role ${APP_ROLE}`);
}

/** Startup could not take the role: why, in words an operator can act on. */
export class AppRoleError extends Error {
  override name = 'AppRoleError';
}

/** The database's refusal to take the role, in words an operator can act on; undefined for any other error. */
export function explainRoleFailure(err: unknown, loginRole: string | undefined): AppRoleError | undefined {
  const reason = err instanceof Error ? err.message : String(err);
  if (!reason.includes(`"${APP_ROLE}"`)) return undefined;
  if (/does not exist/.test(reason)) {
    return new AppRoleError(`the database role "${APP_ROLE}" does not exist: run the migrations first (npm run migrate, or MIGRATE_ON_START=true)`);
  }
  const who = loginRole ? `the DATABASE_URL role "${loginRole}"` : 'the DATABASE_URL role';
  return new AppRoleError(`${who} cannot take the database role "${APP_ROLE}": GRANT ${APP_ROLE} TO that role (${reason})`);
}
