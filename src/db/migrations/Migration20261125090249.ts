import { Migration } from '@mikro-orm/migrations';

export class Migration20261125090249 extends Migration {
  override name = 'Migration20261125090249';

  override up(): void | Promise<void> {
    this.addSql(`alter table "channel_accounts" add "push_token_hash" text null;`);
    this.addSql(`alter table "channel_accounts" add constraint "channel_accounts_push_token_hash_unique" unique ("push_token_hash");`);

    this.addSql(`alter table "orders" alter column "item_subtotal" drop not null;`);
    this.addSql(`alter table "orders" alter column "discounts" drop not null;`);
    this.addSql(`alter table "orders" alter column "shipping_charged" drop not null;`);
    this.addSql(`alter table "orders" alter column "tax" drop not null;`);
    this.addSql(`alter table "orders" alter column "total" drop not null;`);

    this.addSql(`alter table "shipments" add "external_id" text null, add "carrier" text null;`);
    this.addSql(`alter table "shipments" alter column "tracking_number" drop not null;`);
    this.addSql(`alter table "shipments" add constraint "shipments_user_id_provider_id_external_id_unique" unique ("user_id", "provider_id", "external_id");`);

    this.addSql(`
      alter table "order_items"
        add "status" "order_status" null,
        add "raw_status" text null,
        add "shipping" numeric(14,2) null,
        add "source_updated_at" timestamptz null;`);
    this.addSql(`alter table "order_items" alter column "unit_price" drop not null;`);
    this.addSql(`alter table "order_items" alter column "discount" drop not null;`);
    this.addSql(`alter table "order_items" alter column "tax" drop not null;`);

    this.addSql(`alter table "webhook_events" add "channel_account_id" uuid null;`);
    this.addSql(`
      alter table "webhook_events" add constraint "webhook_events_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);
    this.addSql(`create index "webhook_events_channel_account_id_index" on "webhook_events" ("channel_account_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_events" drop constraint "webhook_events_channel_account_id_foreign";`);

    this.addSql(`alter table "channel_accounts" drop constraint "channel_accounts_push_token_hash_unique";`);
    this.addSql(`alter table "channel_accounts" drop column "push_token_hash";`);

    this.addSql(`alter table "order_items" drop column "status", drop column "raw_status", drop column "shipping", drop column "source_updated_at";`);
    this.addSql(`alter table "order_items" alter column "unit_price" set not null;`);
    this.addSql(`alter table "order_items" alter column "discount" set not null;`);
    this.addSql(`alter table "order_items" alter column "tax" set not null;`);

    this.addSql(`alter table "orders" alter column "item_subtotal" set not null;`);
    this.addSql(`alter table "orders" alter column "discounts" set not null;`);
    this.addSql(`alter table "orders" alter column "shipping_charged" set not null;`);
    this.addSql(`alter table "orders" alter column "tax" set not null;`);
    this.addSql(`alter table "orders" alter column "total" set not null;`);

    this.addSql(`alter table "shipments" drop constraint "shipments_user_id_provider_id_external_id_unique";`);
    this.addSql(`alter table "shipments" drop column "external_id", drop column "carrier";`);
    this.addSql(`alter table "shipments" alter column "tracking_number" set not null;`);

    this.addSql(`drop index "webhook_events_channel_account_id_index";`);
    this.addSql(`alter table "webhook_events" drop column "channel_account_id";`);
  }
}
