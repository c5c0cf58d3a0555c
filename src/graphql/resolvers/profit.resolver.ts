import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { profitBreakdown, profitSummary } from '../../services/profit-reads.js';
import type { AuthedContext } from '../context.js';
import { checkRange } from '../date-range.js';
import { toProfitBreakdownRow, toProfitDay } from '../mappers.js';
import { pageSize } from '../pagination.js';
import { LocalDateScalar } from '../scalars.js';
import { ProfitBreakdownRow } from '../types/profit-breakdown.js';
import { ProfitDay } from '../types/profit-day.js';
import { ProfitDimension } from '../types/profit-enums.js';

/** The profit the recompute stored on each order, summed by day or by a dimension (services/profit-reads.ts). */
@Resolver()
export class ProfitResolver {
  /** One row per day of the range (the seller's timezone) that has orders or ad spend, oldest first. */
  @Authorized()
  @Query(() => [ProfitDay])
  async profitSummary(
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Ctx() ctx: AuthedContext,
  ): Promise<ProfitDay[]> {
    checkRange(from, to);
    const { currency, rows } = await profitSummary(ctx.em, ctx.user.id, from, to);
    return rows.map((r) => toProfitDay(r, currency));
  }

  /** The range's orders grouped by channel, account, SKU, state or pincode: worst net profit first. */
  @Authorized()
  @Query(() => [ProfitBreakdownRow])
  async profitBreakdown(
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Arg('by', () => ProfitDimension) by: ProfitDimension,
    @Ctx() ctx: AuthedContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<ProfitBreakdownRow[]> {
    checkRange(from, to);
    const size = pageSize(first, 50);
    const { currency, rows } = await profitBreakdown(ctx.em, ctx.user.id, from, to, by, size);
    return rows.map((r) => toProfitBreakdownRow(r, currency));
  }
}
