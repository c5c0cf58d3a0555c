import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputError } from '../domain/errors.js';
import { ProductCost } from '../domain/index.js';
import { hasControlCharacters } from './control-characters.js';
import { checkMoneyPlaces } from './money-input.js';

export interface ProductCostInput {
  sku: string;
  /** Exact decimal text in the currency's places. */
  cost: string;
  currency: string;
}

const CURRENCY = /^[A-Z]{3}$/;

/** What one unit of a SKU costs the seller, the goods in the cogs of every order that sells it: set, or replaced. */
export async function setProductCost(em: EntityManager, userId: string, input: ProductCostInput): Promise<void> {
  const cost = checkedCost(input);
  // An upsert runs no entity hooks: the id and the time are given here.
  await em.upsert(
    ProductCost,
    { id: randomUUID(), user: userId, ...cost, updatedAt: new Date() },
    { onConflictFields: ['user', 'sku'], onConflictMergeFields: ['cost', 'currency', 'updatedAt'] },
  );
}

/** The cost as it is stored (the SKU trimmed), or an InputError naming the argument to fix. */
function checkedCost({ sku, cost, currency }: ProductCostInput): ProductCostInput {
  const trimmed = sku.trim();
  if (!trimmed || trimmed.length > 200) throw new InputError('sku must be 1 to 200 characters', 'sku');
  // A SKU is shown and matched against channels' SKUs: control characters are a mistake.
  if (hasControlCharacters(trimmed)) throw new InputError('sku must not contain control characters', 'sku');
  if (cost.startsWith('-')) throw new InputError(`cost must not be negative (got ${cost})`, 'cost');
  if (!CURRENCY.test(currency)) throw new InputError(`currencyCode must be an ISO 4217 code such as INR (got "${currency.slice(0, 20)}")`, 'currencyCode');
  checkMoneyPlaces(cost, currency, 'cost');
  return { sku: trimmed, cost, currency };
}
