import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { adSpendDays } from '../../services/profit-reads.js';
import type { AuthedContext } from '../context.js';
import { checkRange } from '../date-range.js';
import { toAdSpendDay } from '../mappers.js';
import { LocalDateScalar } from '../scalars.js';
import { AdSpendDay } from '../types/ad-spend.js';

@Resolver()
export class AdSpendResolver {
  /** Each ad account's spend of each date, with its figure in the seller's currency. */
  @Authorized()
  @Query(() => [AdSpendDay])
  async adSpend(
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Ctx() ctx: AuthedContext,
  ): Promise<AdSpendDay[]> {
    checkRange(from, to);
    const { currency, rows } = await adSpendDays(ctx.em, ctx.user.id, from, to);
    return rows.map((r) => toAdSpendDay(r, currency));
  }
}
