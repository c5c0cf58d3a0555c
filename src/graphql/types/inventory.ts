import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('InventoryLevel')
export class InventoryLevelType {
  @Field()
  sku!: string;

  @Field({ description: 'warehouse or Shopify location name' })
  location!: string;

  @Field(() => Int)
  onHand!: number;

  @Field(() => Int)
  reserved!: number;

  @Field(() => Int)
  available!: number;

  @Field(() => Date, { nullable: true })
  fetchedAt?: Date;
}
