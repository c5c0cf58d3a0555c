import { Migration } from '@mikro-orm/migrations';

/**
 * A push is a sync job of its kind (trigger WEBHOOK): the job carries the stored push it writes,
 * one job per push. The one-active-job-per-account index now holds pulls only, so a push is
 * written while its account's pull runs, and several pushes of one account side by side.
 */
export class Migration20261207140000 extends Migration {
  override name = 'Migration20261207140000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "sync_jobs" add "webhook_event_id" uuid null;`);
    this.addSql(`
      alter table "sync_jobs" add constraint "sync_jobs_webhook_event_id_foreign"
        foreign key ("webhook_event_id") references "webhook_events" ("id") on delete set null;`);
    this.addSql(`alter table "sync_jobs" add constraint "sync_jobs_webhook_event_id_unique" unique ("webhook_event_id");`);
    this.addSql(`drop index "sync_jobs_one_active_per_account";`);
    this.addSql(`
      create unique index "sync_jobs_one_active_per_account" on "sync_jobs" ("channel_account_id")
        where "status" in ('QUEUED', 'RUNNING') and "webhook_event_id" is null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "sync_jobs" where "webhook_event_id" is not null;`);
    this.addSql(`drop index "sync_jobs_one_active_per_account";`);
    this.addSql(`create unique index "sync_jobs_one_active_per_account" on "sync_jobs" ("channel_account_id") where "status" in ('QUEUED', 'RUNNING');`);
    this.addSql(`alter table "sync_jobs" drop constraint "sync_jobs_webhook_event_id_unique";`);
    this.addSql(`alter table "sync_jobs" drop constraint "sync_jobs_webhook_event_id_foreign";`);
    this.addSql(`alter table "sync_jobs" drop column "webhook_event_id";`);
  }
}
