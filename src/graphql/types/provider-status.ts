import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionState, SyncStatus } from './enums.js';

/** One user's connection to one provider. Never holds a secret. */
@ObjectType()
export class ProviderStatus {
  @Field(() => ID)
  providerId!: string;

  @Field(() => ID, { nullable: true, description: 'the account this status is of; absent on the summary of a provider with several accounts' })
  channelAccountId?: string;

  @Field(() => ConnectionState)
  state!: ConnectionState;

  @Field()
  connected!: boolean;

  @Field(() => String, { nullable: true })
  accountName?: string;

  @Field(() => Date, { nullable: true })
  connectedAt?: Date;

  @Field(() => Date, { nullable: true })
  lastSyncAt?: Date;

  @Field(() => SyncStatus, { nullable: true })
  lastSyncStatus?: SyncStatus;

  @Field(() => String, { nullable: true })
  error?: string;
}
