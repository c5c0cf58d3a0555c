import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { currency, money } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/** What one unit of a SKU costs the seller (the goods in cogs). */
@Entity({ tableName: 'product_costs' })
@Unique({ properties: ['user', 'sku'] })
export class ProductCost extends TenantOwned {
  @Property({ type: 'text' })
  sku!: string;

  @Property(money())
  cost!: string;

  @Property(currency())
  currency: string & Opt = 'INR';
}
