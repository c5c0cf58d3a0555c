/** Money as the API sends it: an exact decimal string and its currency. */
export interface Money {
  amount: string;
  currencyCode: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats a decimal string exactly: Intl.NumberFormat reads a numeric string as a decimal, not
 * through a float, so "1249.995" is never rounded twice. Indian digit grouping (1,24,999.50).
 */
export function money(value: Money | null | undefined): string {
  if (!value) return '—';
  let f = formatters.get(value.currencyCode);
  if (!f) {
    f = new Intl.NumberFormat('en-IN', { style: 'currency', currency: value.currencyCode, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formatters.set(value.currencyCode, f);
  }
  return f.format(value.amount as Intl.StringNumericLiteral);
}

/** True when a decimal string is below zero (a loss), read from its sign, not as a float. */
export const negative = (value: Money | null | undefined): boolean => !!value && value.amount.trim().startsWith('-') && /[1-9]/.test(value.amount);

const dateTime = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium' });

export const when = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const day = (localDate: string): string => dateOnly.format(new Date(`${localDate}T00:00:00`));

export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

/** A LocalDate (YYYY-MM-DD) in this browser's time zone, `days` from today. */
export function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** SHIPPED_TO_CUSTOMER → "Shipped to customer". */
export const words = (code: string): string => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
