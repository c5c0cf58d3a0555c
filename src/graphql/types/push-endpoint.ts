import { Field, ObjectType } from 'type-graphql';

/** Where a pushing provider (Myntra) delivers, and the token it presents; shown once, at connect. */
@ObjectType()
export class PushEndpoint {
  @Field()
  url!: string;

  /** Only its hash is kept: connecting again issues a new one and the old one stops working. */
  @Field()
  token!: string;

  /** The header the provider sends it in, e.g. "Authorization: Bearer <token>". */
  @Field()
  header!: string;
}
