import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars.js';

/** Shopify's MoneyV2 shape: an exact decimal string and an ISO 4217 code. */
@ObjectType()
export class Money {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field()
  currencyCode!: string;

  static of(amount: string, currencyCode: string): Money {
    return Object.assign(new Money(), { amount, currencyCode });
  }
}
