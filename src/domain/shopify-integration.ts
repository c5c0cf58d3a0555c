import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Embedded, Entity, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { optionalTimestamp, timestamp } from './columns.js';
import { EncryptedValue } from './encrypted-value.js';
import { User } from './user.js';

/** One registered Shopify webhook topic, as Shopify confirmed it. */
export interface ShopifyWebhookRegistration {
  topic: string;
  address: string;
  shopifyId?: string;
  registeredAt?: string;
  active: boolean;
}

/** A Shopify shop installed through OAuth: its offline access token, sealed, and its webhooks. */
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

  @Embedded(() => EncryptedValue, { prefix: 'access_token_' })
  accessToken!: EncryptedValue;

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
