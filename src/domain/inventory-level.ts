import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp, timestamp } from './columns.js';
import { User } from './user.js';
import { Warehouse } from './warehouse.js';

/** Stock of one SKU in one warehouse. Available = onHand − reserved. */
@Entity({ tableName: 'inventory_levels' })
@Unique({ properties: ['warehouse', 'sku'] })
@Index({ properties: ['user', 'sku'] })
export class InventoryLevel {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => Warehouse, { deleteRule: 'cascade' })
  warehouse!: Rel<Warehouse>;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'integer' })
  onHand: number & Opt = 0;

  @Property({ type: 'integer' })
  reserved: number & Opt = 0;

  /** When the on-hand figure was last read from its source (e.g. Shopify). */
  @Property(optionalTimestamp())
  fetchedAt?: Date;

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
