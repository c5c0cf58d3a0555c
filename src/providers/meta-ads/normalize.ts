import { daysOf } from '../spend-window.js';
import type { SpendRow, SpendWindow } from '../types.js';
import type { InsightsRow } from './payloads.js';

/** The ad account as one sync reads it once from its node (`GET act_{id}?fields=account_id,currency,timezone_name`). */
export interface AccountFacts {
  /** Meta's account_id: the digits, without act_. */
  accountId: string;
  currency: string;
  /** IANA name (timezone_name), when Meta gives it. */
  timezone?: string;
}

/** The first and second half of a window of at least two days (a timed-out range is asked again in halves). */
export function halves(window: SpendWindow): [SpendWindow, SpendWindow] {
  const days = daysOf(window);
  const mid = Math.floor(days.length / 2);
  return [
    { from: window.from, to: days[mid - 1]! },
    { from: days[mid]!, to: window.to },
  ];
}

/**
 * Meta's daily insights rows → one SpendRow for every day of the window. Meta leaves out a day
 * without delivery (docs/providers.md §5.2): it becomes spend "0.00" with no impressions or
 * clicks, so a day that once had spend and was credited back to nothing is overwritten too.
 * The spend stays Meta's decimal string, in the account's currency; never a float.
 * Throws RangeError on a row that is not one day of this account (the caller asked for daily rows).
 */
export function spendRows(rows: readonly InsightsRow[], window: SpendWindow, account: AccountFacts): SpendRow[] {
  const byDay = new Map<string, InsightsRow>();
  for (const row of rows) {
    if (row.date_start !== row.date_stop) throw new RangeError(`Meta returned a row for ${row.date_start} to ${row.date_stop}, not one day`);
    if (row.account_id !== account.accountId) throw new RangeError(`Meta returned a row of ad account ${row.account_id}, not ${account.accountId}`);
    // A range asked again after a timeout may repeat a day: the figure is the same, kept once.
    byDay.set(row.date_start, row);
  }
  return daysOf(window).map((date) => {
    const row = byDay.get(date);
    const base = { date, accountId: account.accountId, timezone: account.timezone };
    if (!row) return { ...base, spend: '0.00', currency: account.currency, impressions: 0, clicks: 0 };
    return {
      ...base,
      spend: row.spend ?? '0.00',
      currency: row.account_currency ?? account.currency,
      impressions: row.impressions ?? 0,
      clicks: row.clicks ?? 0,
    };
  });
}
