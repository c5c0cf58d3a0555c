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

/** The discount that makes unit price × quantity − discount equal `net` to the paisa: whatever rounding the unit price left over. */
export const balancingDiscount = (unitPrice: Amount, quantity: number, net: Amount): string => minus(times(unitPrice, quantity), net);

/**
 * A line's gross amount (before its discount) as a unit price and a discount that reproduce
 * the line exactly: the unit price is the gross over the quantity rounded up to the paisa,
 * and what the rounding added joins the discount, so unit × quantity − discount is always
 * gross − discount (100.00 over 3 units: 33.34 each, 0.02 more discount).
 */
export function splitLine(gross: Amount, quantity: number, discount: Amount = 0): { unitPrice: string; discount: string } {
  if (quantity <= 0) return { unitPrice: money(gross), discount: money(discount) };
  const unitPrice = dec(gross).dividedBy(quantity).toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2);
  return { unitPrice, discount: balancingDiscount(unitPrice, quantity, minus(gross, discount)) };
}

/**
 * Micros (Google Ads cost_micros, an int64 string) to a money string, exactly, rounded half up to
 * the two places every amount is stored with; a credit smaller than half a paisa is 0.00, not -0.00
 * (rounded first, it is -0, which toFixed prints unsigned).
 * UNVERIFIED: Google does not document how it rounds the cost it shows.
 */
export const fromMicros = (micros: string | number): string => new Decimal(micros).dividedBy(1_000_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/**
 * An amount sent as a JSON number → integer paise, exactly: p / 100 === amount holds only when
 * the number is the 2-decimal value p / 100 (division is correctly rounded); anything finer
 * is rounded half up through Decimal, as money() does. Integer paise add without Decimal.
 */
export const toPaise = (amount: number): number => {
  const p = Math.round(amount * 100);
  return p / 100 === amount ? p : dec(amount).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
};

/** Integer paise → a 2-decimal string. */
export const fromPaise = (paise: number): string =>
  `${paise < 0 ? '-' : ''}${Math.trunc(Math.abs(paise) / 100)}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;

/** amount × part ÷ whole, to the paisa (the share of a line's amount its kept units carry); 0.00 when whole is 0. */
export const portion = (amount: Amount, part: Amount, whole: Amount): string =>
  dec(whole).isZero() ? money(0) : dec(amount).times(dec(part)).dividedBy(dec(whole)).toFixed(2);

/** A tax-inclusive price without its taxes, whose rates are fractions (0.06 and 0.06 for 12 % GST as CGST + SGST). */
export const withoutTax = (inclusive: Amount, rates: Amount[]): string =>
  dec(inclusive)
    .dividedBy(rates.reduce<Decimal>((t, r) => t.plus(dec(r)), new Decimal(1)))
    .toFixed(2);
