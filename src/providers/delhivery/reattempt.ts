import { ShipmentStatus } from '../../domain/enums.js';
import { InputError } from '../../domain/errors.js';
import type { SyncSession } from '../types.js';
import { delhiveryApi, delhiveryHeaders, delhiveryUrl, tokenRefusal } from './client.js';
import { delhiveryStatus, isFailedAttempt } from './normalize.js';
import { ndrAnswer } from './payloads.js';
import { fetchTracking } from './tracking.js';

/** The current codes for which Delhivery takes RE-ATTEMPT (docs/providers.md §7.5, the portal's list). */
export const REATTEMPT_CODES: readonly string[] = ['EOD-74', 'EOD-15', 'EOD-104', 'EOD-43', 'EOD-86', 'EOD-11', 'EOD-69', 'EOD-6'];
/** RE-ATTEMPT only after the first or the second failed attempt (§7.5). */
const MAX_ATTEMPTS = 2;
/** NDR actions only after 21:00 IST, once the day's dispatches are closed (§7.5). */
const OPENS_AT_IST_HOUR = 21;

const istClock = (at: Date): { hour: number; text: string } => {
  const ist = new Date(at.getTime() + 330 * 60_000);
  return { hour: ist.getUTCHours(), text: `${String(ist.getUTCHours()).padStart(2, '0')}:${String(ist.getUTCMinutes()).padStart(2, '0')} IST` };
};

/**
 * Why Delhivery's rules forbid a RE-ATTEMPT of this parcel now, or undefined when they allow it
 * (§7.5): the parcel's current code is one of REATTEMPT_CODES, it has had one or two failed
 * attempts, and it is after 21:00 IST. UNVERIFIED: whether the window closes at midnight IST; it
 * is read as the rest of the day.
 */
export function reattemptRefusal(awb: string, current: { type: string; status: string; code?: string }, attempts: number, now: Date): string | undefined {
  const status = delhiveryStatus(current.type, current.status, current.code);
  if (status !== ShipmentStatus.IN_TRANSIT || !isFailedAttempt(current.type, current.code)) {
    return `AWB ${awb} is ${current.type}/${current.status} at Delhivery, not waiting after a failed delivery attempt: there is nothing to re-attempt`;
  }
  if (!REATTEMPT_CODES.includes(current.code!.toUpperCase())) {
    return `Delhivery re-attempts only parcels whose current code is ${REATTEMPT_CODES.join(', ')}; AWB ${awb}'s is ${current.code}`;
  }
  if (attempts < 1 || attempts > MAX_ATTEMPTS) {
    return `Delhivery re-attempts only after the first or second failed attempt; AWB ${awb} has had ${attempts}`;
  }
  const clock = istClock(now);
  if (clock.hour < OPENS_AT_IST_HOUR) {
    return `Delhivery takes re-attempt requests only after ${OPENS_AT_IST_HOUR}:00 IST, once the day's deliveries are closed (it is ${clock.text}); ask again after ${OPENS_AT_IST_HOUR}:00 IST`;
  }
  return undefined;
}

/**
 * Asks Delhivery to attempt delivery again (`POST /api/p/update`, act RE-ATTEMPT, §7.5), after
 * re-reading the parcel's current code as §7.5 says to. Throws InputError saying why when
 * Delhivery's rules forbid it now; the answer is Delhivery's UPL id (the action is asynchronous).
 */
export async function requestReattempt(session: SyncSession, awb: string, now: Date): Promise<{ requestId: string }> {
  const [shipment] = await fetchTracking(session, [awb]);
  if (!shipment) throw new InputError(`Delhivery does not know AWB ${awb} on this account`, 'trackingNumber');
  const failed = (shipment.Scans ?? []).filter((s) => isFailedAttempt(s.ScanDetail.ScanType, s.ScanDetail.StatusCode)).length;
  const current = { type: shipment.Status.StatusType, status: shipment.Status.Status, code: shipment.Status.StatusCode ?? undefined };
  // The current failed attempt counts even when the scans are trimmed before it.
  const attempts = Math.max(failed, isFailedAttempt(current.type, current.code) ? 1 : 0);
  const refusal = reattemptRefusal(awb, current, attempts, now);
  if (refusal) throw new InputError(refusal, 'shipmentId');

  const url = delhiveryUrl(session.credentials, session.endpoints, 'api/p/update');
  const res = await delhiveryApi.connect(session).send(url.toString(), {
    method: 'POST',
    headers: { ...delhiveryHeaders(session.credentials), 'content-type': 'application/json' },
    body: JSON.stringify({ data: [{ waybill: awb, act: 'RE-ATTEMPT' }] }),
  });
  if (res.status === 401 || res.status === 403) throw tokenRefusal(session.credentials, res);
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw delhiveryApi.refusal(`the re-attempt of AWB ${awb}`, res);
  if (res.status !== 200 && res.status !== 201 && res.status !== 202) throw delhiveryApi.unexpected(res);
  const answer = delhiveryApi.parse(ndrAnswer, res.body, 'the re-attempt request');
  const requestId = answer.request_id ?? answer.upl ?? answer.UPL;
  if (!requestId) throw delhiveryApi.refusal(`the re-attempt of AWB ${awb}`, res);
  session.log.info({ provider: 'delhivery', awb, requestId }, 'Delhivery re-attempt requested');
  return { requestId };
}
