import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { currency, money, timestamp } from './columns.js';
import { User } from './user.js';

/** What one unit of a SKU costs the seller (the goods in cogs). */
@Entity({ tableName: 'product_costs' })
@Unique({ properties: ['user', 'sku'] })
export class ProductCost {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'text' })
  sku!: string;

  @Property(money())
  cost!: string;

  @Property(currency())
  currency: string & Opt = 'INR';

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
