import { Field, ID, ObjectType } from 'type-graphql';
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
