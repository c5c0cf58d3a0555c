import { randomUUID } from 'node:crypto';
import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { money } from './columns.js';
import { Order } from './order.js';
import { User } from './user.js';

/** One line of an order. */
@Entity({ tableName: 'order_items' })
@Unique({ properties: ['order', 'externalLineId'] })
@Index({ properties: ['user', 'sku'] })
export class OrderItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  order!: Rel<Order>;

  @Property({ type: 'text' })
  externalLineId!: string;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property(money())
  unitPrice!: string;

  @Property(money())
  discount!: string;

  @Property(money())
  tax!: string;
}
