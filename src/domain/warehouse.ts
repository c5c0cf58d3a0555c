import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';
import { User } from './user.js';

/** Where stock sits: the seller's own warehouse, or a Shopify location mirrored here. */
@Entity({ tableName: 'warehouses' })
@Unique({ properties: ['user', 'code'] })
export class Warehouse {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  /** Stable key within the user: "default", or "shopify:<location id>". */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Orders reserve stock in the default warehouse. */
  @Property({ type: 'boolean' })
  isDefault: boolean & Opt = false;

  @Property(timestamp())
  createdAt: Date & Opt = new Date();
}
