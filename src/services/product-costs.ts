import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ProductCost } from '../domain/index.js';

export interface ProductCostInput {
  sku: string;
  /** Exact decimal text in the currency's places. */
  cost: string;
  currency: string;
}

/** What one unit of a SKU costs the seller, the goods in the cogs of every order that sells it: set, or replaced. */
export async function setProductCost(em: EntityManager, userId: string, input: ProductCostInput): Promise<void> {
  // An upsert runs no entity hooks: the id and the time are given here.
  await em.upsert(
    ProductCost,
    { id: randomUUID(), user: userId, ...input, updatedAt: new Date() },
    { onConflictFields: ['user', 'sku'], onConflictMergeFields: ['cost', 'currency', 'updatedAt'] },
  );
}
