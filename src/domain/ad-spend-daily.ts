import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { currency, money, timestamp } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/** One day's spend of one ad account; the day is in the ad account's timezone. */
@Entity({ tableName: 'ad_spend_daily' })
@Unique({ properties: ['user', 'providerId', 'accountId', 'date'] })
@Index({ properties: ['user', 'date'] })
export class AdSpendDaily extends TenantOwned {
  /** The connected ad account (a Google manager's account reads its clients: several accountIds). */
  @ManyToOne(() => ChannelAccount, { nullable: true, deleteRule: 'cascade' })
  channelAccount?: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  providerId!: string;

  @Property({ type: 'text' })
  accountId!: string;

  /** YYYY-MM-DD, the ad account's day. */
  @Property({ type: 'date' })
  date!: string;

  @Property(money())
  spend!: string;

  @Property(currency())
  currency!: string;

  /** The ad account's IANA time zone, when the platform says. */
  @Property({ type: 'text', nullable: true })
  timezone?: string;

  @Property({ type: 'bigint', nullable: true })
  impressions?: number;

  @Property({ type: 'bigint', nullable: true })
  clicks?: number;

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  fetchedAt: Date & Opt = new Date();
}
