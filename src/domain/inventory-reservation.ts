import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp } from './columns.js';
import { OrderItem } from './order-item.js';
import { Warehouse } from './warehouse.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * Stock held for one order line the seller ships itself, from when it is seen until it ships or
 * is cancelled; unique per line so a re-sync never reserves twice. It is counted in the
 * reserved count of the level of its warehouse and SKU.
 */
@Entity({ tableName: 'inventory_reservations' })
@Index({ properties: ['user'] })
// The reservations waiting for their SKU's stock to be read, found again when it is (stock-persistence.ts).
@Index({
  name: 'inventory_reservations_unplaced_index',
  expression:
    'create index "inventory_reservations_unplaced_index" on "inventory_reservations" ("user_id", "sku") ' +
    'where "warehouse_id" is null and "released_at" is null',
})
export class InventoryReservation extends TenantOwned {
  @OneToOne(() => OrderItem, { owner: true, unique: true, deleteRule: 'cascade' })
  orderItem!: Rel<OrderItem>;

  /**
   * Where the units are held: a warehouse whose stock of the SKU was read. Null while no stock of
   * the SKU has been read anywhere: the reservation is kept, and counted once a level is read.
   */
  @ManyToOne(() => Warehouse, { nullable: true, deleteRule: 'set null' })
  warehouse?: Rel<Warehouse> | null;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Set when the line stopped holding stock (it shipped, was cancelled, or the channel ships it) and the units went back. */
  @Property(optionalTimestamp())
  releasedAt?: Date;
}
