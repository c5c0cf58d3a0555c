import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ProfitFigures } from './profit-figures.js';

/**
 * The profit of the range's orders that share one value of a dimension. Its adSpend is what the
 * orders were given of their days' spend: spend no order was given belongs to no channel or SKU.
 */
@ObjectType({ simpleResolvers: true })
export class ProfitBreakdownRow extends ProfitFigures {
  @Field({ description: 'provider id | channel account id | SKU | state | pincode ("" when unknown)' })
  key!: string;

  @Field({ description: 'the provider’s name | the account’s name | "SKU — title" | the state | the pincode ("Unknown" when unknown)' })
  label!: string;

  @Field(() => Int)
  orders!: number;

  @Field(() => Int)
  rtoOrders!: number;

  @Field(() => Float, { nullable: true, description: 'RTO orders / orders shipped (SHIPPED, DELIVERED, RTO, RETURNED); null when none shipped' })
  rtoRate?: number;

  @Field(() => Int)
  incompleteOrders!: number;

  @Field(() => Int)
  estimatedOrders!: number;
}
