import type { EntityManager } from '@mikro-orm/postgresql';
import { InputError, NotImplementedError } from '../domain/errors.js';
import { ShipmentStatus } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { Services } from './services.js';
import { courierParcel } from './shipment-courier.js';

export interface ReattemptRequested {
  shipmentId: string;
  trackingNumber: string;
  /** The courier's id of the request (Delhivery's UPL id), to follow it up with the courier. */
  requestId: string;
}

/** Why a parcel in this status can have no further delivery attempt. */
const CLOSED: Partial<Record<ShipmentStatus, string>> = {
  [ShipmentStatus.DELIVERED]: 'it was delivered',
  [ShipmentStatus.RTO_INITIATED]: 'it is already on its way back to you (RTO)',
  [ShipmentStatus.RTO_DELIVERED]: 'it already came back to you (RTO)',
  [ShipmentStatus.CANCELLED]: 'it was cancelled',
  [ShipmentStatus.LOST]: 'the courier reported it lost',
};

/**
 * `requestReattempt`: asks the parcel's courier for another delivery attempt after a failed one
 * (Delhivery's NDR action RE-ATTEMPT, docs/providers.md §7.5). The courier's rules (which
 * failure codes, how many attempts, the time of day) are its connector's, which re-reads the
 * parcel's current code first; a parcel Sutra already knows to be closed is refused here without
 * a call. A refusal is an InputError saying why. `em` is the seller's.
 */
export async function requestReattempt(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  shipmentId: string,
  log: Logger,
  now: Date = new Date(),
): Promise<ReattemptRequested> {
  const parcel = await courierParcel(deps, em, shipmentId, log);
  const closed = CLOSED[parcel.shipment.status as ShipmentStatus];
  if (closed) throw new InputError(`No re-attempt for ${parcel.trackingNumber}: ${closed}`, 'shipmentId');
  if (!parcel.logistics.requestReattempt) {
    throw new NotImplementedError(`${parcel.courier} re-attempt requests (arrange it in ${parcel.courier}'s own panel)`);
  }
  const { requestId } = await parcel.logistics.requestReattempt(parcel.session, parcel.trackingNumber, now);
  log.info({ shipment: parcel.shipment.id, provider: parcel.account.providerId, requestId }, 're-attempt requested');
  return { shipmentId: parcel.shipment.id, trackingNumber: parcel.trackingNumber, requestId };
}
