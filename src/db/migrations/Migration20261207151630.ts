import { Migration } from '@mikro-orm/migrations';

/**
 * The seller's freight rate card (issue 18): forward and return-to-origin freight by weight slab
 * and zone, replacing the flat per-order figures, which nothing set or read. Null: the defaults
 * (domain/rate-card.ts). profit_settings keeps its row-level security policy.
 */
export class Migration20261207151630 extends Migration {
  override name = 'Migration20261207151630';

  override up(): void | Promise<void> {
    this.addSql(`
      alter table "profit_settings"
        drop column "shipping_cost_per_order",
        drop column "rto_cost_per_order",
        add "rate_card" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`
      alter table "profit_settings"
        drop column "rate_card",
        add "shipping_cost_per_order" numeric(14,2) not null default '0',
        add "rto_cost_per_order" numeric(14,2) not null default '0';`);
  }
}
