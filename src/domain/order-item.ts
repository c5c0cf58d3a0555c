import type { Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { optionalMoney, optionalTimestamp } from './columns.js';
import { OrderStatus } from './enums.js';
import { Order } from './order.js';
import { TenantOwned } from './tenant-owned.js';

/** One line of an order. */
@Entity({ tableName: 'order_items' })
@Unique({ properties: ['order', 'externalLineId'] })
@Index({ properties: ['user', 'sku'] })
export class OrderItem extends TenantOwned {
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

  /** Null while the channel has not priced the order. */
  @Property(optionalMoney())
  unitPrice?: string;

  @Property(optionalMoney())
  discount?: string;

  @Property(optionalMoney())
  tax?: string;

  /**
   * The line's own state, for orders the channel delivers in parts (a Flipkart order's
   * shipments): the order's status and totals are computed from its lines.
   */
  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', nullable: true })
  status?: OrderStatus;

  @Property({ type: 'text', nullable: true })
  rawStatus?: string;

  /** Shipping charged on this line, for orders assembled from lines. */
  @Property(optionalMoney())
  shipping?: string;

  /** The provider's last-modified time of the copy this line came from: an older copy never overwrites it. */
  @Property(optionalTimestamp())
  sourceUpdatedAt?: Date;
}
