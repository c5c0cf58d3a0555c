import { Collection, type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { optionalTimestamp, timestamp } from './columns.js';
import { SyncScope, SyncStatus, SyncTrigger } from './enums.js';
import { SyncLog } from './sync-log.js';
import { TenantOwned } from './tenant-owned.js';
import { WebhookEvent } from './webhook-event.js';

/** One run of a sync: what it did, how far it got, how it ended. */
@Entity({ tableName: 'sync_jobs' })
@Index({ properties: ['user', 'queuedAt'] })
@Index({ properties: ['user', 'providerId', 'queuedAt'] })
@Index({ properties: ['user', 'channelAccount', 'queuedAt'] })
// One queued or running pull per account: a second syncProvider gets the first one back,
// and two jobs never page (or refresh tokens) for the same account at once. Pushes (a
// webhookEvent's jobs) read no provider and run beside it.
@Index({
  name: 'sync_jobs_one_active_per_account',
  expression: `create unique index "sync_jobs_one_active_per_account" on "sync_jobs" ("channel_account_id") where "status" in ('QUEUED', 'RUNNING') and "webhook_event_id" is null`,
})
export class SyncJob extends TenantOwned {
  @Property({ type: 'text' })
  providerId!: string;

  @ManyToOne(() => ChannelAccount, { nullable: true, deleteRule: 'set null' })
  channelAccount?: Rel<ChannelAccount>;

  /** For a job that writes a stored push (trigger WEBHOOK): that push. One job per push. */
  @OneToOne(() => WebhookEvent, { nullable: true, owner: true, deleteRule: 'set null' })
  webhookEvent?: Rel<WebhookEvent>;

  @Enum({ items: () => SyncScope, nativeEnumName: 'sync_scope' })
  scope!: SyncScope;

  @Enum({ items: () => SyncTrigger, nativeEnumName: 'sync_trigger' })
  trigger!: SyncTrigger;

  @Enum({ items: () => SyncStatus, nativeEnumName: 'sync_status' })
  status: SyncStatus & Opt = SyncStatus.QUEUED;

  @Property({ type: 'integer' })
  processed: number & Opt = 0;

  @Property({ type: 'integer' })
  created: number & Opt = 0;

  @Property({ type: 'integer' })
  updated: number & Opt = 0;

  @Property({ type: 'integer' })
  failed: number & Opt = 0;

  @Property({ type: 'integer', nullable: true })
  total?: number;

  @Property({ type: 'text', nullable: true })
  error?: string;

  /** Start of the window asked for, when the caller gave one. */
  @Property(optionalTimestamp())
  since?: Date;

  /** For an ad spend job: the first and last day it pulls (YYYY-MM-DD, the ad accounts' days). */
  @Property({ type: 'date', nullable: true })
  dayFrom?: string;

  @Property({ type: 'date', nullable: true })
  dayTo?: string;

  @Property(timestamp())
  queuedAt: Date & Opt = new Date();

  @Property(optionalTimestamp())
  startedAt?: Date;

  @Property(optionalTimestamp())
  finishedAt?: Date;

  @OneToMany(() => SyncLog, (log) => log.job)
  logs = new Collection<SyncLog>(this);
}
