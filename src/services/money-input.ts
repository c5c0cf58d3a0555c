import { InputError } from '../domain/errors.js';

// Amount columns are numeric(14,2) (domain/columns.ts): a third place could not be stored.
const STORED_PLACES = 2;

/** The places a currency's amounts have (INR 2, JPY 0; an unknown code counts as 2), within what is stored. */
export function currencyPlaces(currency: string): number {
  try {
    const places = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? STORED_PLACES;
    return Math.min(places, STORED_PLACES);
  } catch {
    return STORED_PLACES;
  }
}

/**
 * A money input with more places than its currency has is refused, naming the field: the
 * database would round it silently (1.999999 stored as 2.00). Trailing zeros are fine.
 */
export function checkMoneyPlaces(amount: string, currency: string, field: string): void {
  const places = (amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  const allowed = currencyPlaces(currency);
  if (places > allowed) {
    throw new InputError(
      `${field} has ${places} decimal places; ${currency} amounts have at most ${allowed} (got ${amount}): round it yourself, Sutra will not`,
      field,
    );
  }
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** An ISO 4217 code, or an InputError: `name` is the argument as the message names it, `field` the one the error carries. */
export function checkCurrency(code: string, name: string, field: string, example: string): void {
  if (!CURRENCY_CODE.test(code)) throw new InputError(`${name} must be an ISO 4217 code such as ${example} (got "${code.slice(0, 20)}")`, field);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as the API takes one: YYYY-MM-DD. */
export const isDayText = (text: string): boolean => DAY.test(text);

const PERCENT = /^\d{1,3}(\.\d{1,3})?$/;

/** A percentage as exact decimal text, 0 to 100 with up to `places` decimals, or an InputError naming the field. */
export function checkPercent(value: string, field: string, places = 3): string {
  const trimmed = value.trim();
  if (!PERCENT.test(trimmed) || Number(trimmed) > 100 || (trimmed.split('.')[1]?.length ?? 0) > places) {
    throw new InputError(`${field} must be a percentage from 0 to 100 with at most ${places} decimals, such as 2 or 1.75 (got "${value.slice(0, 20)}")`, field);
  }
  return trimmed;
}
