import { Field, ID, ObjectType } from 'type-graphql';
import type { ChannelAccount as ChannelAccountEntity } from '../../domain/index.js';
import { ChannelType } from './enums.js';
import { ProviderStatus } from './provider-status.js';
import { PushEndpoint } from './push-endpoint.js';

@ObjectType('ChannelAccount')
export class ChannelAccountType {
  @Field(() => ID)
  id!: string;

  @Field(() => ChannelType)
  channelType!: ChannelType;

  @Field(() => ID)
  providerId!: string;

  @Field()
  externalId!: string;

  @Field()
  displayName!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastSyncAt?: Date;

  static from(a: ChannelAccountEntity): ChannelAccountType {
    return Object.assign(new ChannelAccountType(), {
      id: a.id,
      channelType: a.channelType,
      providerId: a.providerId,
      externalId: a.externalId,
      displayName: a.displayName,
      createdAt: a.createdAt,
      lastSyncAt: a.lastSyncAt,
    });
  }
}

@ObjectType()
export class ConnectProviderResult {
  @Field(() => ProviderStatus)
  status!: ProviderStatus;

  @Field(() => ChannelAccountType, { nullable: true })
  channelAccount?: ChannelAccountType;

  /** Providers that push their orders (Myntra): hand this to the provider; it is not shown again. */
  @Field(() => PushEndpoint, { nullable: true })
  push?: PushEndpoint;
}

@ObjectType()
export class OAuthInstall {
  @Field()
  authorizeUrl!: string;

  @Field()
  expiresAt!: Date;
}
