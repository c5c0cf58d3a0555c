import { Decimal } from 'decimal.js';

/** Exact decimal money: figures are worked out at full precision and rounded to the paisa once, half up. */
export const ZERO = new Decimal(0);

export const dec = (value: string | number | null | undefined): Decimal => (value === null || value === undefined ? ZERO : new Decimal(value));

/** Rounded to the paisa, half away from zero (as a rupee amount is rounded on an invoice). */
export const toPaisa = (value: Decimal): Decimal => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** A 2-place decimal string. */
export const fixed2 = (value: Decimal): string => toPaisa(value).toFixed(2);

const TWO_PLACES = /^-?\d+\.\d\d$/;

/**
 * A rupee amount in paise. A 2-place string (every figure of the engine) is read as its digits:
 * this runs a dozen times per order, and Decimal's parse was a third of a recompute's CPU.
 */
export function paiseOf(value: string | Decimal): bigint {
  if (typeof value === 'string' && TWO_PLACES.test(value)) return BigInt(value.replace('.', ''));
  return BigInt(toPaisa(new Decimal(value)).times(100).toFixed(0));
}

/** Paise as a 2-place rupee string. */
export function rupeesOf(paise: bigint): string {
  const negative = paise < 0n;
  const digits = (negative ? -paise : paise).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
