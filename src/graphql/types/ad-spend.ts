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
}
