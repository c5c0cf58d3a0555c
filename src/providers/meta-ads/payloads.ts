import { z } from 'zod';

/**
 * What Meta's Graph API answers for daily spend (docs/providers.md §5.2, §5.3): insights rows and
 * their paging, the asynchronous report run, the error body and the usage headers. Checked here,
 * at the edge, so nothing past this file reads an unchecked field.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Meta writes counts as decimal strings ("12345"); an integer either way. */
const count = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

/** One row of `act_{id}/insights?level=account&time_increment=1`: one day of the account. */
export const insightsRow = z.object({
  account_id: z.string().regex(/^\d+$/),
  account_currency: z.string().optional(),
  /** A decimal string in the account's currency, not micros (§5.2). */
  spend: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  impressions: count.optional(),
  clicks: count.optional(),
  date_start: day,
  date_stop: day,
});
export type InsightsRow = z.infer<typeof insightsRow>;

/** Graph's cursor paging: follow `next` until it is absent. */
export const paging = z.object({
  cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().url().optional(),
  previous: z.string().optional(),
});

export const insightsPage = z.object({ data: z.array(insightsRow), paging: paging.optional() });

/** The answer to `POST act_{id}/insights`: the asynchronous report's id. */
export const reportRunStarted = z.object({ report_run_id: z.string().min(1) });

/**
 * `GET /{report_run_id}`. From v25.0 a failed run carries error_code, error_message, error_subcode,
 * error_user_title and error_user_msg (Meta's blog, "Enhanced Error Messaging for Ads Insights Async
 * API", 2026-01-08). Unknown statuses are kept as text: only the ones we act on are named.
 */
export const reportRun = z.object({
  id: z.string(),
  async_status: z.string(),
  async_percent_completion: z.number().min(0).max(100).optional(),
  error_code: z.number().int().optional(),
  error_subcode: z.number().int().optional(),
  error_message: z.string().optional(),
  error_user_title: z.string().optional(),
  error_user_msg: z.string().optional(),
});
export type ReportRun = z.infer<typeof reportRun>;

/** Where a report run stands, as the connector acts on it. */
export type ReportRunState = 'running' | 'completed' | 'failed';

export function reportRunState(run: ReportRun): ReportRunState {
  if (run.async_status === 'Job Completed') {
    // Meta marks a run Completed before it reaches 100 % in rare cases (Airbyte waits for both).
    return run.async_percent_completion === undefined || run.async_percent_completion >= 100 ? 'completed' : 'running';
  }
  if (run.async_status === 'Job Failed' || run.async_status === 'Job Skipped') return 'failed';
  return 'running';
}

/** Graph's error body (§5.3). */
export const graphErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    is_transient: z.boolean().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof graphErrorBody>['error'];

const pct = z.coerce.number().min(0);

/** `x-business-use-case-usage`: per business id, one entry per use case (ads_insights, ads_management, …). */
const businessUseCaseUsage = z.record(
  z.string(),
  z.array(
    z.object({
      type: z.string().optional(),
      call_count: pct.optional(),
      total_cputime: pct.optional(),
      total_time: pct.optional(),
      /** Minutes (§5.3). */
      estimated_time_to_regain_access: pct.optional(),
    }),
  ),
);
const appUsage = z.object({ call_count: pct.optional(), total_cputime: pct.optional(), total_time: pct.optional() });
const adAccountUsage = z.object({ acc_id_util_pct: pct.optional(), reset_time_duration: pct.optional() });
const insightsThrottle = z.object({ app_id_util_pct: pct.optional(), acc_id_util_pct: pct.optional() });

/** What the usage headers of one answer say: the highest figure of any of them, and the wait Meta announces. */
export interface Usage {
  /** The highest percentage any usage header reports (0 when none came). */
  highestPct: number;
  /** The longest `estimated_time_to_regain_access` announced, in minutes (0 when none). */
  regainMinutes: number;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): unknown {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The usage headers of one answer (§5.3), as Airbyte reads them. A header that is absent or not
 * Meta's shape counts as no usage: the error codes still stop us when Meta really throttles.
 */
export function parseUsage(headers: Record<string, string | string[] | undefined>): Usage {
  const figures: number[] = [];
  let regainMinutes = 0;
  const buc = businessUseCaseUsage.safeParse(header(headers, 'x-business-use-case-usage'));
  if (buc.success) {
    for (const entries of Object.values(buc.data)) {
      for (const e of entries) {
        figures.push(e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0);
        regainMinutes = Math.max(regainMinutes, e.estimated_time_to_regain_access ?? 0);
      }
    }
  }
  const app = appUsage.safeParse(header(headers, 'x-app-usage'));
  if (app.success) figures.push(app.data.call_count ?? 0, app.data.total_cputime ?? 0, app.data.total_time ?? 0);
  const account = adAccountUsage.safeParse(header(headers, 'x-ad-account-usage'));
  if (account.success) figures.push(account.data.acc_id_util_pct ?? 0);
  const throttle = insightsThrottle.safeParse(header(headers, 'x-fb-ads-insights-throttle'));
  if (throttle.success) figures.push(throttle.data.app_id_util_pct ?? 0, throttle.data.acc_id_util_pct ?? 0);
  return { highestPct: Math.max(0, ...figures), regainMinutes };
}
