import type { EntityManager } from '@mikro-orm/postgresql';
import { NotImplementedError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import type { Services } from './services.js';
import { courierParcel } from './shipment-courier.js';

export interface ShipmentLabelLink {
  shipmentId: string;
  trackingNumber: string;
  labelUrl: string;
}

/**
 * `generateShipmentLabel`: asks the parcel's courier for its label (Delhivery's packing slip PDF,
 * docs/providers.md §7.2) and keeps the link on the shipment. A courier's refusal comes through
 * as its ProviderError, in the courier's words. `em` is the seller's.
 */
export async function generateShipmentLabel(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  shipmentId: string,
  log: Logger,
): Promise<ShipmentLabelLink> {
  const parcel = await courierParcel(deps, em, shipmentId, log);
  if (!parcel.logistics.label) throw new NotImplementedError(`${parcel.courier} labels`);
  const labelUrl = await parcel.logistics.label(parcel.session, parcel.trackingNumber);
  parcel.shipment.labelUrl = labelUrl;
  await em.flush();
  return { shipmentId: parcel.shipment.id, trackingNumber: parcel.trackingNumber, labelUrl };
}
