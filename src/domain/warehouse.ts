import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantOwned } from './tenant-owned.js';

/** Where stock sits: a sales channel's location whose stock Sutra reads (a Shopify location). */
@Entity({ tableName: 'warehouses' })
@Unique({ properties: ['user', 'code'] })
export class Warehouse extends TenantOwned {
  /** Stable key within the user: "<provider>:<location id>", e.g. "shopify:70001". */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;
}
