import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../context.js';
import { badInput } from '../errors.js';
import { checkMoneyPlaces } from '../money-input.js';
import { NotImplementedError } from '../../providers/capabilities.js';
import { hasControlCharacters } from '../../services/control-characters.js';
import { setProductCost } from '../../services/product-costs.js';
import { DecimalScalar, LocalDateScalar } from '../scalars.js';
import { ProfitDay } from '../types/profit-day.js';
import { checkRange } from '../date-range.js';

const CURRENCY = /^[A-Z]{3}$/;

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
    const trimmed = sku.trim();
    if (!trimmed || trimmed.length > 200) throw badInput('sku must be 1 to 200 characters', 'sku');
    // A SKU is shown and matched against channels' SKUs: control characters are a mistake.
    if (hasControlCharacters(trimmed)) throw badInput('sku must not contain control characters', 'sku');
    if (cost.startsWith('-')) throw badInput(`cost must not be negative (got ${cost})`, 'cost');
    const currency = currencyCode ?? 'INR';
    if (!CURRENCY.test(currency)) throw badInput(`currencyCode must be an ISO 4217 code such as INR (got "${currency.slice(0, 20)}")`, 'currencyCode');
    checkMoneyPlaces(cost, currency, 'cost');
    await setProductCost(ctx.em, ctx.user.id, { sku: trimmed, cost, currency });
    return true;
  }
}
