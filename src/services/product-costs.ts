import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { InputError } from '../domain/errors.js';
import { ProductCost } from '../domain/index.js';
import { hasControlCharacters } from './control-characters.js';
import { checkCurrency, checkMoneyPlaces, checkPercent, isDayText } from './money-input.js';
import { markSkuDaysStale } from './profit/stale-days.js';
import { sellerProfitSettings } from './profit-settings.js';

export interface ProductCostInput {
  sku: string;
  /** Exact decimal text in the currency's places. */
  cost: string;
  /** ISO 4217; the seller's profit currency (INR) when left out. */
  currency?: string;
  /** YYYY-MM-DD: the first day of the seller's the cost applies to. Left out: see `effectiveFromOf`. */
  effectiveFrom?: string;
  /** The SKU's GST rate, percent; left out: the settings' default. */
  gstPercent?: string;
}

/** Most costs one `setProductCosts` takes: a catalogue import is split into calls of this size. */
export const MAX_COSTS_PER_CALL = 5_000;

/** The first day costs can apply to: a SKU's first cost counts for every order Sutra holds. */
export const SINCE_ALWAYS = '2000-01-01';

/**
 * Sets the costs of SKUs from a day on (`setProductCost`, `setProductCosts`): each row checked
 * first, every mistake named by its place in the list, and then all written in one statement,
 * or none. A cost for a day that already has one replaces it; earlier costs stay, so an order
 * keeps the cost in force on its day and last month's profit is not rewritten. The days of the
 * orders a new cost applies to are owed their profit again, in the same transaction.
 */
export async function setProductCosts(em: EntityManager, userId: string, inputs: readonly ProductCostInput[], field = 'costs'): Promise<number> {
  if (!inputs.length) throw new InputError(`${field} must hold at least one cost`, field);
  if (inputs.length > MAX_COSTS_PER_CALL) throw new InputError(`${field} holds ${inputs.length} costs; send at most ${MAX_COSTS_PER_CALL} per call`, field);
  const { currency: profitCurrency, today } = await sellerProfitSettings(em, userId);
  const rows = inputs.map((input, i) => checkedCost(input, inputs.length > 1 || field === 'costs' ? `${field}[${i}].` : '', profitCurrency));
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = `${r.sku}\u0000${r.effectiveFrom ?? ''}`;
    if (seen.has(key)) throw new InputError(`${field}[${i}] repeats the cost of ${r.sku}${r.effectiveFrom ? ` from ${r.effectiveFrom}` : ''}`, field);
    seen.add(key);
  });
  return em.transactional(async (tx) => {
    const db = tx.getKysely();
    // A cost without a date: from always for a SKU's first cost, else from today (the seller's day).
    const { rows: known } = await sql<{ sku: string }>`
      select distinct sku from product_costs where user_id = ${userId}::uuid and sku = any(${rows.map((r) => r.sku)}::text[])`.execute(db);
    const hasCost = new Set(known.map((k) => k.sku));
    const dated = rows.map((r) => ({ ...r, effectiveFrom: r.effectiveFrom ?? (hasCost.has(r.sku) ? today : SINCE_ALWAYS) }));
    await sql`
      insert into product_costs (id, user_id, sku, effective_from, cost, currency, gst_percent)
      select gen_random_uuid(), ${userId}::uuid, x.sku, x.effective_from, x.cost, x.currency, x.gst_percent
      from unnest(${dated.map((r) => r.sku)}::text[], ${dated.map((r) => r.effectiveFrom)}::date[], ${dated.map((r) => r.cost)}::numeric[],
        ${dated.map((r) => r.currency)}::text[], ${dated.map((r) => r.gstPercent ?? null)}::numeric[]) as x(sku, effective_from, cost, currency, gst_percent)
      on conflict (user_id, sku, effective_from) do update set cost = excluded.cost, currency = excluded.currency,
        gst_percent = excluded.gst_percent, updated_at = now()`.execute(db);
    const from = dated.reduce((min, r) => (r.effectiveFrom < min ? r.effectiveFrom : min), dated[0]!.effectiveFrom);
    await markSkuDaysStale(tx, userId, [...new Set(dated.map((r) => r.sku))], from);
    return dated.length;
  });
}

/** Every cost the seller set, newest first per SKU; one SKU's when asked. */
export async function productCosts(em: EntityManager, sku?: string): Promise<ProductCost[]> {
  return em.find(ProductCost, sku ? { sku: sku.trim() } : {}, { orderBy: { sku: 'asc', effectiveFrom: 'desc' }, limit: 10_000 });
}

/** The cost as it is stored (the SKU trimmed), or an InputError naming the argument to fix (`at` places it in a list). */
function checkedCost(
  input: ProductCostInput,
  at: string,
  profitCurrency: string,
): Required<Omit<ProductCostInput, 'effectiveFrom' | 'gstPercent'>> & ProductCostInput {
  const sku = input.sku.trim();
  if (!sku || sku.length > 200) throw new InputError(`${at}sku must be 1 to 200 characters`, `${at}sku`);
  // A SKU is shown and matched against channels' SKUs: control characters are a mistake.
  if (hasControlCharacters(sku)) throw new InputError(`${at}sku must not contain control characters`, `${at}sku`);
  const cost = input.cost.trim();
  if (cost.startsWith('-')) throw new InputError(`${at}cost must not be negative (got ${cost})`, `${at}cost`);
  const currency = input.currency ?? profitCurrency;
  checkCurrency(currency, `${at}currencyCode`, `${at}currencyCode`, 'INR');
  // Costs are compared with revenue as they stand: a cost in another currency would need a rate of its own day.
  if (currency !== profitCurrency)
    throw new InputError(`${at}currencyCode must be ${profitCurrency}, the currency your profit is computed in (got ${currency})`, `${at}currencyCode`);
  checkMoneyPlaces(cost, currency, `${at}cost`);
  if (input.effectiveFrom !== undefined && (!isDayText(input.effectiveFrom) || input.effectiveFrom < SINCE_ALWAYS))
    throw new InputError(`${at}effectiveFrom must be a date from ${SINCE_ALWAYS} on, as YYYY-MM-DD`, `${at}effectiveFrom`);
  const gstPercent = input.gstPercent === undefined ? undefined : checkPercent(input.gstPercent, `${at}gstPercent`, 2);
  return { sku, cost, currency, effectiveFrom: input.effectiveFrom, gstPercent };
}
