import { Migration } from '@mikro-orm/migrations';

/**
 * The currency an order's profit is in: the seller's, which an order in another currency does
 * not share (its profit is converted).
 */
export class Migration20261207190000 extends Migration {
  override name = 'Migration20261207190000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "orders" add "profit_currency" varchar(3) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "orders" drop column "profit_currency";`);
  }
}
