import { Field, InputType, ObjectType } from 'type-graphql';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../scalars.js';
import { Money } from './money.js';

/** The seller's own rates where channels report no figure (services/profit-settings.ts). */
@ObjectType('ProfitSettings')
export class ProfitSettingsType {
  @Field({ description: 'the currency profit is computed in' })
  currencyCode!: string;

  @Field({ description: 'the IANA time zone orders and ad spend are grouped into days by' })
  timezone!: string;

  @Field(() => JSONObjectScalar, { description: 'commission percent by sales channel (provider id), where the channel reports no fees' })
  commissionRates!: Record<string, string>;

  @Field(() => JSONObjectScalar, { description: 'payment gateway fee percent by the gateway name the channel reports, lower-cased' })
  gatewayFeeRates!: Record<string, string>;

  @Field(() => DecimalScalar, { nullable: true, description: 'fee percent for a gateway not listed; null: such fees are unknown (flagged)' })
  gatewayFeePercent?: string;

  @Field(() => DecimalScalar, { description: 'flat fee per COD order' })
  codFee!: string;

  @Field(() => DecimalScalar, { description: 'GST percent for a SKU without its own rate, where a channel states no tax (Flipkart)' })
  defaultGstPercent!: string;
}

@InputType()
export class ProfitSettingsInput {
  @Field({ nullable: true })
  timezone?: string;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'replaces the whole map' })
  commissionRates?: Record<string, unknown>;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'replaces the whole map' })
  gatewayFeeRates?: Record<string, unknown>;

  @Field(() => DecimalScalar, { nullable: true, description: 'null clears it' })
  gatewayFeePercent?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  codFee?: string;

  @Field(() => DecimalScalar, { nullable: true })
  defaultGstPercent?: string;
}

@ObjectType('ProductCost')
export class ProductCostType {
  @Field()
  sku!: string;

  @Field(() => Money)
  cost!: Money;

  @Field(() => LocalDateScalar)
  effectiveFrom!: string;

  @Field(() => DecimalScalar, { nullable: true })
  gstPercent?: string;
}

@InputType()
export class ProductCostInput {
  @Field()
  sku!: string;

  @Field(() => DecimalScalar)
  cost!: string;

  @Field(() => String, { nullable: true })
  currencyCode?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "left out: from today, or for a SKU's first cost, for every order" })
  effectiveFrom?: string;

  @Field(() => DecimalScalar, { nullable: true })
  gstPercent?: string;
}

@ObjectType('ExchangeRate')
export class ExchangeRateType {
  @Field()
  currencyCode!: string;

  @Field(() => LocalDateScalar)
  effectiveFrom!: string;

  @Field(() => DecimalScalar, { description: 'the value of one unit in the profit currency' })
  rate!: string;
}

@InputType()
export class ExchangeRateInput {
  @Field()
  currencyCode!: string;

  @Field(() => LocalDateScalar)
  effectiveFrom!: string;

  @Field(() => DecimalScalar)
  rate!: string;
}
