import { Migration } from '@mikro-orm/migrations';

/**
 * The currency an order's profit is in: the seller's, which an order in another currency does
 * not share (its profit is converted). Figures computed before it were in the seller's currency too.
 */
export class Migration20261207190000 extends Migration {
  override name = 'Migration20261207190000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "orders" add "profit_currency" varchar(3) null;`);
    this.addSql(`
      update "orders" o set "profit_currency" = coalesce(s."currency", 'INR')
      from "orders" x left join "profit_settings" s on s."user_id" = x."user_id"
      where x."id" = o."id" and o."profit_computed_at" is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "orders" drop column "profit_currency";`);
  }
}
