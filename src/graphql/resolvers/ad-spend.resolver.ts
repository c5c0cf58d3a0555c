import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { AdSpendDaily } from '../../domain/index.js';
import type { AuthedContext } from '../context.js';
import { badInput } from '../errors.js';
import { LocalDateScalar } from '../scalars.js';
import { AdSpendDay } from '../types/ad-spend.js';
import { Money } from '../types/money.js';

export const MAX_RANGE_DAYS = 366;

/** `from`..`to` (inclusive LocalDates) in order and at most a year long. */
export function checkRange(from: string, to: string): void {
  if (from > to) throw badInput(`from (${from}) must not be after to (${to})`, 'from');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days >= MAX_RANGE_DAYS) throw badInput(`the range may span at most ${MAX_RANGE_DAYS} days (asked for ${days + 1})`, 'to');
}

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
    return rows.map((r) =>
      Object.assign(new AdSpendDay(), {
        date: r.date,
        providerId: r.providerId,
        accountId: r.accountId,
        spend: Money.of(r.spend, r.currency),
        impressions: r.impressions == null ? undefined : Number(r.impressions),
        clicks: r.clicks == null ? undefined : Number(r.clicks),
      }),
    );
  }
}
