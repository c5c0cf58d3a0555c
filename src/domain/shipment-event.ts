import { randomUUID } from 'node:crypto';
import type { Rel } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';
import { ShipmentStatus } from './enums.js';
import { Shipment } from './shipment.js';
import { User } from './user.js';

/** One scan in a shipment's journey; unique so re-tracking never repeats a scan. */
@Entity({ tableName: 'shipment_events' })
@Unique({ properties: ['shipment', 'at', 'rawStatus'] })
export class ShipmentEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

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
}
