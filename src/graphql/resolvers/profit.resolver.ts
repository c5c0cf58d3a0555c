import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../context.js';
import { NotImplementedError } from '../../domain/errors.js';
import { setProductCost } from '../../services/product-costs.js';
import { sellerRateCard, setRateCard } from '../../services/rate-card.js';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../scalars.js';
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

  /**
   * The freight rate card parcels are costed by where the courier reports no charge: weight slab
   * (slabGrams) × zone (A–E), forward and rto, rupees for the first slab and each additional one;
   * the defaults until the seller sets their own.
   */
  @Authorized()
  @Query(() => JSONObjectScalar)
  async shippingRateCard(@Ctx() ctx: AuthedContext): Promise<object> {
    return sellerRateCard(ctx.em, ctx.user.id);
  }

  /** Replaces the seller's rate card (the shape shippingRateCard answers); applies to charges written from now on. */
  @Authorized()
  @Mutation(() => JSONObjectScalar)
  async setShippingRateCard(@Arg('rateCard', () => JSONObjectScalar) rateCard: object, @Ctx() ctx: AuthedContext): Promise<object> {
    return setRateCard(ctx.em, ctx.user.id, rateCard);
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
