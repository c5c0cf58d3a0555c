import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp } from './columns.js';
import { OrderItem } from './order-item.js';
import { Warehouse } from './warehouse.js';
import { TenantOwned } from './tenant-owned.js';

/** Stock held for one order line; unique per line so a re-sync never reserves twice. */
@Entity({ tableName: 'inventory_reservations' })
@Index({ properties: ['user'] })
export class InventoryReservation extends TenantOwned {
  @OneToOne(() => OrderItem, { owner: true, unique: true, deleteRule: 'cascade' })
  orderItem!: Rel<OrderItem>;

  @ManyToOne(() => Warehouse, { deleteRule: 'cascade' })
  warehouse!: Rel<Warehouse>;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Set when the order was cancelled and the stock went back. */
  @Property(optionalTimestamp())
  releasedAt?: Date;
}
