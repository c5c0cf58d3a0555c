import { Field, ObjectType } from 'type-graphql';
import { Money } from './money.js';

/**
 * The money of the profit formula, declared once: an order's profit and a day's totals both
 * carry it. Decorated so that its fields are inherited; no field returns it, so the schema
 * does not list it.
 */
@ObjectType({ simpleResolvers: true })
export abstract class ProfitFigures {
  @Field(() => Money, { description: 'item subtotal − discounts + shipping charged, tax excluded' })
  revenue!: Money;

  @Field(() => Money, { description: 'the GST taken out of the prices: the channel’s figure, or at the seller’s rate where the channel states none' })
  gst!: Money;

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

  @Field(() => Money, { description: 'the share of the day’s ad spend (all marketing accounts)' })
  adSpend!: Money;

  @Field(() => Money)
  netProfit!: Money;
}
