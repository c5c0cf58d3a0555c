import type { z } from 'zod';
import type { SyncSession } from './types.js';

/**
 * How far a finished sync's resting cursor reaches back: orders updated while it ran, and
 * clock skew between us and the provider, are read again next time (upserts make it safe).
 */
export const OVERLAP_MS = 5 * 60_000;

/**
 * Where a sync starts: `since` when the caller asked for a window, else the account's saved
 * cursor (when it still has this connector's shape), else the first-sync horizon.
 */
export function startFrom<T>(session: SyncSession, shape: z.ZodType<T>, fresh: (from: string) => T): T {
  if (session.since) return fresh(session.since.toISOString());
  if (session.cursor) {
    try {
      const saved = shape.safeParse(JSON.parse(session.cursor));
      if (saved.success) return saved.data;
    } catch {
      // A cursor from another version of the connector: start from the horizon instead.
    }
  }
  return fresh(session.firstSyncFrom.toISOString());
}

/** The latest of the update times seen so far (ISO strings, any offset). */
export function latest(seen: string | undefined, times: Array<string | undefined>): string | undefined {
  return [seen, ...times].filter((t): t is string => !!t).reduce<string | undefined>((a, b) => (!a || Date.parse(b) > Date.parse(a) ? b : a), undefined);
}

/** Where the next sync starts once this one is done: the newest update seen, less the overlap. */
export function restingPoint(seen: string | undefined, from: string): string {
  return seen ? new Date(Date.parse(seen) - OVERLAP_MS).toISOString() : from;
}
