import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { NotImplementedError } from '../../domain/errors.js';
import { readInventory } from '../../services/inventory-reads.js';
import type { AuthedContext } from '../context.js';
import { toInventoryLevel } from '../mappers.js';
import { InventoryLevelType } from '../types/inventory.js';

@Resolver()
export class InventoryResolver {
  @Authorized()
  @Query(() => [InventoryLevelType], {
    description: 'Stock of every SKU at every location whose stock Sutra has read, less what the seller’s unshipped orders hold.',
  })
  async inventory(@Ctx() ctx: AuthedContext, @Arg('refresh', { nullable: true, defaultValue: false }) refresh: boolean): Promise<InventoryLevelType[]> {
    if (refresh) throw new NotImplementedError('inventory(refresh: true)');
    return (await readInventory(ctx.em)).map(toInventoryLevel);
  }
}
