import { Migration } from '@mikro-orm/migrations';

export class Migration20261125040256 extends Migration {
  override name = 'Migration20261125040256';

  override up(): void | Promise<void> {
    this.addSql(`create unique index "sync_jobs_one_active_per_account" on "sync_jobs" ("channel_account_id") where "status" in ('QUEUED', 'RUNNING');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "sync_jobs_one_active_per_account";`);
  }
}
