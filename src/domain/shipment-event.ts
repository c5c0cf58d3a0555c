import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';
import { ShipmentStatus } from './enums.js';
import { Shipment } from './shipment.js';
import { TenantOwned } from './tenant-owned.js';

/** One scan in a shipment's journey; unique so re-tracking never repeats a scan. */
@Entity({ tableName: 'shipment_events' })
@Index({ properties: ['user'] })
@Unique({ properties: ['shipment', 'at', 'rawStatus'] })
export class ShipmentEvent extends TenantOwned {
  @ManyToOne(() => Shipment, { deleteRule: 'cascade' })
  shipment!: Rel<Shipment>;

  @Property(timestamp())
  at!: Date;

  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status' })
  status!: ShipmentStatus;

  @Property({ type: 'text' })
  rawStatus!: string;

  @Property({ type: 'text', nullable: true })
  location?: string;

  /** The courier's scan code (Delhivery's StatusCode, e.g. EOD-74). */
  @Property({ type: 'text', nullable: true })
  code?: string;

  /** A failed delivery attempt (an NDR scan): the shipment's attempts count these. */
  @Property({ type: 'boolean', default: false })
  failedAttempt: boolean & Opt = false;
}
