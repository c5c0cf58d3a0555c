import { Collection, type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { currency, optionalMoney, optionalTimestamp } from './columns.js';
import { ShipmentStatus } from './enums.js';
import { Order } from './order.js';
import { ShipmentEvent } from './shipment-event.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * A parcel with a courier, tracked by its AWB: booked through a courier (Delhivery,
 * Selloship), or as a sales channel reports it (a Flipkart shipment, keyed by the channel's
 * own id until the courier's AWB is known).
 *
 * A channel's parcel belongs to the account that reported it, as its order does: two accounts
 * of one channel may report the same shipment id and AWB (the same seller connected twice, or
 * two sellers' books), and each keeps its own copy. Within an account a parcel is stored once,
 * by its shipment id and by its AWB. A parcel booked with a courier has no account; its AWB is
 * unique per courier.
 */
@Entity({ tableName: 'shipments' })
@Unique({ properties: ['channelAccount', 'externalId'] })
@Unique({ properties: ['channelAccount', 'trackingNumber'] })
@Unique({
  name: 'shipments_user_id_provider_id_tracking_number_unique',
  properties: ['user', 'providerId', 'trackingNumber'],
  where: 'channel_account_id is null',
})
@Index({ properties: ['user', 'status', 'createdAt'] })
@Index({ properties: ['courierAccount', 'status'] })
export class Shipment extends TenantOwned {
  @ManyToOne(() => Order, { nullable: true, deleteRule: 'set null', index: true })
  order?: Rel<Order>;

  /** The sales channel account that reports this parcel; absent for a parcel booked with a courier. */
  @ManyToOne(() => ChannelAccount, { nullable: true, deleteRule: 'cascade' })
  channelAccount?: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  providerId!: string;

  /** The AWB; a channel's shipment has none until the courier assigns one. */
  @Property({ type: 'text', nullable: true })
  trackingNumber?: string;

  /** The sales channel's own id of the shipment (absent for shipments booked with a courier). */
  @Property({ type: 'text', nullable: true })
  externalId?: string;

  /** The courier's name as the channel reports it. */
  @Property({ type: 'text', nullable: true })
  carrier?: string;

  /** The seller's courier account that tracks this parcel (its provider matches the carrier). */
  @ManyToOne(() => ChannelAccount, { nullable: true, deleteRule: 'set null' })
  courierAccount?: Rel<ChannelAccount>;

  /** False for a parcel of a carrier the seller has not connected (`carrier` keeps its name) or the channel ships itself. */
  @Property({ type: 'boolean', default: true })
  tracked: boolean & Opt = true;

  /** Failed delivery attempts (NDR scans) so far. */
  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Property(optionalTimestamp())
  lastAttemptAt?: Date;

  /** The courier's code of the last failed attempt (Delhivery's NDR code, e.g. EOD-74). */
  @Property({ type: 'text', nullable: true })
  lastAttemptCode?: string;

  @Property({ type: 'text', nullable: true })
  lastAttemptReason?: string;

  /** True when shippingCost/rtoCost came from the seller's rate card, not from the courier. */
  @Property({ type: 'boolean', default: false })
  chargesEstimated: boolean & Opt = false;

  /** The parcel's weight as the courier reports it (the rate card's slab). */
  @Property({ type: 'integer', nullable: true })
  weightGrams?: number;

  /** Where the parcel goes (the rate card's zone). */
  @Property({ type: 'text', nullable: true })
  destinationPincode?: string;

  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status' })
  status: ShipmentStatus & Opt = ShipmentStatus.CREATED;

  @Property({ type: 'text', nullable: true })
  rawStatus?: string;

  @Property(optionalTimestamp())
  lastEventAt?: Date;

  @Property({ type: 'text', nullable: true })
  labelUrl?: string;

  /** Forward shipping charge: the courier's, else the rate card's (`chargesEstimated`). */
  @Property(optionalMoney())
  shippingCost?: string;

  /** Return-to-origin charge: the courier's, else the rate card's (`chargesEstimated`). */
  @Property(optionalMoney())
  rtoCost?: string;

  @Property(currency())
  currency: string & Opt = 'INR';

  @OneToMany(() => ShipmentEvent, (event) => event.shipment)
  events = new Collection<ShipmentEvent>(this);
}
