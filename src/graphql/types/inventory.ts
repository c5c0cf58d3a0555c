import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('InventoryLevel', {
  description:
    'Stock of one SKU at one location, as last read from the channel that keeps it. ' +
    'A location whose stock Sutra has never read is not listed: its count is unknown, not 0.',
})
export class InventoryLevelType {
  @Field()
  sku!: string;

  @Field({ description: 'warehouse or Shopify location name' })
  location!: string;

  @Field(() => Int, { description: 'units there, as last read from the channel' })
  onHand!: number;

  @Field(() => Int, {
    description:
      'units held there for orders the seller ships itself that have not shipped yet ' +
      '(an order the channel ships from its own warehouse, such as Amazon FBA or Flipkart FBF, holds none)',
  })
  reserved!: number;

  @Field(() => Int, { description: 'units that can still be sold: onHand − reserved, never below 0 (see oversold)' })
  available!: number;

  @Field(() => Int, { description: 'units reserved beyond what is on hand (orders waiting for stock): reserved − onHand when that is above 0, else 0' })
  oversold!: number;

  @Field(() => Date, { nullable: true })
  fetchedAt?: Date;
}
