import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from './money.js';
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

  @Field({ description: 'false: a parcel of a carrier the seller has not connected (carrier names it), or one the sales channel ships itself' })
  tracked!: boolean;

  @Field(() => Int, { description: 'failed delivery attempts (NDR) so far' })
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'when the last failed delivery attempt was' })
  lastAttemptAt?: Date;

  @Field(() => String, { nullable: true, description: "the courier's reason for the last failed delivery attempt" })
  lastAttemptReason?: string;

  @Field(() => Money, { nullable: true, description: "forward freight: the courier's charge, or the rate card's (chargesEstimated)" })
  shippingCost?: Money;

  @Field(() => Money, { nullable: true, description: 'return-to-origin freight, once the parcel turns back' })
  rtoCost?: Money;

  @Field({ description: "true when shippingCost/rtoCost come from the seller's rate card, not from the courier" })
  chargesEstimated!: boolean;
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

@InputType()
export class ShipmentFilter {
  @Field(() => ShipmentStatus, { nullable: true })
  status?: ShipmentStatus;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: parcels with a failed delivery attempt still out with the courier (neither delivered nor returning), to call the buyer in time; false: parcels without one',
  })
  failedAttempt?: boolean;
}

@ObjectType()
export class ReattemptRequest {
  @Field(() => ID)
  shipmentId!: string;

  @Field()
  trackingNumber!: string;

  @Field({ description: "the courier's id of the request (Delhivery's UPL id)" })
  requestId!: string;
}
