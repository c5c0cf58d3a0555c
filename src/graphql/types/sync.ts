import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.js';
import { SyncScope, SyncStatus, SyncTrigger } from './enums.js';

@ObjectType()
export class SyncLog {
  @Field()
  at!: Date;

  @Field()
  level!: string;

  @Field()
  message!: string;
}

/** Where a sync stands: declared once, for the job and for each of its progress events. */
// Decorated so its fields are inherited; it is reached by no field, so the schema does not list it.
@ObjectType()
export abstract class SyncCounters {
  @Field(() => SyncStatus)
  status!: SyncStatus;

  @Field(() => Int, { description: 'Orders read from the provider and written so far.' })
  processed!: number;

  @Field(() => Int, { description: 'Of those, orders Sutra did not have before.' })
  created!: number;

  @Field(() => Int, { description: 'Of those, orders Sutra had and updated.' })
  updated!: number;

  @Field(() => Int, {
    description: 'Orders that could not be written. A page is written whole or not at all, so a failure fails the job (see error) and this stays 0.',
  })
  failed!: number;

  @Field(() => Int, { nullable: true, description: 'Orders the provider says the sync will read, when it says.' })
  total?: number;
}

@ObjectType('SyncJob')
export class SyncJobType extends SyncCounters {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  providerId!: string;

  @Field(() => ID, { nullable: true })
  channelAccountId?: string;

  @Field(() => SyncScope)
  scope!: SyncScope;

  @Field(() => SyncTrigger)
  trigger!: SyncTrigger;

  @Field(() => String, { nullable: true })
  error?: string;

  @Field()
  queuedAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt?: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date;

  // `logs` is resolved by SyncJobResolver.
}

@ObjectType()
export class SyncJobEdge {
  @Field(() => SyncJobType)
  node!: SyncJobType;

  @Field()
  cursor!: string;
}

@ObjectType()
export class SyncJobConnection {
  @Field(() => [SyncJobEdge])
  edges!: SyncJobEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/** Published after every page of a sync and when it ends. */
@ObjectType()
export class SyncProgressEvent extends SyncCounters {
  @Field(() => ID)
  jobId!: string;

  @Field(() => ID)
  providerId!: string;

  @Field(() => String, { nullable: true })
  message?: string;

  @Field()
  at!: Date;
}
