import { z } from 'zod';

/**
 * The Google Ads REST bodies the spend sync reads (docs/providers.md §6.2, §6.3). REST writes
 * fields in camelCase and int64 values as strings.
 */

/** An int64 written as a string ("1061083620"), kept as a string: costMicros is divided exactly, never through a float. */
const int64 = z.string().regex(/^-?\d+$/);

/** An int64 count (impressions, clicks) as a number; a count past 2^53 would not be exact, so it is refused. */
const count = int64.transform((s, ctx) => {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) ctx.addIssue({ code: 'custom', message: `${s} is past the exact range of a number` });
  return n;
});

/** One error of a GoogleAdsFailure: its code family and value ({ quotaError: "RESOURCE_EXHAUSTED" }), message and details. */
export const googleAdsError = z.object({
  errorCode: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
  details: z
    .object({
      quotaErrorDetails: z
        .object({
          rateScope: z.string().optional(),
          rateName: z.string().optional(),
          // A protobuf Duration in JSON: seconds with an "s" ("40591s", "1.5s").
          retryDelay: z.string().optional(),
        })
        .optional(),
    })
    .passthrough()
    .optional(),
});

/** Google's error body: the RPC status and, in a GoogleAdsFailure detail, each error (docs/providers.md §6.3). */
export const adsErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(z.object({ '@type': z.string().optional(), errors: z.array(googleAdsError).optional(), requestId: z.string().optional() }).passthrough())
      .optional(),
  }),
});

/**
 * SearchStream's answer: a JSON array of batches (docs/providers.md §6.2). A batch with no row
 * leaves `results` out (UNVERIFIED: Google's answer to a query that matches nothing is not in
 * the public sources; an empty array is read the same way).
 */
const stream = <T extends z.ZodTypeAny>(row: T) =>
  z.array(z.object({ results: z.array(row).optional(), fieldMask: z.string().optional(), requestId: z.string().optional() }).passthrough());

/**
 * The customer as the day rows carry it: the fixture of §6.2 selects no customer field and has
 * only `resourceName` ("customers/123321321"); the sync's query selects id, currency and time zone.
 */
const customerRef = z.object({
  resourceName: z.string().optional(),
  id: int64.optional(),
  currencyCode: z.string().optional(),
  timeZone: z.string().optional(),
});

/**
 * One day of one customer. A metric left out of the answer is 0 (proto3 JSON leaves out a
 * default value; UNVERIFIED that Google's REST output ever leaves a selected metric out).
 */
export const dayRow = z.object({
  customer: customerRef.optional(),
  segments: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  metrics: z.object({ costMicros: int64.optional(), impressions: count.optional(), clicks: count.optional() }).passthrough().default({}),
});
export const dayStream = stream(dayRow);
export type DayBatch = z.infer<typeof dayStream>[number];

/** The connected customer itself: a manager (MCC) account has no metrics of its own. */
export const customerStream = stream(
  z.object({
    customer: z.object({
      id: int64,
      // proto3 JSON may leave out false (UNVERIFIED whether Google does): absent is not a manager.
      manager: z.boolean().default(false),
      currencyCode: z.string(),
      timeZone: z.string().optional(),
    }),
  }),
);

/** A manager's link to one of its accounts (itself at level 0, its direct clients at level 1). */
export const customerClientStream = stream(
  z.object({
    customerClient: z.object({
      id: int64,
      manager: z.boolean().default(false),
      status: z.string().optional(),
      level: int64.optional(),
      descriptiveName: z.string().optional(),
      currencyCode: z.string().optional(),
      timeZone: z.string().optional(),
    }),
  }),
);
