import { Collection, type Opt, type Rel } from '@mikro-orm/core';
import { Embedded, Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { currency, optionalMoney, timestamp } from './columns.js';
import { OrderStatus, PaymentMethod } from './enums.js';
import { OrderItem } from './order-item.js';
import { OrderProfit } from './order-profit.js';
import { Shipment } from './shipment.js';
import { TenantOwned } from './tenant-owned.js';

/** One order from any sales channel, in the common shape. */
@Entity({ tableName: 'orders' })
@Unique({ properties: ['channelAccount', 'externalId'] })
@Index({ properties: ['user', 'orderedAt', 'id'] })
@Index({ properties: ['user', 'status', 'orderedAt'] })
@Index({ properties: ['user', 'providerId', 'orderedAt'] })
@Index({ properties: ['user', 'channelAccount', 'orderedAt'] })
export class Order extends TenantOwned {
  @ManyToOne(() => ChannelAccount, { deleteRule: 'cascade' })
  channelAccount!: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  providerId!: string;

  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'text', nullable: true })
  orderNumber?: string;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' })
  status!: OrderStatus;

  /** The provider's own status words, kept for support and re-mapping. */
  @Property({ type: 'text' })
  rawStatus!: string;

  @Enum({ items: () => PaymentMethod, nativeEnumName: 'payment_method' })
  paymentMethod!: PaymentMethod;

  @Property(currency())
  currency!: string;

  @Property(timestamp())
  orderedAt!: Date;

  /** The provider's last-modified time of the order. */
  @Property(timestamp())
  sourceUpdatedAt!: Date;

  // The amounts are null while the channel has not priced the order (Amazon's Pending
  // orders): unknown is stored as unknown, never as an invented 0.
  @Property(optionalMoney())
  itemSubtotal?: string;

  @Property(optionalMoney())
  discounts?: string;

  @Property(optionalMoney())
  shippingCharged?: string;

  @Property(optionalMoney())
  tax?: string;

  @Property(optionalMoney())
  total?: string;

  /** The marketplace's own fee figures, when its API reports them (Amazon's finances). */
  @Property(optionalMoney())
  channelFees?: string;

  /** The payment gateway the channel names for the payment (Razorpay, PayU, shopify_payments, …). */
  @Property({ type: 'text', nullable: true })
  paymentGateway?: string;

  /** Processing fees the channel's transactions report (Shopify Payments); null when it reports none. */
  @Property(optionalMoney())
  paymentFees?: string;

  /**
   * The prices include GST the channel does not state (Flipkart's): the profit engine takes it
   * out at the seller's GST rate and marks the figure estimated.
   */
  @Property({ type: 'boolean', default: false })
  pricesIncludeUnstatedTax: boolean & Opt = false;

  /** The channel ships it from its own warehouse (Amazon FBA): its freight is in the channel's fees. */
  @Property({ type: 'boolean', default: false })
  fulfilledByChannel: boolean & Opt = false;

  @Property({ type: 'text', nullable: true })
  customerCity?: string;

  @Property({ type: 'text', nullable: true })
  customerState?: string;

  @Property({ type: 'text', nullable: true })
  customerPincode?: string;

  /**
   * The sync job that last wrote this order: a job counts each order once, however many
   * parts of it arrive and even across a resume after a crash.
   */
  @Property({ type: 'uuid', nullable: true })
  lastSyncJobId?: string;

  @Embedded(() => OrderProfit, { prefix: 'profit_', nullable: true })
  profit?: OrderProfit;

  @OneToMany(() => OrderItem, (item) => item.order)
  items = new Collection<OrderItem>(this);

  @OneToMany(() => Shipment, (shipment) => shipment.order)
  shipments = new Collection<Shipment>(this);
}
