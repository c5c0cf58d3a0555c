import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../scalars.js';
import { Money } from './money.js';
import { ProfitFigures } from './profit-figures.js';

/**
 * One day's orders (the seller's timezone) and ad spend. adSpend is the day's whole spend, and
 * netProfit takes all of it: the orders' net profit less the spend no order was given.
 */
@ObjectType()
export class ProfitDay extends ProfitFigures {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => Int)
  orders!: number;

  @Field(() => Money, { nullable: true, description: 'adSpend / orders; null when there were no orders' })
  cac?: Money;

  @Field(() => Float, { nullable: true, description: 'revenue / adSpend; null without spend' })
  roas?: number;

  @Field(() => Float, { nullable: true, description: '(netProfit + adSpend) / adSpend; null without spend' })
  poas?: number;

  @Field(() => Float, { nullable: true, description: 'RTO orders / orders shipped (SHIPPED, DELIVERED, RTO, RETURNED); null when none shipped' })
  rtoRate?: number;

  @Field(() => Int)
  rtoOrders!: number;

  @Field(() => Int, { description: 'orders whose profit leaves a figure out (see ProfitFlag), or not computed yet' })
  incompleteOrders!: number;

  @Field(() => Int, { description: 'orders whose profit estimates a figure (GST, channel fees or freight)' })
  estimatedOrders!: number;

  @Field({ description: 'spend in a currency without an exchange rate in force was left out of adSpend' })
  adSpendIncomplete!: boolean;
}
