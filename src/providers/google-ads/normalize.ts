import { fromMicros } from '../money.js';
import { daysOf } from '../spend-window.js';
import type { SpendRow, SpendWindow } from '../types.js';
import { adsErrorBody, type DayBatch } from './payloads.js';

/** An ad account the sync reads: its customer id, currency and time zone, as Google reports them. */
export interface AdsAccount {
  id: string;
  currency: string;
  timezone?: string;
}

/** The customer id of a row: `customer.id` when selected, else the end of `customers/123…`. */
const rowCustomerId = (c: { id?: string; resourceName?: string } | undefined): string | undefined => c?.id ?? c?.resourceName?.split('/')[1];

/**
 * One account's daily-cost answer → one SpendRow per day of the window. Google returns no row for a
 * day without delivery (docs/providers.md §6.2): those days count 0 spend, 0 impressions, 0 clicks.
 * Rows of another customer or outside the window are not the account's and are left out; two rows
 * of one day (not expected from FROM customer) are added together.
 */
export function normalizeDays(batches: DayBatch[], account: AdsAccount, window: SpendWindow): SpendRow[] {
  const days = new Map<string, { micros: bigint; impressions?: number; clicks?: number }>();
  let currency = account.currency;
  let timezone = account.timezone;
  for (const row of batches.flatMap((b) => b.results ?? [])) {
    const id = rowCustomerId(row.customer);
    if (id !== undefined && id !== account.id) continue;
    const date = row.segments.date;
    if (date < window.from || date > window.to) continue;
    currency = row.customer?.currencyCode ?? currency;
    timezone = row.customer?.timeZone ?? timezone;
    const day = days.get(date) ?? { micros: 0n };
    day.micros += BigInt(row.metrics.costMicros ?? '0');
    if (row.metrics.impressions !== undefined) day.impressions = (day.impressions ?? 0) + row.metrics.impressions;
    if (row.metrics.clicks !== undefined) day.clicks = (day.clicks ?? 0) + row.metrics.clicks;
    days.set(date, day);
  }
  return daysOf(window).map((date) => {
    const day = days.get(date);
    const row: SpendRow = { date, accountId: account.id, spend: fromMicros(String(day?.micros ?? 0n)), currency };
    if (timezone) row.timezone = timezone;
    if (!day) return { ...row, impressions: 0, clicks: 0 };
    if (day.impressions !== undefined) row.impressions = day.impressions;
    if (day.clicks !== undefined) row.clicks = day.clicks;
    return row;
  });
}

/** A protobuf Duration in JSON ("40591s", "1.5s", "0.200s") → milliseconds; undefined when it is not one. */
export function durationMs(duration: string | undefined): number | undefined {
  const m = duration ? /^(\d+)(?:\.(\d{1,9}))?s$/.exec(duration.trim()) : null;
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Math.round(Number(`0.${m[2] ?? '0'}`) * 1000);
}

/** Google's quota refusal, read from its error body (docs/providers.md §6.3). */
export interface QuotaRefusal {
  /** The QuotaError value: RESOURCE_EXHAUSTED, RESOURCE_TEMPORARILY_EXHAUSTED, … */
  code: string;
  /** How long Google asks to wait, when it says. */
  retryDelayMs?: number;
  rateScope?: string;
  rateName?: string;
  /** Google's words: the RPC message, then the error's own. */
  said: string[];
}

/** The quota refusal in an error body, or undefined when the body is not one. */
export function quotaRefusal(body: unknown): QuotaRefusal | undefined {
  const error = adsErrorBody.safeParse(body).data?.error;
  const entry = error?.details?.flatMap((d) => d.errors ?? []).find((e) => e.errorCode?.quotaError);
  if (!error || !entry) return undefined;
  const quota = entry.details?.quotaErrorDetails;
  return {
    code: entry.errorCode!.quotaError!,
    retryDelayMs: durationMs(quota?.retryDelay),
    rateScope: quota?.rateScope,
    rateName: quota?.rateName,
    said: [error.message, entry.message].filter((s): s is string => !!s),
  };
}
