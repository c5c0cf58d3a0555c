import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { optionalTimestamp, timestamp } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/** One registered Shopify webhook topic, as Shopify confirmed it. */
export interface ShopifyWebhookRegistration {
  topic: string;
  address: string;
  shopifyId?: string;
  registeredAt?: string;
  active: boolean;
}

/**
 * A connected Shopify shop: granted scopes and registered webhooks. Its access token is a
 * credential like any other provider's (ProviderCredential, read through the credential service).
 */
@Entity({ tableName: 'shopify_integrations' })
@Index({ properties: ['user'] })
export class ShopifyIntegration extends TenantOwned {
  @OneToOne(() => ChannelAccount, { owner: true, unique: true, deleteRule: 'cascade' })
  channelAccount!: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  shop!: string;

  @Property({ type: 'text' })
  scopes: string & Opt = '';

  @Property({ type: 'json' })
  webhooks: ShopifyWebhookRegistration[] & Opt = [];

  @Property(timestamp())
  installedAt: Date & Opt = new Date();

  @Property(optionalTimestamp())
  uninstalledAt?: Date;
}
