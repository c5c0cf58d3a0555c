import { Migration } from '@mikro-orm/migrations';

/**
 * Several accounts per provider: a credential belongs to one account. Each stored
 * credential (one per user and provider until now) joins its provider's connected account;
 * ad and courier credentials, which had none, get one.
 */
export class Migration20261125093439 extends Migration {
  override name = 'Migration20261125093439';

  override up(): void | Promise<void> {
    this.addSql(`alter table "channel_accounts" alter column "channel_type" drop not null;`);

    this.addSql(`alter table "provider_credentials" drop constraint "provider_credentials_user_id_provider_id_unique";`);
    this.addSql(`alter table "provider_credentials" add "channel_account_id" uuid null;`);
    this.addSql(`
      insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name, connected, created_at, updated_at)
      select gen_random_uuid(), c.user_id, c.provider_id, null,
        coalesce(c.account_name, c.provider_id), coalesce(c.account_name, c.provider_id), true, c.connected_at, now()
      from provider_credentials c
      where not exists (select 1 from channel_accounts a where a.user_id = c.user_id and a.provider_id = c.provider_id and a.connected)
      on conflict (user_id, provider_id, external_id) do update set connected = true, disconnected_at = null;`);
    this.addSql(`
      update provider_credentials c set channel_account_id = (
        select a.id from channel_accounts a where a.user_id = c.user_id and a.provider_id = c.provider_id and a.connected
        order by a.updated_at desc limit 1);`);
    this.addSql(`alter table "provider_credentials" alter column "channel_account_id" set not null;`);
    this.addSql(`
      alter table "provider_credentials" add constraint "provider_credentials_channel_account_id_foreign"
        foreign key ("channel_account_id") references "channel_accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "provider_credentials" add constraint "provider_credentials_channel_account_id_unique" unique ("channel_account_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "provider_credentials" drop constraint "provider_credentials_channel_account_id_foreign";`);

    this.addSql(`alter table "channel_accounts" alter column "channel_type" set not null;`);

    this.addSql(`alter table "provider_credentials" drop constraint "provider_credentials_channel_account_id_unique";`);
    this.addSql(`alter table "provider_credentials" drop column "channel_account_id";`);
    this.addSql(`alter table "provider_credentials" add constraint "provider_credentials_user_id_provider_id_unique" unique ("user_id", "provider_id");`);
  }
}
