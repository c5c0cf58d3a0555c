import { Field, InputType } from 'type-graphql';

/**
 * Who receives a parcel booked through Sutra. Sutra keeps only an order's city, state and
 * pincode (not the buyer's name, phone or street: the channels share them for shipping only), so
 * the seller gives them at booking; they go to the courier and are not stored.
 */
@InputType()
export class ShipmentRecipientInput {
  @Field({ description: "the buyer's name as the courier prints it on the label" })
  name!: string;

  @Field({ description: "the buyer's phone, a 10-digit Indian mobile number (+91 or a leading 0 allowed)" })
  phone!: string;

  @Field({ description: 'house, street and locality; without & # % ; \\ (Delhivery refuses them)' })
  address!: string;

  @Field(() => String, { nullable: true, description: "the city, when it differs from the order's" })
  city?: string;

  @Field(() => String, { nullable: true, description: "the state, when it differs from the order's" })
  state?: string;

  @Field(() => String, { nullable: true, description: "the 6-digit pincode, when it differs from the order's" })
  pincode?: string;
}
