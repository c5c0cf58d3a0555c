import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { readInventory } from '../../services/inventory-reads.js';
import { refreshInventory } from '../../services/inventory-refresh.js';
import type { AuthedContext } from '../context.js';
import { toInventoryLevel } from '../mappers.js';
import { InventoryLevelType } from '../types/inventory.js';

@Resolver()
export class InventoryResolver {
  @Authorized()
  @Query(() => [InventoryLevelType], {
    description:
      'Stock of every SKU at every location whose stock Sutra has read, less what the seller’s unshipped orders hold; ' +
      'with refresh, read again first from every connected channel that keeps stock.',
  })
  async inventory(@Ctx() ctx: AuthedContext, @Arg('refresh', { nullable: true, defaultValue: false }) refresh: boolean): Promise<InventoryLevelType[]> {
    const levels = refresh ? await refreshInventory(ctx.services, ctx.em, ctx.user.id, ctx.log) : await readInventory(ctx.em);
    return levels.map(toInventoryLevel);
  }
}
