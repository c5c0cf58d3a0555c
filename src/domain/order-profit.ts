import { Embeddable, Property } from '@mikro-orm/decorators/legacy';
import { currency, money, timestamp } from './columns.js';

/**
 * The profit of one order, in the seller's currency, as last computed by services/profit/.
 * `flags` says what is missing or estimated (ProfitFlag); `sources` where each figure came from.
 */
@Embeddable()
export class OrderProfit {
  /** The seller's currency when it was computed (profit_settings.currency): every amount below is in it. */
  @Property(currency())
  currency!: string;

  @Property(money())
  revenue!: string;

  /** The GST taken out of the prices: the channel's figure, or the seller's rate where the channel states none. */
  @Property(money())
  gst!: string;

  @Property(money())
  cogs!: string;

  @Property(money())
  channelFees!: string;

  @Property(money())
  paymentFees!: string;

  @Property(money())
  shippingCost!: string;

  @Property(money())
  rtoCost!: string;

  @Property(money())
  adSpend!: string;

  @Property(money())
  netProfit!: string;

  /** ProfitFlag values: what is unknown (counted as zero) or estimated. */
  @Property({ type: 'text[]' })
  flags!: string[];

  /** Where each figure came from: { channelFees: 'REPORTED' | 'SELLER_SETTING' | …, … } (services/profit/). */
  @Property({ type: 'json' })
  sources!: Record<string, string>;

  @Property(timestamp())
  computedAt!: Date;
}
