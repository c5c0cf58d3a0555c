import { Migration } from '@mikro-orm/migrations';

/**
 * Courier tracking (issue 18). A shipment names the seller's courier account that tracks it,
 * whether it is tracked at all, its failed delivery attempts and whether its charges are the
 * courier's or the rate card's; a scan keeps its code and whether it was a failed attempt. call_budget_calls: the calls made against a deployment-wide
 * provider budget (Delhivery's 750 per 5 minutes per IP), shared by every seller, so not a
 * seller's table and without a policy.
 */
export class Migration20261207151600 extends Migration {
  override name = 'Migration20261207151600';

  override up(): void | Promise<void> {
    this.addSql(`
      alter table "shipments"
        add "courier_account_id" uuid null,
        add "tracked" boolean not null default true,
        add "attempts" int not null default 0,
        add "last_attempt_at" timestamptz null,
        add "last_attempt_code" text null,
        add "last_attempt_reason" text null,
        add "charges_estimated" boolean not null default false,
        add "weight_grams" int null,
        add "destination_pincode" text null;`);
    this.addSql(`
      alter table "shipments" add constraint "shipments_courier_account_id_foreign"
        foreign key ("courier_account_id") references "channel_accounts" ("id") on delete set null;`);
    this.addSql(`create index "shipments_courier_account_id_status_index" on "shipments" ("courier_account_id", "status");`);
    this.addSql(`alter table "shipment_events" add "code" text null, add "failed_attempt" boolean not null default false;`);

    this.addSql(`
      create table "call_budget_calls" (
        "id" bigserial primary key,
        "name" text not null,
        "at" timestamptz not null,
        "calls" int not null
      );`);
    this.addSql(`create index "call_budget_calls_name_at_index" on "call_budget_calls" ("name", "at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "call_budget_calls";`);
    this.addSql(`alter table "shipment_events" drop column "code", drop column "failed_attempt";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_courier_account_id_foreign";`);
    this.addSql(`drop index "shipments_courier_account_id_status_index";`);
    this.addSql(`
      alter table "shipments"
        drop column "courier_account_id", drop column "tracked", drop column "attempts", drop column "last_attempt_at",
        drop column "last_attempt_code", drop column "last_attempt_reason", drop column "charges_estimated",
        drop column "weight_grams", drop column "destination_pincode";`);
  }
}
