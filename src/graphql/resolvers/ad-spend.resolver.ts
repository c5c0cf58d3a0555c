import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { AdSpendDaily } from '../../domain/index.js';
import type { AuthedContext } from '../context.js';
import { checkRange } from '../date-range.js';
import { toAdSpendDay } from '../mappers.js';
import { LocalDateScalar } from '../scalars.js';
import { AdSpendDay } from '../types/ad-spend.js';

@Resolver()
export class AdSpendResolver {
  @Authorized()
  @Query(() => [AdSpendDay])
  async adSpend(
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Ctx() ctx: AuthedContext,
  ): Promise<AdSpendDay[]> {
    checkRange(from, to);
    const rows = await ctx.em.find(AdSpendDaily, { date: { $gte: from, $lte: to } }, { orderBy: { date: 'asc', providerId: 'asc', accountId: 'asc' } });
    return rows.map(toAdSpendDay);
  }
}
