import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, OneToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { currency, money, timestamp } from './columns.js';
import type { RateCard } from './rate-card.js';
import { User } from './user.js';

/** Percent rates as decimal strings, keyed by provider id (e.g. { "flipkart": "14.5" }). */
export type CommissionRates = Record<string, string>;

/** Percent rates as decimal strings, keyed by the gateway's lower-cased name. */
export type GatewayFeeRates = Record<string, string>;

/** The seller's own figures where providers report none: commissions, gateway and COD fees, rate card. */
@Entity({ tableName: 'profit_settings' })
export class ProfitSettings {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => User, { owner: true, unique: true, deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property(currency())
  currency: string & Opt = 'INR';

  /** The calendar used to group orders and ad spend into days. */
  @Property({ type: 'text' })
  timezone: string & Opt = 'Asia/Kolkata';

  @Property({ type: 'json' })
  commissionRates: CommissionRates & Opt = {};

  /**
   * Payment gateway fees on prepaid orders of the seller's own store, percent of the order
   * total, keyed by the gateway's name as the channel reports it, lower-cased (e.g. { "razorpay": "2" }).
   */
  @Property({ type: 'json' })
  gatewayFeeRates: GatewayFeeRates & Opt = {};

  /** The rate for a gateway not in gatewayFeeRates; null: such an order's fee is unknown (flagged). */
  @Property({ type: 'decimal', precision: 6, scale: 3, nullable: true })
  gatewayFeePercent?: string;

  /** GST percent for a SKU without its own rate, where a channel states no tax (Flipkart). */
  @Property({ type: 'decimal', precision: 5, scale: 2 })
  defaultGstPercent: string & Opt = '18';

  /** Flat fee per COD order. */
  @Property(money())
  codFee: string & Opt = '0';

  /**
   * Freight by weight slab and zone, forward and return to origin, for parcels whose courier
   * reports no charge (services/freight-cost.ts); null: DEFAULT_RATE_CARD.
   */
  @Property({ type: 'json', nullable: true })
  rateCard?: RateCard;

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
