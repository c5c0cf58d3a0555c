import { Migration } from '@mikro-orm/migrations';

/**
 * Every row a seller owns has the same shape (domain/tenant-owned.ts): created and updated
 * times on every tenant table, with database defaults for the rows a sync inserts in SQL.
 * (A constant default: PostgreSQL adds such columns without rewriting the table.)
 */
export class Migration20261125094453 extends Migration {
  override name = 'Migration20261125094453';

  override up(): void | Promise<void> {
    this.addSql(`alter table "product_costs" add "created_at" timestamptz not null default now();`);
    this.addSql(`alter table "product_costs" alter column "updated_at" set default now();`);

    this.addSql(`alter table "oauth_states" add "updated_at" timestamptz not null default now();`);
    this.addSql(`alter table "oauth_states" alter column "created_at" set default now();`);

    this.addSql(`alter table "channel_accounts" alter column "created_at" set default now();`);
    this.addSql(`alter table "channel_accounts" alter column "updated_at" set default now();`);

    this.addSql(`alter table "sync_jobs" add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now();`);

    this.addSql(`alter table "sync_logs" add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now();`);

    this.addSql(`alter table "shopify_integrations" add "created_at" timestamptz not null default now();`);
    this.addSql(`alter table "shopify_integrations" alter column "updated_at" set default now();`);

    this.addSql(`alter table "provider_credentials" add "created_at" timestamptz not null default now();`);
    this.addSql(`alter table "provider_credentials" alter column "updated_at" set default now();`);

    this.addSql(`alter table "orders" alter column "created_at" set default now();`);
    this.addSql(`alter table "orders" alter column "updated_at" set default now();`);

    this.addSql(`alter table "shipments" alter column "created_at" set default now();`);
    this.addSql(`alter table "shipments" alter column "updated_at" set default now();`);

    this.addSql(`alter table "shipment_events" add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now();`);

    this.addSql(`alter table "order_items" add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now();`);

    this.addSql(`alter table "ad_spend_daily" add "created_at" timestamptz not null default now(), add "updated_at" timestamptz not null default now();`);

    this.addSql(`alter table "warehouses" add "updated_at" timestamptz not null default now();`);
    this.addSql(`alter table "warehouses" alter column "created_at" set default now();`);

    this.addSql(`alter table "inventory_reservations" add "updated_at" timestamptz not null default now();`);
    this.addSql(`alter table "inventory_reservations" alter column "created_at" set default now();`);

    this.addSql(`alter table "inventory_levels" add "created_at" timestamptz not null default now();`);
    this.addSql(`alter table "inventory_levels" alter column "updated_at" set default now();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ad_spend_daily" drop column "created_at", drop column "updated_at";`);

    this.addSql(`alter table "channel_accounts" alter column "created_at" drop default;`);
    this.addSql(`alter table "channel_accounts" alter column "updated_at" drop default;`);

    this.addSql(`alter table "inventory_levels" drop column "created_at";`);
    this.addSql(`alter table "inventory_levels" alter column "updated_at" drop default;`);

    this.addSql(`alter table "inventory_reservations" drop column "updated_at";`);
    this.addSql(`alter table "inventory_reservations" alter column "created_at" drop default;`);

    this.addSql(`alter table "oauth_states" drop column "updated_at";`);
    this.addSql(`alter table "oauth_states" alter column "created_at" drop default;`);

    this.addSql(`alter table "order_items" drop column "created_at", drop column "updated_at";`);

    this.addSql(`alter table "orders" alter column "created_at" drop default;`);
    this.addSql(`alter table "orders" alter column "updated_at" drop default;`);

    this.addSql(`alter table "product_costs" drop column "created_at";`);
    this.addSql(`alter table "product_costs" alter column "updated_at" drop default;`);

    this.addSql(`alter table "provider_credentials" drop column "created_at";`);
    this.addSql(`alter table "provider_credentials" alter column "updated_at" drop default;`);

    this.addSql(`alter table "shipment_events" drop column "created_at", drop column "updated_at";`);

    this.addSql(`alter table "shipments" alter column "created_at" drop default;`);
    this.addSql(`alter table "shipments" alter column "updated_at" drop default;`);

    this.addSql(`alter table "shopify_integrations" drop column "created_at";`);
    this.addSql(`alter table "shopify_integrations" alter column "updated_at" drop default;`);

    this.addSql(`alter table "sync_jobs" drop column "created_at", drop column "updated_at";`);

    this.addSql(`alter table "sync_logs" drop column "created_at", drop column "updated_at";`);

    this.addSql(`alter table "warehouses" drop column "updated_at";`);
    this.addSql(`alter table "warehouses" alter column "created_at" drop default;`);
  }
}
