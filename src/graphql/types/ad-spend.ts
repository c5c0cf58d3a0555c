import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../scalars.js';
import { Money } from './money.js';

@ObjectType()
export class AdSpendDay {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => ID)
  providerId!: string;

  @Field()
  accountId!: string;

  @Field(() => Money)
  spend!: Money;

  @Field(() => Int, { nullable: true })
  impressions?: number;

  @Field(() => Int, { nullable: true })
  clicks?: number;

  @Field(() => ID, { nullable: true, description: 'the connected ad account the spend was read through' })
  channelAccountId?: string;

  @Field(() => Money, { nullable: true, description: 'the spend in the seller’s currency, at the exchange rate in force on its day; null without one' })
  converted?: Money;
}
