import type { ProviderModule, SpendWindow } from '../providers/types.js';
import { addDays, dayIn } from './calendar-days.js';

/** Ad spend days are the seller's: the nightly sync reads "yesterday" in India's time. */
export const AD_SPEND_TIME_ZONE = 'Asia/Kolkata';

/** How far back a first ad spend sync of an account reaches. */
const FIRST_SYNC_DAYS = 90;

/**
 * How many days before a day the platform may still revise: the module's figure (Meta 28,
 * Google 30), unless the operator set AD_SPEND_RESTATEMENT_DAYS for the provider.
 */
export function restatementDays(module: ProviderModule, overrides: Readonly<Record<string, number>>): number {
  return overrides[module.definition.id] ?? module.marketing?.restatementDays ?? 0;
}

/** The days a sync for `day` reads: the day itself and the restatement window before it. */
export function windowEnding(day: string, restated: number): SpendWindow {
  return { from: addDays(day, -restated), to: day };
}

/** Yesterday, in India's time: the day the nightly sync is for. */
export const yesterday = (now: Date = new Date()): string => addDays(dayIn(AD_SPEND_TIME_ZONE, now), -1);

/**
 * The days a sync reads when it was not told which: an account never synced reads the last
 * FIRST_SYNC_DAYS (or from `since`); one synced before reads yesterday and its restatement window,
 * reaching back to the last day it read if that is older.
 */
export function defaultWindow(opts: { lastDayRead?: string; since?: Date; restated: number; now?: Date }): SpendWindow {
  const to = yesterday(opts.now);
  if (opts.since) return { from: dayIn(AD_SPEND_TIME_ZONE, opts.since), to };
  if (!opts.lastDayRead) return { from: addDays(to, -FIRST_SYNC_DAYS + 1), to };
  const restated = addDays(to, -opts.restated);
  return { from: opts.lastDayRead < restated ? opts.lastDayRead : restated, to };
}
