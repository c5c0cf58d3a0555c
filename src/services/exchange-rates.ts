import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { InputError } from '../domain/errors.js';
import { ExchangeRate } from '../domain/index.js';
import { checkCurrency, isDayText } from './money-input.js';
import { markCurrencyDaysStale } from './profit/stale-days.js';
import { sellerProfitSettings } from './profit-settings.js';

export interface ExchangeRateInput {
  /** ISO 4217 code of the foreign currency. */
  currency: string;
  /** YYYY-MM-DD: the rate applies from this day until the next rate of the currency. */
  effectiveFrom: string;
  /** What one unit is worth in the seller's currency, exact decimal text. */
  rate: string;
}

const RATE = /^\d{1,10}(\.\d{1,6})?$/;
const MAX_RATES = 1_000;

/**
 * `setExchangeRates`: the seller's rates for what is billed in another currency (a USD ad
 * account). Checked whole first, then written in one statement; a rate for a day that has one
 * replaces it. The days from the earliest rate on that hold spend or orders in those currencies
 * are owed their profit again, in the same transaction.
 */
export async function setExchangeRates(em: EntityManager, userId: string, inputs: readonly ExchangeRateInput[]): Promise<ExchangeRate[]> {
  if (!inputs.length) throw new InputError('rates must hold at least one rate', 'rates');
  if (inputs.length > MAX_RATES) throw new InputError(`rates holds ${inputs.length} rates; send at most ${MAX_RATES} per call`, 'rates');
  const { currency: home } = await sellerProfitSettings(em, userId);
  const seen = new Set<string>();
  inputs.forEach((r, i) => {
    const at = `rates[${i}]`;
    checkCurrency(r.currency, `${at}.currencyCode`, 'rates', 'USD');
    if (r.currency === home) throw new InputError(`${at}.currencyCode is ${home}, your profit's own currency: it needs no rate`, 'rates');
    if (!isDayText(r.effectiveFrom)) throw new InputError(`${at}.effectiveFrom must be a date as YYYY-MM-DD`, 'rates');
    if (!RATE.test(r.rate.trim()) || Number(r.rate) <= 0)
      throw new InputError(
        `${at}.rate must be a positive number with at most 6 decimals, the ${home} value of 1 ${r.currency} (got "${r.rate.slice(0, 20)}")`,
        'rates',
      );
    const key = `${r.currency}/${r.effectiveFrom}`;
    if (seen.has(key)) throw new InputError(`${at} repeats the ${r.currency} rate from ${r.effectiveFrom}`, 'rates');
    seen.add(key);
  });
  return em.transactional(async (tx) => {
    const db = tx.getKysely();
    await sql`
      insert into exchange_rates (id, user_id, currency, effective_from, rate)
      select gen_random_uuid(), ${userId}::uuid, x.currency, x.effective_from, x.rate
      from unnest(${inputs.map((r) => r.currency)}::text[], ${inputs.map((r) => r.effectiveFrom)}::date[], ${inputs.map((r) => r.rate.trim())}::numeric[])
        as x(currency, effective_from, rate)
      on conflict (user_id, currency, effective_from) do update set rate = excluded.rate, updated_at = now()`.execute(db);
    const from = inputs.reduce((min, r) => (r.effectiveFrom < min ? r.effectiveFrom : min), inputs[0]!.effectiveFrom);
    const currencies = [...new Set(inputs.map((r) => r.currency))];
    await markCurrencyDaysStale(tx, userId, currencies, from);
    return exchangeRates(tx);
  });
}

/** Every rate the seller set, by currency and day. */
export function exchangeRates(em: EntityManager): Promise<ExchangeRate[]> {
  return em.find(ExchangeRate, {}, { orderBy: { currency: 'asc', effectiveFrom: 'asc' } });
}
