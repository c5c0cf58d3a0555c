import { dec, paiseOf, toPaisa, ZERO } from './money.js';

/** One ad account's spend on the day, as ad_spend_daily holds it. */
export interface SpendOfAccount {
  spend: string;
  currency: string;
}

/** A day's ad spend in the seller's currency. */
export interface DaySpend {
  /** The sum of every row that could be converted, to the paisa. */
  paise: bigint;
  /** A row's currency had no exchange rate in force: it is left out, and the day's orders are flagged AD_SPEND_INCOMPLETE. */
  incomplete: boolean;
}

/**
 * The day's spend over all ad accounts, in the seller's currency: rows in another currency are
 * converted at the rate in force on the day (`rates`: currency → value of one unit in the seller's
 * currency). The exact sum is rounded to the paisa once, so the day's figure does not depend on
 * how many accounts it came from.
 */
export function daySpend(rows: readonly SpendOfAccount[], sellerCurrency: string, rates: ReadonlyMap<string, string>): DaySpend {
  let total = ZERO;
  let incomplete = false;
  for (const row of rows) {
    if (row.currency === sellerCurrency) {
      total = total.plus(dec(row.spend));
      continue;
    }
    const rate = rates.get(row.currency);
    if (rate === undefined) incomplete = true;
    else total = total.plus(dec(row.spend).times(rate));
  }
  return { paise: paiseOf(toPaisa(total)), incomplete };
}
