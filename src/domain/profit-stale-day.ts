import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantOwned } from './tenant-owned.js';

/**
 * A day of the seller's (in their time zone) whose orders' profit must be computed again:
 * written in the same transaction as what changed it (an order, a parcel, ad spend, a cost),
 * taken off by the recompute (services/profit/) in the transaction that writes the new figures.
 */
@Entity({ tableName: 'profit_stale_days' })
@Unique({ properties: ['user', 'day'] })
export class ProfitStaleDay extends TenantOwned {
  /** YYYY-MM-DD. */
  @Property({ type: 'date' })
  day!: string;
}
