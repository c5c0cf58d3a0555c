import type { SpendWindow } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Every day of an ad spend window, oldest first (inclusive; the dates are the ad account's
 * calendar days, so no time zone enters): what a platform's answer is filled out to, a day it
 * left out (no delivery) becoming 0.
 */
export function daysOf(window: SpendWindow): string[] {
  const days: string[] = [];
  const end = Date.parse(`${window.to}T00:00:00Z`);
  for (let t = Date.parse(`${window.from}T00:00:00Z`); t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** How many days the window holds. */
export const windowLength = (window: SpendWindow): number => Math.max(0, Math.round((Date.parse(window.to) - Date.parse(window.from)) / DAY_MS) + 1);
