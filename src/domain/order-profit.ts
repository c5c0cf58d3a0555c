import { Embeddable, Property } from '@mikro-orm/decorators/legacy';
import { money, timestamp } from './columns.js';

/** The profit of one order, in the order's currency, as last computed. */
@Embeddable()
export class OrderProfit {
  @Property(money())
  revenue!: string;

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

  /** False when some SKU had no known cost, so cogs counted it as zero. */
  @Property({ type: 'boolean' })
  cogsComplete!: boolean;

  @Property(timestamp())
  computedAt!: Date;
}
