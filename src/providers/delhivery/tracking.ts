import { setTimeout as sleep } from 'node:timers/promises';
import { TokenBucket } from '../token-bucket.js';
import type { SyncSession, TrackingUpdate } from '../types.js';
import { delhiveryApi, delhiveryHeaders, delhiveryUrl, tokenRefusal } from './client.js';
import { normalizeTracking } from './normalize.js';
import { trackingAnswer, type TrackedShipment } from './payloads.js';

/** Most waybills one tracking call takes (docs/providers.md §7.2). */
export const TRACK_BATCH_SIZE = 50;
/** Tracking's limit: 750 calls per 5 minutes per IP, shared by every seller behind it (§7.2). */
export const TRACK_BUDGET = { name: 'delhivery:track', limit: 750, windowMs: 300_000 } as const;
const ATTEMPTS = 3;

/**
 * Pacing when the session has no shared budget (unit tests, one process): 2.45 calls a second
 * with a burst of 10 stays under 750 in any 5 minutes (10 + 2.45 × 300 = 745).
 */
const localPace = new TokenBucket(2.45, 10);

async function takeBudget(session: SyncSession): Promise<void> {
  if (session.sharedBudget) await session.sharedBudget(TRACK_BUDGET.name, TRACK_BUDGET.limit, TRACK_BUDGET.windowMs);
  else await localPace.take();
}

const retryAfterMs = (header: string | string[] | undefined, attempt: number): number => {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 * 2 ** attempt;
};

/**
 * The shipments Delhivery knows among `awbs` (at most 50), as it answers them. Every attempt,
 * retries included, takes a call from the budget; a 429 or 5xx is tried again twice.
 */
export async function fetchTracking(session: SyncSession, awbs: readonly string[]): Promise<TrackedShipment[]> {
  if (!awbs.length) return [];
  if (awbs.length > TRACK_BATCH_SIZE) throw new RangeError(`Delhivery tracks at most ${TRACK_BATCH_SIZE} AWBs a call, not ${awbs.length}`);
  const url = delhiveryUrl(session.credentials, session.endpoints, 'api/v1/packages/json/');
  url.searchParams.set('waybill', awbs.join(','));
  const http = delhiveryApi.connect(session, { retries: 0 });
  for (let attempt = 0; ; attempt++) {
    await takeBudget(session);
    const res = await http.send(url.toString(), { headers: delhiveryHeaders(session.credentials) });
    if (res.status === 200) {
      const answer = delhiveryApi.parse(trackingAnswer, res.body, 'the tracking call');
      const asked = new Set(awbs);
      return (answer.ShipmentData ?? []).map((d) => d.Shipment).filter((s) => asked.has(s.AWB));
    }
    if (res.status === 401 || res.status === 403) throw tokenRefusal(session.credentials, res);
    if ((res.status === 429 || res.status >= 500) && attempt < ATTEMPTS - 1) {
      session.log.warn({ provider: 'delhivery', status: res.status, attempt }, 'Delhivery tracking call failed, retrying');
      await sleep(retryAfterMs(res.headers['retry-after'], attempt));
      continue;
    }
    if (res.status === 400) throw delhiveryApi.refusal('the tracking call', res);
    throw delhiveryApi.unexpected(res);
  }
}

/** One call's worth of tracking (LogisticsConnector.track): unknown AWBs are left out. */
export async function track(session: SyncSession, awbs: readonly string[]): Promise<TrackingUpdate[]> {
  return (await fetchTracking(session, awbs)).map(normalizeTracking);
}
