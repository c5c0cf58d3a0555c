import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../scalars.js';
import { Money } from './money.js';
import { ProfitFigures } from './profit-figures.js';

@ObjectType()
export class ProfitDay extends ProfitFigures {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field(() => Int)
  orders!: number;

  @Field(() => Money, { nullable: true })
  cac?: Money;

  @Field(() => Float, { nullable: true })
  roas?: number;

  @Field(() => Float, { nullable: true })
  poas?: number;

  @Field(() => Float, { nullable: true })
  rtoRate?: number;
}
