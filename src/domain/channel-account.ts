import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp } from './columns.js';
import { ChannelType } from './enums.js';
import { TenantOwned } from './tenant-owned.js';

/**
 * One account a seller connected at one provider: a Shopify shop, an Amazon seller id, a
 * Meta ad account, a Google Ads customer … A seller may connect several of one provider;
 * each has its own sealed credential, cursor, syncs and status.
 */
@Entity({ tableName: 'channel_accounts' })
@Index({ properties: ['user'] })
@Unique({ properties: ['user', 'providerId', 'externalId'] })
export class ChannelAccount extends TenantOwned {
  @Property({ type: 'text' })
  providerId!: string;

  /** The sales channel, for a commerce provider's account; absent for ad and courier accounts. */
  @Enum({ items: () => ChannelType, nativeEnumName: 'channel_type', nullable: true })
  channelType?: ChannelType;

  /** The account's id at the provider: shop domain, seller id, ad account … */
  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'boolean' })
  connected: boolean & Opt = true;

  /** Where the next incremental sync starts: the provider's updated-since time or page token. */
  @Property({ type: 'text', nullable: true })
  syncCursor?: string;

  @Property(optionalTimestamp())
  lastSyncAt?: Date;

  /** When the marketplace's fees on the account's orders were last read from its finances (services/order-fees.ts). */
  @Property(optionalTimestamp())
  feesReadAt?: Date;

  /** sha256 (hex) of the token a pushing provider (Myntra) presents; the token itself is never stored. */
  @Property({ type: 'text', nullable: true, unique: true })
  pushTokenHash?: string;

  @Property(optionalTimestamp())
  disconnectedAt?: Date;
}
