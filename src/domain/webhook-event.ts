import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp, timestamp } from './columns.js';
import { WebhookEventStatus } from './enums.js';
import { ChannelAccount } from './channel-account.js';
import { User } from './user.js';

/** A verified webhook delivery, stored once per provider delivery id, processed by a job. */
@Entity({ tableName: 'webhook_events' })
@Unique({ properties: ['providerId', 'deliveryId'] })
@Index({ properties: ['status', 'receivedAt'] })
export class WebhookEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Resolved from the shop or account the delivery names; empty for an unknown one. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'cascade', index: true })
  user?: Rel<User>;

  /** The account the delivery is for, once authenticated. */
  @ManyToOne(() => ChannelAccount, { nullable: true, deleteRule: 'cascade', index: true })
  channelAccount?: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  providerId!: string;

  /**
   * What makes a delivery the same delivery: the provider's own id where it sends one (Shopify's
   * X-Shopify-Webhook-Id), else one Sutra derives from the body (a Myntra push: the account and a
   * hash of its orders' ids and modification times, services/push-intake.ts).
   */
  @Property({ type: 'text' })
  deliveryId!: string;

  /** The provider's id of the underlying event, shared by redeliveries (Shopify's X-Shopify-Event-Id); none for a push. */
  @Property({ type: 'text', nullable: true })
  eventId?: string;

  @Property({ type: 'text' })
  topic!: string;

  /** The shop or account the delivery is about. */
  @Property({ type: 'text', nullable: true })
  source?: string;

  @Property({ type: 'json' })
  payload!: unknown;

  @Enum({ items: () => WebhookEventStatus, nativeEnumName: 'webhook_event_status' })
  status: WebhookEventStatus & Opt = WebhookEventStatus.RECEIVED;

  @Property({ type: 'text', nullable: true })
  error?: string;

  @Property(timestamp())
  receivedAt: Date & Opt = new Date();

  @Property(optionalTimestamp())
  processedAt?: Date;
}
