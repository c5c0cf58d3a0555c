import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantOwned } from './tenant-owned.js';

/** Where stock sits: the seller's own warehouse, or a Shopify location mirrored here. */
@Entity({ tableName: 'warehouses' })
@Unique({ properties: ['user', 'code'] })
export class Warehouse extends TenantOwned {
  /** Stable key within the user: "default", or "shopify:<location id>". */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Orders reserve stock in the default warehouse. */
  @Property({ type: 'boolean' })
  isDefault: boolean & Opt = false;
}
