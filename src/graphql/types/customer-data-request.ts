import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One line of an order Sutra holds, as a data request reports it' })
export class HeldOrderLine {
  @Field()
  sku!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType({ description: 'One of the customer’s orders, with everything Sutra keeps of them' })
export class HeldOrder {
  @Field()
  externalId!: string;

  @Field({ nullable: true })
  orderNumber?: string;

  @Field()
  orderedAt!: Date;

  @Field()
  status!: string;

  @Field()
  currency!: string;

  @Field({ nullable: true })
  total?: string;

  @Field({ nullable: true })
  city?: string;

  @Field({ nullable: true })
  state?: string;

  @Field({ nullable: true })
  pincode?: string;

  @Field(() => [HeldOrderLine])
  items!: HeldOrderLine[];
}

@ObjectType({ description: 'A customer asked a shop for their data (Shopify customers/data_request): what Sutra held of them, for the seller to send' })
export class CustomerDataRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  channelAccountId!: string;

  @Field({ description: 'How the request names the customer (Shopify customer <id>); Sutra keeps no name, email or phone' })
  customer!: string;

  @Field({ nullable: true, description: 'The shop’s id of the request' })
  requestId?: string;

  @Field(() => [String], { description: 'The orders the request named' })
  ordersRequested!: string[];

  @Field(() => [HeldOrder], { description: 'Of those, what Sutra held when asked' })
  held!: HeldOrder[];

  @Field()
  receivedAt!: Date;
}
