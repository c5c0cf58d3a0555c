import { InputError } from '../domain/errors.js';
import { ShipmentStatus } from '../domain/index.js';

/** Still out with the courier on the forward leg: a buyer who missed a delivery can still be reached. */
const OUT_FOR_DELIVERY_YET: readonly ShipmentStatus[] = [
  ShipmentStatus.CREATED,
  ShipmentStatus.PICKED_UP,
  ShipmentStatus.IN_TRANSIT,
  ShipmentStatus.OUT_FOR_DELIVERY,
];

/** The conditions on Shipment a selection comes to, for `em.find`. */
export interface ShipmentWhere {
  status?: ShipmentStatus | { $in: ShipmentStatus[] };
  attempts?: number | { $gt: number };
  id?: null;
}

export interface ShipmentSelection {
  status?: ShipmentStatus;
  /**
   * true: parcels with a failed delivery attempt that are still on the forward leg (neither
   * delivered nor returning, nor closed otherwise); false: parcels without a failed attempt.
   */
  failedAttempt?: boolean;
}

/**
 * Which of the seller's shipments `shipments` lists. The old top-level `status` argument and
 * `filter.status` both hold; two different statuses are a mistake worth saying.
 */
export function shipmentWhere(status: ShipmentStatus | undefined, filter: ShipmentSelection = {}): ShipmentWhere {
  if (status && filter.status && status !== filter.status) {
    throw new InputError(`status (${status}) and filter.status (${filter.status}) differ: give one`, 'filter.status');
  }
  const wanted = status ?? filter.status;
  if (filter.failedAttempt === true) {
    // A delivered or returning parcel is never in the failed-attempt list: nothing matches.
    if (wanted && !OUT_FOR_DELIVERY_YET.includes(wanted)) return { id: null };
    return { attempts: { $gt: 0 }, status: wanted ?? { $in: [...OUT_FOR_DELIVERY_YET] } };
  }
  return { ...(wanted && { status: wanted }), ...(filter.failedAttempt === false && { attempts: 0 }) };
}
