import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp } from './columns.js';
import { Warehouse } from './warehouse.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * Stock of one SKU in one warehouse, as read from the channel that keeps it, less what open
 * orders hold there (`reserved`, the sum of the level's open reservations).
 */
@Entity({ tableName: 'inventory_levels' })
@Unique({ properties: ['warehouse', 'sku'] })
@Index({ properties: ['user', 'sku'] })
export class InventoryLevel extends TenantOwned {
  @ManyToOne(() => Warehouse, { deleteRule: 'cascade' })
  warehouse!: Rel<Warehouse>;

  @Property({ type: 'text' })
  sku!: string;

  /** Units there, as last read from the source; null while never read (unknown, which is not 0). */
  @Property({ type: 'integer', nullable: true })
  onHand?: number | null;

  @Property({ type: 'integer' })
  reserved: number & Opt = 0;

  /** When the on-hand figure was last read from its source (e.g. Shopify). */
  @Property(optionalTimestamp())
  fetchedAt?: Date;
}
