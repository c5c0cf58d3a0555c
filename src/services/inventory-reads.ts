import type { EntityManager } from '@mikro-orm/postgresql';
import { InventoryLevel } from '../domain/index.js';

/** A level whose stock was read from its source. */
export type ReadLevel = InventoryLevel & { onHand: number };

const wasRead = (l: InventoryLevel): l is ReadLevel => l.onHand != null;

/**
 * The seller's stock levels (the EntityManager's tenant), by SKU then location. A level whose
 * stock was never read is left out: its count is unknown, and showing it as 0 would be a guess.
 */
export async function readInventory(em: EntityManager): Promise<ReadLevel[]> {
  const levels = await em.find(InventoryLevel, { onHand: { $ne: null } }, { populate: ['warehouse'], orderBy: { sku: 'asc', warehouse: { name: 'asc' } } });
  return levels.filter(wasRead);
}
