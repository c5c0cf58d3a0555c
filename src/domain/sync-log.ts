import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';
import { SyncJob } from './sync-job.js';
import { TenantOwned } from './tenant-owned.js';

/** A line of a sync job's log, written for the seller to read. */
@Entity({ tableName: 'sync_logs' })
@Index({ properties: ['user'] })
@Index({ properties: ['job', 'at'] })
export class SyncLog extends TenantOwned {
  @ManyToOne(() => SyncJob, { deleteRule: 'cascade' })
  job!: Rel<SyncJob>;

  @Property(timestamp())
  at: Date & Opt = new Date();

  /** info | warn | error */
  @Property({ type: 'text' })
  level!: string;

  @Property({ type: 'text' })
  message!: string;
}
