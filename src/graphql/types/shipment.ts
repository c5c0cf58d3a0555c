import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.js';
import { ShipmentStatus } from './enums.js';

@ObjectType('ShipmentEvent')
export class ShipmentEventType {
  @Field()
  at!: Date;

  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field()
  rawStatus!: string;

  @Field(() => String, { nullable: true })
  location?: string;
}

@ObjectType('Shipment')
export class ShipmentType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  orderId?: string;

  @Field(() => ID)
  providerId!: string;

  @Field({ description: "the AWB; for a sales channel's shipment not yet handed to a courier, the channel's own shipment id" })
  trackingNumber!: string;

  @Field(() => String, { nullable: true, description: "the sales channel's own id of the shipment (a Flipkart shipmentId)" })
  externalId?: string;

  @Field(() => String, { nullable: true, description: 'the courier, as the sales channel names it' })
  carrier?: string;

  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field(() => String, { nullable: true })
  rawStatus?: string;

  @Field(() => Date, { nullable: true })
  lastEventAt?: Date;

  @Field(() => [ShipmentEventType])
  events!: ShipmentEventType[];

  @Field(() => String, { nullable: true })
  labelUrl?: string;
}

@ObjectType()
export class ShipmentEdge {
  @Field(() => ShipmentType)
  node!: ShipmentType;

  @Field()
  cursor!: string;
}

@ObjectType()
export class ShipmentConnection {
  @Field(() => [ShipmentEdge])
  edges!: ShipmentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class ShipmentStatusEvent {
  @Field(() => ID)
  shipmentId!: string;

  @Field()
  trackingNumber!: string;

  @Field(() => ID)
  providerId!: string;

  @Field(() => ShipmentStatus)
  status!: ShipmentStatus;

  @Field(() => ShipmentStatus, { nullable: true })
  previousStatus?: ShipmentStatus;

  @Field()
  at!: Date;
}

@ObjectType()
export class ShipmentLabel {
  @Field(() => ID)
  shipmentId!: string;

  @Field()
  trackingNumber!: string;

  @Field()
  labelUrl!: string;
}
