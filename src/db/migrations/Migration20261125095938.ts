import { Migration } from '@mikro-orm/migrations';

/** The sync job that last wrote an order, so a job counts each order once (services/sync/handlers/orders.ts). */
export class Migration20261125095938 extends Migration {
  override name = 'Migration20261125095938';

  override up(): void | Promise<void> {
    this.addSql(`alter table "orders" add "last_sync_job_id" uuid null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "orders" drop column "last_sync_job_id";`);
  }
}
