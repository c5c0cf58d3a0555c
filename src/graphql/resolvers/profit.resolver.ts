import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../context.js';
import { NotImplementedError } from '../../domain/errors.js';
import { setProductCost } from '../../services/product-costs.js';
import { DecimalScalar, LocalDateScalar } from '../scalars.js';
import { ProfitDay } from '../types/profit-day.js';
import { checkRange } from '../date-range.js';

@Resolver()
export class ProfitResolver {
  @Authorized()
  @Query(() => [ProfitDay])
  async profitSummary(@Arg('from', () => LocalDateScalar) from: string, @Arg('to', () => LocalDateScalar) to: string): Promise<ProfitDay[]> {
    checkRange(from, to);
    throw new NotImplementedError('profitSummary');
  }

  /** The unit cost of a SKU, used as cogs in every order that sells it. */
  @Authorized()
  @Mutation(() => Boolean)
  async setProductCost(
    @Arg('sku') sku: string,
    @Arg('cost', () => DecimalScalar) cost: string,
    @Ctx() ctx: AuthedContext,
    @Arg('currencyCode', () => String, { nullable: true }) currencyCode?: string,
  ): Promise<boolean> {
    await setProductCost(ctx.em, ctx.user.id, { sku, cost, currency: currencyCode ?? 'INR' });
    return true;
  }
}
