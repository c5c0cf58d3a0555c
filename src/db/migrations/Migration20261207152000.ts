import { Migration } from '@mikro-orm/migrations';

const OWN_ROWS = `coalesce(user_id = (select nullif(current_setting('app.user_id', true), '')::uuid as user_id), false)`;

/**
 * Shopify's webhooks (docs/providers.md §1.2). A delivery names its shop, not its seller, and
 * row-level security shows no seller's account without one: shopify_webhook_accounts() looks the
 * shop up as the function's owner and answers with only what the signature check needs, the
 * accounts of that shop and their sellers; the secrets are then read as each seller.
 *
 * customer_data_requests: what Sutra held of a customer when the shop asked
 * (customers/data_request), for the seller to read and send on. A seller's table.
 */
export class Migration20261207152000 extends Migration {
  override name = 'Migration20261207152000';

  override up(): void | Promise<void> {
    this.addSql(`
      create function shopify_webhook_accounts(shop text)
        returns table (user_id uuid, channel_account_id uuid)
        language sql stable security definer
        set search_path = pg_catalog, public
      as $$
        select a.user_id, a.id from public.channel_accounts a where a.provider_id = 'shopify' and a.external_id = $1
      $$;`);
    this.addSql(`revoke all on function shopify_webhook_accounts(text) from public;`);
    this.addSql(`grant execute on function shopify_webhook_accounts(text) to sutra_app;`);

    this.addSql(`
      create table "customer_data_requests" (
        "id" uuid not null,
        "user_id" uuid not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "channel_account_id" uuid not null,
        "customer" text not null,
        "request_id" text null,
        "orders_requested" jsonb not null,
        "held" jsonb not null,
        primary key ("id")
      );`);
    this.addSql(`create index "customer_data_requests_channel_account_id_index" on "customer_data_requests" ("channel_account_id");`);
    this.addSql(`create index "customer_data_requests_user_id_created_at_index" on "customer_data_requests" ("user_id", "created_at");`);
    this.addSql(`
      alter table "customer_data_requests" add constraint "customer_data_requests_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "customer_data_requests" add constraint "customer_data_requests_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "customer_data_requests" enable row level security;`);
    this.addSql(`alter table "customer_data_requests" force row level security;`);
    this.addSql(`create policy "tenant_isolation" on "customer_data_requests" using (${OWN_ROWS}) with check (${OWN_ROWS});`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "customer_data_requests";`);
    this.addSql(`drop function shopify_webhook_accounts(text);`);
  }
}
