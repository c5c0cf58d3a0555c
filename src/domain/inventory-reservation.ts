import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp, timestamp } from './columns.js';
import { OrderItem } from './order-item.js';
import { User } from './user.js';
import { Warehouse } from './warehouse.js';

/** Stock held for one order line; unique per line so a re-sync never reserves twice. */
@Entity({ tableName: 'inventory_reservations' })
export class InventoryReservation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

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

  @Property(timestamp())
  createdAt: Date & Opt = new Date();
}
