import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from './money.js';
import { PageInfo } from './page-info.js';
import { OrderStatus, PaymentMethod } from './enums.js';
import { FigureSource, ProfitFlag } from './profit-enums.js';
import { ProfitFigures } from './profit-figures.js';
import { ShipmentType } from './shipment.js';

// Plain data: graphql-js's default resolver reads it (TypeGraphQL's per-field wrapper cost a list of orders dearly).
@ObjectType('OrderItem', { simpleResolvers: true })
export class OrderItemType {
  @Field()
  sku!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money, { description: 'before discounts, tax excluded; 0 while the channel has not priced the order (Order.priced)' })
  unitPrice!: Money;
}

/** Where each figure of an order's profit came from. */
@ObjectType({ simpleResolvers: true })
export class OrderProfitSources {
  @Field(() => FigureSource)
  gst!: FigureSource;

  @Field(() => FigureSource)
  cogs!: FigureSource;

  @Field(() => FigureSource)
  channelFees!: FigureSource;

  @Field(() => FigureSource)
  paymentFees!: FigureSource;

  @Field(() => FigureSource)
  shippingCost!: FigureSource;

  @Field(() => FigureSource)
  rtoCost!: FigureSource;
}

@ObjectType('OrderProfit', { simpleResolvers: true })
export class OrderProfitType extends ProfitFigures {
  @Field()
  computedAt!: Date;

  @Field(() => [ProfitFlag], { description: 'what the figures leave out (counted as zero) or estimate' })
  flags!: ProfitFlag[];

  @Field({ description: 'no figure left out: none of the *_UNKNOWN, EXCHANGE_RATE_MISSING, AD_SPEND_INCOMPLETE flags' })
  complete!: boolean;

  @Field({ description: 'a figure estimated: GST_ESTIMATED, CHANNEL_FEES_ESTIMATED or FREIGHT_ESTIMATED' })
  estimated!: boolean;

  @Field(() => OrderProfitSources)
  sources!: OrderProfitSources;
}

@ObjectType('Order', { simpleResolvers: true })
export class OrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  channelAccountId!: string;

  @Field(() => ID)
  providerId!: string;

  @Field()
  externalId!: string;

  @Field(() => String, { nullable: true })
  orderNumber?: string;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => PaymentMethod)
  paymentMethod!: PaymentMethod;

  @Field()
  orderedAt!: Date;

  @Field(() => Money, { description: 'what the buyer pays now, tax included; 0 while the channel has not priced the order (see priced)' })
  total!: Money;

  @Field({ description: "false while the channel has not priced the order yet (Amazon's Pending orders): its amounts are unknown, not zero" })
  priced!: boolean;

  @Field(() => [OrderItemType])
  items!: OrderItemType[];

  @Field(() => [ShipmentType])
  shipments!: ShipmentType[];

  @Field(() => OrderProfitType, { nullable: true })
  profit?: OrderProfitType;
}

@ObjectType({ simpleResolvers: true })
export class OrderEdge {
  @Field(() => OrderType)
  node!: OrderType;

  @Field()
  cursor!: string;
}

@ObjectType({ simpleResolvers: true })
export class OrderConnection {
  @Field(() => [OrderEdge])
  edges!: OrderEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@InputType()
export class OrderFilter {
  @Field(() => ID, { nullable: true })
  providerId?: string;

  @Field(() => ID, { nullable: true })
  channelAccountId?: string;

  @Field(() => OrderStatus, { nullable: true })
  status?: OrderStatus;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}
