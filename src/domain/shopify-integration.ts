import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { optionalTimestamp, timestamp } from './columns.js';
import { User } from './user.js';

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
export class ShopifyIntegration {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

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

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
