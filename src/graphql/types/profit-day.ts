import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../scalars.js';
import { Money } from './money.js';

@ObjectType()
export class ProfitDay {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => Int)
  orders!: number;

  @Field(() => Money)
  revenue!: Money;

  @Field(() => Money)
  cogs!: Money;

  @Field(() => Money)
  channelFees!: Money;

  @Field(() => Money)
  paymentFees!: Money;

  @Field(() => Money)
  shippingCost!: Money;

  @Field(() => Money)
  rtoCost!: Money;

  @Field(() => Money)
  adSpend!: Money;

  @Field(() => Money)
  netProfit!: Money;

  @Field(() => Money, { nullable: true })
  cac?: Money;

  @Field(() => Float, { nullable: true })
  roas?: number;

  @Field(() => Float, { nullable: true })
  poas?: number;

  @Field(() => Float, { nullable: true })
  rtoRate?: number;
}
