import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProviderKind } from './enums.js';
import { ProviderStatus } from './provider-status.js';

@ObjectType()
export class ConnectedItem {
  @Field(() => ID)
  providerId!: string;

  @Field(() => ProviderKind)
  kind!: ProviderKind;

  @Field(() => ID, { nullable: true })
  channelAccountId?: string;

  @Field()
  displayName!: string;

  @Field(() => ProviderStatus)
  status!: ProviderStatus;
}

@ObjectType()
export class ConnectedSummary {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  commerce!: number;

  @Field(() => Int)
  marketing!: number;

  @Field(() => Int)
  logistics!: number;

  @Field(() => [ConnectedItem])
  items!: ConnectedItem[];
}
