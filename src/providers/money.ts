import { Decimal } from 'decimal.js';

/**
 * Exact money arithmetic for normalizers: providers send amounts as decimal strings or as
 * JSON numbers; both become 2-decimal strings without passing through float arithmetic.
 */
export type Amount = string | number | null | undefined;

const dec = (a: Amount) => new Decimal(a === null || a === undefined || a === '' ? 0 : a);

export const money = (a: Amount): string => dec(a).toFixed(2);

export const sum = (amounts: Amount[]): string => amounts.reduce<Decimal>((t, a) => t.plus(dec(a)), new Decimal(0)).toFixed(2);

export const minus = (a: Amount, b: Amount): string => dec(a).minus(dec(b)).toFixed(2);

export const times = (a: Amount, n: number): string => dec(a).times(n).toFixed(2);

/** A line total split into a unit price (rounded to the paisa). */
export const perUnit = (lineTotal: Amount, quantity: number): string => (quantity > 0 ? dec(lineTotal).dividedBy(quantity).toFixed(2) : money(lineTotal));

/** Micros (Google Ads cost_micros) to a money string. */
export const fromMicros = (micros: string | number): string => new Decimal(micros).dividedBy(1_000_000).toFixed(2);
