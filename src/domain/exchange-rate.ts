import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { currency } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * What one unit of a currency is worth in the seller's currency, from a day on, as the seller
 * sets it: ad spend billed in another currency is converted at the rate in force on its day.
 */
@Entity({ tableName: 'exchange_rates' })
@Unique({ properties: ['user', 'currency', 'effectiveFrom'] })
export class ExchangeRate extends TenantOwned {
  @Property(currency())
  currency!: string;

  /** YYYY-MM-DD. */
  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'decimal', precision: 18, scale: 6 })
  rate!: string;
}
