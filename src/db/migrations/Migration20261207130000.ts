import { Migration } from '@mikro-orm/migrations';

// Every table with a user_id: a seller's rows. The ORM's metadata declares the same policy on
// the same tables (src/db/row-level-security.ts); the schema check compares the two.
const TENANT_TABLES = [
  'ad_spend_daily',
  'channel_accounts',
  'inventory_levels',
  'inventory_reservations',
  'oauth_states',
  'order_items',
  'orders',
  'product_costs',
  'profit_settings',
  'provider_credentials',
  'shipment_events',
  'shipments',
  'shopify_integrations',
  'sync_jobs',
  'sync_logs',
  'warehouses',
  'webhook_events',
];

// The user read once per statement; coalesce() keeps the planner from using the comparison as an
// index condition or counting it as selective (src/db/row-level-security.ts says why).
const OWN_ROWS = `coalesce(user_id = (select nullif(current_setting('app.user_id', true), '')::uuid as user_id), false)`;

/**
 * Row-level security, the second wall between sellers. The application's connections take
 * the role sutra_app (NOLOGIN, NOSUPERUSER, NOBYPASSRLS: superusers and BYPASSRLS roles skip
 * every policy, even a forced one), and on every seller's table that role sees and writes only
 * the rows of the user its transaction names in app.user_id; a transaction that names none
 * sees nothing. FORCE holds the tables' owner to the policies too: only superusers and
 * BYPASSRLS roles pass, which is what the scheduler's explicit bypass and migrations use.
 *
 * A role belongs to the whole server, not to this database: other databases on the server
 * (other deployments, every test database) share it, so it is made only when missing, even
 * when another database's migration makes it at the same moment, and never dropped.
 *
 * A push names its account in the URL before anyone knows its seller: push_account() checks
 * the token's hash as the function's owner and answers only for the right token, so the
 * application's role never reads another seller's account, nor any token hash.
 *
 * Jobs find their rows as their seller, so each job's data now names it (userId).
 */
export class Migration20261207130000 extends Migration {
  override name = 'Migration20261207130000';

  override up(): void | Promise<void> {
    this.addSql(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = 'sutra_app') then
          begin
            create role sutra_app nologin nosuperuser nobypassrls;
          exception when duplicate_object or unique_violation then
            null; -- another database's migration made it meanwhile
          end;
        end if;
        -- Taking the role needs the SET option of the membership from PostgreSQL 16 on, MEMBER before.
        if not pg_has_role(current_user, 'sutra_app', case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end) then
          begin
            execute format('grant sutra_app to %I', current_user);
          exception when duplicate_object or unique_violation then
            null;
          end;
        end if;
      end
      $$;`);
    this.addSql(`grant usage on schema public to sutra_app;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to sutra_app;`);
    this.addSql(`revoke insert, update, delete on mikro_orm_migrations from sutra_app;`);
    this.addSql(`grant usage, select, update on all sequences in schema public to sutra_app;`);
    // Tables made later by the same owner: later migrations', and Agenda's own (its queries
    // run on the embedded database's one session, which has taken the role).
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to sutra_app;`);
    this.addSql(`alter default privileges in schema public grant usage, select, update on sequences to sutra_app;`);

    for (const table of TENANT_TABLES) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`create policy "tenant_isolation" on "${table}" using (${OWN_ROWS}) with check (${OWN_ROWS});`);
    }

    this.addSql(`
      create function push_account(account_id uuid, provider text, token_hash text)
        returns table (user_id uuid, external_id text)
        language sql stable security definer
        set search_path = pg_catalog, public
      as $$
        select a.user_id, a.external_id from public.channel_accounts a
         where a.id = $1 and a.provider_id = $2 and a.connected and a.push_token_hash = $3
      $$;`);
    this.addSql(`revoke all on function push_account(uuid, text, text) from public;`);
    this.addSql(`grant execute on function push_account(uuid, text, text) to sutra_app;`);

    // A job now carries its seller, without whom its rows cannot be read: jobs already queued
    // (in Agenda's table, when it keeps its jobs in this database) get theirs.
    this.addSql(`
      do $$
      begin
        if to_regclass('agenda_jobs') is not null then
          update agenda_jobs j set data = j.data || jsonb_build_object('userId', s.user_id)
            from sync_jobs s where j.name = 'sync-provider' and s.id::text = j.data->>'jobId';
          update agenda_jobs j set data = j.data || jsonb_build_object('userId', e.user_id)
            from webhook_events e where j.name = 'process-push' and e.id::text = j.data->>'eventId' and e.user_id is not null;
        end if;
      end
      $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function push_account(uuid, text, text);`);
    for (const table of TENANT_TABLES) {
      this.addSql(`drop policy "tenant_isolation" on "${table}";`);
      this.addSql(`alter table "${table}" no force row level security;`);
      this.addSql(`alter table "${table}" disable row level security;`);
    }
    // The role stays: other databases on the server may use it. This database stops granting to it.
    this.addSql(`alter default privileges in schema public revoke all on sequences from sutra_app;`);
    this.addSql(`alter default privileges in schema public revoke all on tables from sutra_app;`);
    this.addSql(`revoke all on all sequences in schema public from sutra_app;`);
    this.addSql(`revoke all on all tables in schema public from sutra_app;`);
    this.addSql(`revoke usage on schema public from sutra_app;`);
  }
}
