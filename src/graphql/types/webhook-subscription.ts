import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class WebhookSubscription {
  @Field(() => ID)
  channelAccountId!: string;

  @Field(() => ID)
  providerId!: string;

  @Field()
  topic!: string;

  @Field()
  address!: string;

  @Field(() => Date, { nullable: true })
  registeredAt?: Date;

  @Field()
  active!: boolean;
}
