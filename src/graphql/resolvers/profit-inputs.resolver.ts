import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../context.js';
import { exchangeRates, setExchangeRates } from '../../services/exchange-rates.js';
import { productCosts, setProductCosts } from '../../services/product-costs.js';
import { recomputeStaleDays } from '../../services/profit/recompute.js';
import { sellerProfitSettings, setProfitSettings } from '../../services/profit-settings.js';
import { sellerRateCard, setRateCard } from '../../services/rate-card.js';
import { DecimalScalar, JSONObjectScalar, LocalDateScalar } from '../scalars.js';
import { toExchangeRate, toProductCost, toProfitSettings } from '../mappers.js';
import { ExchangeRateInput, ExchangeRateType, ProductCostInput, ProductCostType, ProfitSettingsInput, ProfitSettingsType } from '../types/seller-inputs.js';

/**
 * The seller's own figures the profit engine uses where providers report none: costs, rates,
 * the rate card. Each change recomputes, before it answers, the profit of the days it touches.
 */
@Resolver()
export class ProfitInputsResolver {
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

  /** Replaces the seller's rate card (the shape shippingRateCard answers): parcels costed from now on, and orders not yet shipped at once. */
  @Authorized()
  @Mutation(() => JSONObjectScalar)
  async setShippingRateCard(@Arg('rateCard', () => JSONObjectScalar) rateCard: object, @Ctx() ctx: AuthedContext): Promise<object> {
    const card = await setRateCard(ctx.em, ctx.user.id, rateCard);
    await recomputeStaleDays(ctx.em, ctx.user.id, ctx.log);
    return card;
  }

  /** The unit cost of a SKU from a day on (and its GST rate), used as cogs in every order of that day or later that sells it. */
  @Authorized()
  @Mutation(() => Boolean)
  async setProductCost(
    @Arg('sku') sku: string,
    @Arg('cost', () => DecimalScalar) cost: string,
    @Ctx() ctx: AuthedContext,
    @Arg('currencyCode', () => String, { nullable: true }) currencyCode?: string,
    @Arg('effectiveFrom', () => LocalDateScalar, { nullable: true, description: "left out: from today, or for a SKU's first cost, for every order" })
    effectiveFrom?: string,
    @Arg('gstPercent', () => DecimalScalar, { nullable: true }) gstPercent?: string,
  ): Promise<boolean> {
    await setProductCosts(
      ctx.em,
      ctx.user.id,
      [{ sku, cost, currency: currencyCode ?? undefined, effectiveFrom: effectiveFrom ?? undefined, gstPercent: gstPercent ?? undefined }],
      '',
    );
    await recomputeStaleDays(ctx.em, ctx.user.id, ctx.log);
    return true;
  }

  /** Many costs at once (a catalogue import): all written or, at the first mistake, none. Returns how many were set. */
  @Authorized()
  @Mutation(() => Int)
  async setProductCosts(@Arg('costs', () => [ProductCostInput]) costs: ProductCostInput[], @Ctx() ctx: AuthedContext): Promise<number> {
    const set = await setProductCosts(
      ctx.em,
      ctx.user.id,
      costs.map((c) => ({
        sku: c.sku,
        cost: c.cost,
        currency: c.currencyCode ?? undefined,
        effectiveFrom: c.effectiveFrom ?? undefined,
        gstPercent: c.gstPercent ?? undefined,
      })),
    );
    await recomputeStaleDays(ctx.em, ctx.user.id, ctx.log);
    return set;
  }

  /** Every cost set, by SKU and newest first; one SKU's when asked. */
  @Authorized()
  @Query(() => [ProductCostType])
  async productCosts(@Ctx() ctx: AuthedContext, @Arg('sku', () => String, { nullable: true }) sku?: string): Promise<ProductCostType[]> {
    return (await productCosts(ctx.em, sku ?? undefined)).map(toProductCost);
  }

  @Authorized()
  @Query(() => ProfitSettingsType)
  async profitSettings(@Ctx() ctx: AuthedContext): Promise<ProfitSettingsType> {
    return toProfitSettings(await sellerProfitSettings(ctx.em, ctx.user.id));
  }

  /** Changes the fields given; every day's profit is recomputed with them before the answer. */
  @Authorized()
  @Mutation(() => ProfitSettingsType)
  async setProfitSettings(@Arg('input', () => ProfitSettingsInput) input: ProfitSettingsInput, @Ctx() ctx: AuthedContext): Promise<ProfitSettingsType> {
    const settings = await setProfitSettings(ctx.em, ctx.user.id, input);
    await recomputeStaleDays(ctx.em, ctx.user.id, ctx.log);
    return toProfitSettings(settings);
  }

  @Authorized()
  @Query(() => [ExchangeRateType])
  async exchangeRates(@Ctx() ctx: AuthedContext): Promise<ExchangeRateType[]> {
    return (await exchangeRates(ctx.em)).map(toExchangeRate);
  }

  /** Rates for spend or orders in another currency, each from a day on; answers every rate set. */
  @Authorized()
  @Mutation(() => [ExchangeRateType])
  async setExchangeRates(@Arg('rates', () => [ExchangeRateInput]) rates: ExchangeRateInput[], @Ctx() ctx: AuthedContext): Promise<ExchangeRateType[]> {
    const all = await setExchangeRates(
      ctx.em,
      ctx.user.id,
      rates.map((r) => ({ currency: r.currencyCode, effectiveFrom: r.effectiveFrom, rate: r.rate })),
    );
    await recomputeStaleDays(ctx.em, ctx.user.id, ctx.log);
    return all.map(toExchangeRate);
  }
}
