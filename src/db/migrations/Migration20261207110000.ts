import { Migration } from '@mikro-orm/migrations';

/**
 * A sales channel's parcel belongs to the account that reported it. Shipments were unique per
 * user and provider, so a second account reporting the same shipment id (the same seller
 * connected twice) took the first account's row onto its own order. Each parcel now carries
 * its account, taken from its order: a row already taken is left with the account whose order
 * holds it. The account it was taken from cannot be known from the row: an account whose
 * orders lack parcels while another account of its provider has some gets its cursor cleared,
 * so its next sync reads again from the first-sync horizon and writes its parcels anew.
 * A parcel booked with a courier has no account and stays unique by its AWB per courier.
 * Not reversible: two accounts' copies of one parcel do not fit the per-user keys again.
 */
export class Migration20261207110000 extends Migration {
  override name = 'Migration20261207110000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "shipments" add "channel_account_id" uuid null;`);
    this.addSql(`
      alter table "shipments" add constraint "shipments_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);
    // A channel's parcel has its order's provider; a courier's booking (Delhivery on a Shopify order) does not.
    this.addSql(`
      update shipments s set channel_account_id = o.channel_account_id
      from orders o where o.id = s.order_id and o.provider_id = s.provider_id;`);
    this.addSql(`
      update channel_accounts a set sync_cursor = null
      where a.sync_cursor is not null
        and exists (select 1 from shipments s join channel_accounts b on b.id = s.channel_account_id
                    where b.user_id = a.user_id and b.provider_id = a.provider_id and b.id <> a.id)
        and exists (select 1 from orders o where o.channel_account_id = a.id
                    and not exists (select 1 from shipments s where s.order_id = o.id and s.channel_account_id = a.id));`);

    this.addSql(`alter table "shipments" drop constraint "shipments_user_id_provider_id_external_id_unique";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_user_id_provider_id_tracking_number_unique";`);
    this.addSql(`alter table "shipments" add constraint "shipments_channel_account_id_external_id_unique" unique ("channel_account_id", "external_id");`);
    this.addSql(
      `alter table "shipments" add constraint "shipments_channel_account_id_tracking_number_unique" unique ("channel_account_id", "tracking_number");`,
    );
    this.addSql(`
      create unique index "shipments_user_id_provider_id_tracking_number_unique" on "shipments" ("user_id", "provider_id", "tracking_number")
        where channel_account_id is null;`);
  }
}
