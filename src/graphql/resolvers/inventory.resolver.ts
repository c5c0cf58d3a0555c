import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { InventoryLevel } from '../../domain/index.js';
import type { AuthedContext } from '../context.js';
import { notAvailableYet } from '../errors.js';
import { toInventoryLevel } from '../mappers.js';
import { InventoryLevelType } from '../types/inventory.js';

@Resolver()
export class InventoryResolver {
  @Authorized()
  @Query(() => [InventoryLevelType])
  async inventory(@Ctx() ctx: AuthedContext, @Arg('refresh', { nullable: true, defaultValue: false }) refresh: boolean): Promise<InventoryLevelType[]> {
    if (refresh) throw notAvailableYet('inventory(refresh: true)');
    const levels = await ctx.em.find(InventoryLevel, {}, { populate: ['warehouse'], orderBy: { sku: 'asc', warehouse: { name: 'asc' } } });
    return levels.map(toInventoryLevel);
  }
}
