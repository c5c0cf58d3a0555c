import { Migration } from '@mikro-orm/migrations';

const OWN_ROWS = `coalesce(user_id = (select nullif(current_setting('app.user_id', true), '')::uuid as user_id), false)`;

/**
 * Ad spend and the profit of every order (issue 19):
 * - orders: the payment gateway and the fees the channel reports, whether its prices hold GST
 *   it does not state (Flipkart's), whether the channel ships it from its own warehouse (Amazon FBA), and the profit's GST, flags and sources (cogs_complete
 *   becomes the COST_UNKNOWN flag);
 * - product_costs: a cost applies from a day on (existing costs from 2000-01-01, so every
 *   order already computed keeps its cost), with the SKU's GST rate;
 * - profit_settings: a fee rate per payment gateway, the default GST rate; the one gateway
 *   rate becomes the rate for gateways not listed, null (unknown, flagged) until the seller sets it,
 *   since nothing could set it before;
 * - exchange_rates: the seller's rates for spend billed in another currency;
 * - profit_stale_days: the days whose profit the recompute owes;
 * - ad_spend_daily: its connected account and time zone; sync_jobs: an ad spend job's days;
 *   channel_accounts: when a marketplace's fees were last read.
 */
export class Migration20261207180000 extends Migration {
  override name = 'Migration20261207180000';

  override up(): void | Promise<void> {
    this.addSql(`
      alter table "orders" drop column "profit_cogs_complete",
        add "payment_gateway" text null, add "payment_fees" numeric(14,2) null,
        add "prices_include_unstated_tax" boolean not null default false, add "fulfilled_by_channel" boolean not null default false,
        add "profit_gst" numeric(14,2) null, add "profit_flags" text[] null, add "profit_sources" jsonb null;`);
    this.addSql(`update "orders" set "prices_include_unstated_tax" = true where "provider_id" = 'flipkart';`);
    this.addSql(`update "orders" set "profit_revenue" = null, "profit_cogs" = null, "profit_channel_fees" = null, "profit_payment_fees" = null,
      "profit_shipping_cost" = null, "profit_rto_cost" = null, "profit_ad_spend" = null, "profit_net_profit" = null, "profit_computed_at" = null;`);

    this.addSql(`alter table "product_costs" drop constraint "product_costs_user_id_sku_unique";`);
    this.addSql(`alter table "product_costs" add "effective_from" date not null default '2000-01-01', add "gst_percent" numeric(5,2) null;`);
    this.addSql(`alter table "product_costs" alter column "effective_from" drop default;`);
    this.addSql(`create index "product_costs_user_id_sku_index" on "product_costs" ("user_id", "sku");`);
    this.addSql(`alter table "product_costs" add constraint "product_costs_user_id_sku_effective_from_unique" unique ("user_id", "sku", "effective_from");`);

    this.addSql(
      `alter table "profit_settings" add "gateway_fee_rates" jsonb not null default '{}', add "default_gst_percent" numeric(5,2) not null default '18';`,
    );
    this.addSql(`alter table "profit_settings" alter column "gateway_fee_rates" drop default;`);
    this.addSql(`alter table "profit_settings" alter column "gateway_fee_percent" drop default, alter column "gateway_fee_percent" drop not null;`);
    this.addSql(`update "profit_settings" set "gateway_fee_percent" = null;`);

    this.addSql(`alter table "ad_spend_daily" add "channel_account_id" uuid null, add "timezone" text null;`);
    this.addSql(`alter table "ad_spend_daily" add constraint "ad_spend_daily_channel_account_id_foreign"
      foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "sync_jobs" add "day_from" date null, add "day_to" date null;`);
    this.addSql(`alter table "channel_accounts" add "fees_read_at" timestamptz null;`);

    this.addSql(`create table "exchange_rates" ("id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(), "currency" varchar(3) not null, "effective_from" date not null, "rate" numeric(18,6) not null,
      primary key ("id"));`);
    this.addSql(
      `alter table "exchange_rates" add constraint "exchange_rates_user_id_currency_effective_from_unique" unique ("user_id", "currency", "effective_from");`,
    );
    this.addSql(`create table "profit_stale_days" ("id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(), "day" date not null, primary key ("id"));`);
    this.addSql(`alter table "profit_stale_days" add constraint "profit_stale_days_user_id_day_unique" unique ("user_id", "day");`);
    for (const table of ['exchange_rates', 'profit_stale_days']) {
      this.addSql(`alter table "${table}" add constraint "${table}_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`alter table "${table}" force row level security;`);
      this.addSql(`create policy "tenant_isolation" on "${table}" using (${OWN_ROWS}) with check (${OWN_ROWS});`);
    }
    // Every seller's orders are owed a profit under the new rules.
    this.addSql(`
      insert into "profit_stale_days" ("id", "user_id", "day")
      select gen_random_uuid(), o."user_id", (o."ordered_at" at time zone coalesce(s."timezone", 'Asia/Kolkata'))::date
      from "orders" o left join "profit_settings" s on s."user_id" = o."user_id"
      group by 2, 3;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "profit_stale_days";`);
    this.addSql(`drop table "exchange_rates";`);
    this.addSql(`alter table "sync_jobs" drop column "day_from", drop column "day_to";`);
    this.addSql(`alter table "channel_accounts" drop column "fees_read_at";`);
    this.addSql(`alter table "ad_spend_daily" drop constraint "ad_spend_daily_channel_account_id_foreign";`);
    this.addSql(`alter table "ad_spend_daily" drop column "channel_account_id", drop column "timezone";`);
    this.addSql(`update "profit_settings" set "gateway_fee_percent" = '0' where "gateway_fee_percent" is null;`);
    this.addSql(`alter table "profit_settings" alter column "gateway_fee_percent" set not null, alter column "gateway_fee_percent" set default '0';`);
    this.addSql(`alter table "profit_settings" drop column "gateway_fee_rates", drop column "default_gst_percent";`);
    this.addSql(
      `delete from "product_costs" p using "product_costs" q where p."user_id" = q."user_id" and p."sku" = q."sku" and p."effective_from" < q."effective_from";`,
    );
    this.addSql(`alter table "product_costs" drop constraint "product_costs_user_id_sku_effective_from_unique";`);
    this.addSql(`drop index "product_costs_user_id_sku_index";`);
    this.addSql(`alter table "product_costs" drop column "effective_from", drop column "gst_percent";`);
    this.addSql(`alter table "product_costs" add constraint "product_costs_user_id_sku_unique" unique ("user_id", "sku");`);
    this
      .addSql(`alter table "orders" drop column "payment_gateway", drop column "payment_fees", drop column "prices_include_unstated_tax", drop column "fulfilled_by_channel",
      drop column "profit_gst", drop column "profit_flags", drop column "profit_sources", add "profit_cogs_complete" boolean null;`);
  }
}
