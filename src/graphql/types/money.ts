import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../scalars.js';

/** Shopify's MoneyV2 shape: an exact decimal string and an ISO 4217 code. */
// Plain data: graphql-js's default resolver reads it (TypeGraphQL's per-field wrapper cost a list of orders dearly).
@ObjectType({ simpleResolvers: true })
export class Money {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field()
  currencyCode!: string;

  static of(amount: string, currencyCode: string): Money {
    return Object.assign(new Money(), { amount, currencyCode });
  }
}
