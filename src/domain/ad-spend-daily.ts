import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { currency, money, timestamp } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/** One day's spend of one ad account; the day is in the ad account's timezone. */
@Entity({ tableName: 'ad_spend_daily' })
@Unique({ properties: ['user', 'providerId', 'accountId', 'date'] })
@Index({ properties: ['user', 'date'] })
export class AdSpendDaily extends TenantOwned {
  @Property({ type: 'text' })
  providerId!: string;

  @Property({ type: 'text' })
  accountId!: string;

  /** YYYY-MM-DD. */
  @Property({ type: 'date' })
  date!: string;

  @Property(money())
  spend!: string;

  @Property(currency())
  currency!: string;

  @Property({ type: 'bigint', nullable: true })
  impressions?: number;

  @Property({ type: 'bigint', nullable: true })
  clicks?: number;

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  fetchedAt: Date & Opt = new Date();
}
