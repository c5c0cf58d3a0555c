import { Migration } from '@mikro-orm/migrations';

export class Migration20261125035042 extends Migration {
  override name = 'Migration20261125035042';

  override up(): void | Promise<void> {
    this.addSql(`create type "connection_state" as enum ('NOT_CONNECTED', 'CONNECTED', 'ERROR', 'NEEDS_REAUTH');`);
    this.addSql(`create type "channel_type" as enum ('SHOPIFY', 'AMAZON', 'FLIPKART', 'MYNTRA');`);
    this.addSql(`create type "sync_scope" as enum ('ORDERS', 'INVENTORY', 'ORDERS_AND_INVENTORY', 'SHIPMENTS', 'AD_SPEND');`);
    this.addSql(`create type "sync_trigger" as enum ('MANUAL', 'SCHEDULED', 'WEBHOOK');`);
    this.addSql(`create type "sync_status" as enum ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');`);
    this.addSql(`create type "order_status" as enum ('PENDING', 'CONFIRMED', 'PACKED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED', 'RTO');`);
    this.addSql(`create type "payment_method" as enum ('PREPAID', 'COD');`);
    this.addSql(`
      create type "shipment_status" as enum
      ('CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'RTO_INITIATED', 'RTO_DELIVERED', 'CANCELLED', 'LOST');`);
    this.addSql(`create type "webhook_event_status" as enum ('RECEIVED', 'PROCESSED', 'FAILED');`);
    this.addSql(`
      create table "users" (
        "id" uuid not null,
        "subject" text not null,
        "email" text null,
        "timezone" text not null default 'Asia/Kolkata',
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`alter table "users" add constraint "users_subject_unique" unique ("subject");`);

    this.addSql(`
      create table "provider_credentials" (
        "id" uuid not null,
        "user_id" uuid not null,
        "provider_id" text not null,
        "secret_key_id" text not null,
        "secret_nonce" bytea not null,
        "secret_ciphertext" bytea not null,
        "secret_auth_tag" bytea not null,
        "state" "connection_state" not null default 'CONNECTED',
        "account_name" text null,
        "last_error" text null,
        "connected_at" timestamptz not null,
        "last_checked_at" timestamptz null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`alter table "provider_credentials" add constraint "provider_credentials_user_id_provider_id_unique" unique ("user_id", "provider_id");`);

    this.addSql(`
      create table "profit_settings" (
        "id" uuid not null,
        "user_id" uuid not null,
        "currency" varchar(3) not null default 'INR',
        "timezone" text not null default 'Asia/Kolkata',
        "commission_rates" jsonb not null,
        "gateway_fee_percent" numeric(6,3) not null default '0',
        "cod_fee" numeric(14,2) not null default '0',
        "shipping_cost_per_order" numeric(14,2) not null default '0',
        "rto_cost_per_order" numeric(14,2) not null default '0',
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`alter table "profit_settings" add constraint "profit_settings_user_id_unique" unique ("user_id");`);

    this.addSql(`
      create table "product_costs" (
        "id" uuid not null,
        "user_id" uuid not null,
        "sku" text not null,
        "cost" numeric(14,2) not null,
        "currency" varchar(3) not null default 'INR',
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`alter table "product_costs" add constraint "product_costs_user_id_sku_unique" unique ("user_id", "sku");`);

    this.addSql(`
      create table "oauth_states" (
        "id" uuid not null,
        "user_id" uuid not null,
        "provider_id" text not null,
        "shop" text not null,
        "nonce_hash" text not null,
        "expires_at" timestamptz not null,
        "used_at" timestamptz null,
        "created_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "oauth_states_user_id_index" on "oauth_states" ("user_id");`);
    this.addSql(`alter table "oauth_states" add constraint "oauth_states_nonce_hash_unique" unique ("nonce_hash");`);
    this.addSql(`create index "oauth_states_expires_at_index" on "oauth_states" ("expires_at");`);

    this.addSql(`
      create table "channel_accounts" (
        "id" uuid not null,
        "user_id" uuid not null,
        "provider_id" text not null,
        "channel_type" "channel_type" not null,
        "external_id" text not null,
        "display_name" text not null,
        "connected" boolean not null default true,
        "sync_cursor" text null,
        "last_sync_at" timestamptz null,
        "disconnected_at" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "channel_accounts_user_id_index" on "channel_accounts" ("user_id");`);
    this.addSql(`
      alter table "channel_accounts" add constraint "channel_accounts_user_id_provider_id_external_id_unique"
        unique ("user_id", "provider_id", "external_id");`);

    this.addSql(`
      create table "sync_jobs" (
        "id" uuid not null,
        "user_id" uuid not null,
        "provider_id" text not null,
        "channel_account_id" uuid null,
        "scope" "sync_scope" not null,
        "trigger" "sync_trigger" not null,
        "status" "sync_status" not null default 'QUEUED',
        "processed" int not null default 0,
        "created" int not null default 0,
        "updated" int not null default 0,
        "failed" int not null default 0,
        "total" int null,
        "error" text null,
        "since" timestamptz null,
        "queued_at" timestamptz not null,
        "started_at" timestamptz null,
        "finished_at" timestamptz null,
        primary key ("id")
      );`);
    this.addSql(`create index "sync_jobs_user_id_channel_account_id_queued_at_index" on "sync_jobs" ("user_id", "channel_account_id", "queued_at");`);
    this.addSql(`create index "sync_jobs_user_id_provider_id_queued_at_index" on "sync_jobs" ("user_id", "provider_id", "queued_at");`);
    this.addSql(`create index "sync_jobs_user_id_queued_at_index" on "sync_jobs" ("user_id", "queued_at");`);

    this.addSql(`
      create table "sync_logs" (
        "id" uuid not null,
        "user_id" uuid not null,
        "job_id" uuid not null,
        "at" timestamptz not null,
        "level" text not null,
        "message" text not null,
        primary key ("id")
      );`);
    this.addSql(`create index "sync_logs_user_id_index" on "sync_logs" ("user_id");`);
    this.addSql(`create index "sync_logs_job_id_at_index" on "sync_logs" ("job_id", "at");`);

    this.addSql(`
      create table "shopify_integrations" (
        "id" uuid not null,
        "user_id" uuid not null,
        "channel_account_id" uuid not null,
        "shop" text not null,
        "scopes" text not null default '',
        "webhooks" jsonb not null,
        "installed_at" timestamptz not null,
        "uninstalled_at" timestamptz null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "shopify_integrations_user_id_index" on "shopify_integrations" ("user_id");`);
    this.addSql(`alter table "shopify_integrations" add constraint "shopify_integrations_channel_account_id_unique" unique ("channel_account_id");`);

    this.addSql(`
      create table "orders" (
        "id" uuid not null,
        "user_id" uuid not null,
        "channel_account_id" uuid not null,
        "provider_id" text not null,
        "external_id" text not null,
        "order_number" text null,
        "status" "order_status" not null,
        "raw_status" text not null,
        "payment_method" "payment_method" not null,
        "currency" varchar(3) not null,
        "ordered_at" timestamptz not null,
        "source_updated_at" timestamptz not null,
        "item_subtotal" numeric(14,2) not null,
        "discounts" numeric(14,2) not null,
        "shipping_charged" numeric(14,2) not null,
        "tax" numeric(14,2) not null,
        "total" numeric(14,2) not null,
        "channel_fees" numeric(14,2) null,
        "customer_city" text null,
        "customer_state" text null,
        "customer_pincode" text null,
        "profit_revenue" numeric(14,2) null,
        "profit_cogs" numeric(14,2) null,
        "profit_channel_fees" numeric(14,2) null,
        "profit_payment_fees" numeric(14,2) null,
        "profit_shipping_cost" numeric(14,2) null,
        "profit_rto_cost" numeric(14,2) null,
        "profit_ad_spend" numeric(14,2) null,
        "profit_net_profit" numeric(14,2) null,
        "profit_cogs_complete" boolean null,
        "profit_computed_at" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "orders_user_id_channel_account_id_ordered_at_index" on "orders" ("user_id", "channel_account_id", "ordered_at");`);
    this.addSql(`create index "orders_user_id_provider_id_ordered_at_index" on "orders" ("user_id", "provider_id", "ordered_at");`);
    this.addSql(`create index "orders_user_id_status_ordered_at_index" on "orders" ("user_id", "status", "ordered_at");`);
    this.addSql(`create index "orders_user_id_ordered_at_id_index" on "orders" ("user_id", "ordered_at", "id");`);
    this.addSql(`alter table "orders" add constraint "orders_channel_account_id_external_id_unique" unique ("channel_account_id", "external_id");`);

    this.addSql(`
      create table "shipments" (
        "id" uuid not null,
        "user_id" uuid not null,
        "order_id" uuid null,
        "provider_id" text not null,
        "tracking_number" text not null,
        "status" "shipment_status" not null default 'CREATED',
        "raw_status" text null,
        "last_event_at" timestamptz null,
        "label_url" text null,
        "shipping_cost" numeric(14,2) null,
        "rto_cost" numeric(14,2) null,
        "currency" varchar(3) not null default 'INR',
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "shipments_order_id_index" on "shipments" ("order_id");`);
    this.addSql(`create index "shipments_user_id_status_created_at_index" on "shipments" ("user_id", "status", "created_at");`);
    this.addSql(`
      alter table "shipments" add constraint "shipments_user_id_provider_id_tracking_number_unique"
        unique ("user_id", "provider_id", "tracking_number");`);

    this.addSql(`
      create table "shipment_events" (
        "id" uuid not null,
        "user_id" uuid not null,
        "shipment_id" uuid not null,
        "at" timestamptz not null,
        "status" "shipment_status" not null,
        "raw_status" text not null,
        "location" text null,
        primary key ("id")
      );`);
    this.addSql(`create index "shipment_events_user_id_index" on "shipment_events" ("user_id");`);
    this.addSql(`alter table "shipment_events" add constraint "shipment_events_shipment_id_at_raw_status_unique" unique ("shipment_id", "at", "raw_status");`);

    this.addSql(`
      create table "order_items" (
        "id" uuid not null,
        "user_id" uuid not null,
        "order_id" uuid not null,
        "external_line_id" text not null,
        "sku" text not null,
        "title" text not null,
        "quantity" int not null,
        "unit_price" numeric(14,2) not null,
        "discount" numeric(14,2) not null,
        "tax" numeric(14,2) not null,
        primary key ("id")
      );`);
    this.addSql(`create index "order_items_user_id_sku_index" on "order_items" ("user_id", "sku");`);
    this.addSql(`alter table "order_items" add constraint "order_items_order_id_external_line_id_unique" unique ("order_id", "external_line_id");`);

    this.addSql(`
      create table "ad_spend_daily" (
        "id" uuid not null,
        "user_id" uuid not null,
        "provider_id" text not null,
        "account_id" text not null,
        "date" date not null,
        "spend" numeric(14,2) not null,
        "currency" varchar(3) not null,
        "impressions" bigint null,
        "clicks" bigint null,
        "fetched_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "ad_spend_daily_user_id_date_index" on "ad_spend_daily" ("user_id", "date");`);
    this.addSql(`
      alter table "ad_spend_daily" add constraint "ad_spend_daily_user_id_provider_id_account_id_date_unique"
        unique ("user_id", "provider_id", "account_id", "date");`);

    this.addSql(`
      create table "warehouses" (
        "id" uuid not null,
        "user_id" uuid not null,
        "code" text not null,
        "name" text not null,
        "is_default" boolean not null default false,
        "created_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`alter table "warehouses" add constraint "warehouses_user_id_code_unique" unique ("user_id", "code");`);

    this.addSql(`
      create table "inventory_reservations" (
        "id" uuid not null,
        "user_id" uuid not null,
        "order_item_id" uuid not null,
        "warehouse_id" uuid not null,
        "sku" text not null,
        "quantity" int not null,
        "released_at" timestamptz null,
        "created_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "inventory_reservations_user_id_index" on "inventory_reservations" ("user_id");`);
    this.addSql(`alter table "inventory_reservations" add constraint "inventory_reservations_order_item_id_unique" unique ("order_item_id");`);

    this.addSql(`
      create table "inventory_levels" (
        "id" uuid not null,
        "user_id" uuid not null,
        "warehouse_id" uuid not null,
        "sku" text not null,
        "on_hand" int not null default 0,
        "reserved" int not null default 0,
        "fetched_at" timestamptz null,
        "updated_at" timestamptz not null,
        primary key ("id")
      );`);
    this.addSql(`create index "inventory_levels_user_id_sku_index" on "inventory_levels" ("user_id", "sku");`);
    this.addSql(`alter table "inventory_levels" add constraint "inventory_levels_warehouse_id_sku_unique" unique ("warehouse_id", "sku");`);

    this.addSql(`
      create table "webhook_events" (
        "id" uuid not null,
        "user_id" uuid null,
        "provider_id" text not null,
        "delivery_id" text not null,
        "event_id" text null,
        "topic" text not null,
        "source" text null,
        "payload" jsonb not null,
        "status" "webhook_event_status" not null default 'RECEIVED',
        "error" text null,
        "received_at" timestamptz not null,
        "processed_at" timestamptz null,
        primary key ("id")
      );`);
    this.addSql(`create index "webhook_events_user_id_index" on "webhook_events" ("user_id");`);
    this.addSql(`create index "webhook_events_status_received_at_index" on "webhook_events" ("status", "received_at");`);
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_provider_id_delivery_id_unique" unique ("provider_id", "delivery_id");`);

    this.addSql(`
      alter table "provider_credentials" add constraint "provider_credentials_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`
      alter table "profit_settings" add constraint "profit_settings_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`
      alter table "product_costs" add constraint "product_costs_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`
      alter table "oauth_states" add constraint "oauth_states_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`
      alter table "channel_accounts" add constraint "channel_accounts_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "sync_jobs" add constraint "sync_jobs_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "sync_jobs" add constraint "sync_jobs_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete set null;`);

    this.addSql(`alter table "sync_logs" add constraint "sync_logs_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "sync_logs" add constraint "sync_logs_job_id_foreign" foreign key ("job_id") references "sync_jobs" ("id") on delete cascade;`);

    this.addSql(`
      alter table "shopify_integrations" add constraint "shopify_integrations_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "shopify_integrations" add constraint "shopify_integrations_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);

    this.addSql(`alter table "orders" add constraint "orders_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "orders" add constraint "orders_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);

    this.addSql(`alter table "shipments" add constraint "shipments_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "shipments" add constraint "shipments_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete set null;`);

    this.addSql(`
      alter table "shipment_events" add constraint "shipment_events_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "shipment_events" add constraint "shipment_events_shipment_id_foreign"
        foreign key ("shipment_id") references "shipments" ("id") on delete cascade;`);

    this.addSql(`alter table "order_items" add constraint "order_items_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "order_items" add constraint "order_items_order_id_foreign"
        foreign key ("order_id") references "orders" ("id") on delete cascade;`);

    this.addSql(`
      alter table "ad_spend_daily" add constraint "ad_spend_daily_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "warehouses" add constraint "warehouses_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`
      alter table "inventory_reservations" add constraint "inventory_reservations_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "inventory_reservations" add constraint "inventory_reservations_order_item_id_foreign"
        foreign key ("order_item_id") references "order_items" ("id") on delete cascade;`);
    this.addSql(`
      alter table "inventory_reservations" add constraint "inventory_reservations_warehouse_id_foreign"
        foreign key ("warehouse_id") references "warehouses" ("id") on delete cascade;`);

    this.addSql(`
      alter table "inventory_levels" add constraint "inventory_levels_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      alter table "inventory_levels" add constraint "inventory_levels_warehouse_id_foreign"
        foreign key ("warehouse_id") references "warehouses" ("id") on delete cascade;`);

    this.addSql(`
      alter table "webhook_events" add constraint "webhook_events_user_id_foreign"
        foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }
}
