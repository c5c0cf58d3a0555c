import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { currency, money } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * What one unit of a SKU costs the seller (the goods in cogs) from a date on, and the SKU's GST
 * rate. An order uses the row in force on its day, so a new cost never rewrites last month.
 */
@Entity({ tableName: 'product_costs' })
@Unique({ properties: ['user', 'sku', 'effectiveFrom'] })
@Index({ properties: ['user', 'sku'] })
export class ProductCost extends TenantOwned {
  @Property({ type: 'text' })
  sku!: string;

  /** YYYY-MM-DD, the seller's day the cost applies from. */
  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property(money())
  cost!: string;

  @Property(currency())
  currency: string & Opt = 'INR';

  /** The SKU's GST rate in percent; null: the default in ProfitSettings. */
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  gstPercent?: string;
}
