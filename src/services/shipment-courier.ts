import type { EntityManager } from '@mikro-orm/postgresql';
import { InputError, NotFoundError } from '../domain/errors.js';
import { isUuid, Shipment, type ChannelAccount } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { getProviderModule } from '../providers/registry.js';
import type { LogisticsConnector, SyncSession } from '../providers/types.js';
import { openSession } from './provider-session.js';
import type { Services } from './services.js';

/** One of the seller's parcels with the courier account that carries it, ready to ask that courier. */
export interface CourierParcel {
  shipment: Shipment;
  trackingNumber: string;
  account: ChannelAccount;
  /** The courier's name, for the seller's messages. */
  courier: string;
  logistics: LogisticsConnector;
  session: SyncSession;
}

/**
 * The parcel `shipmentId` names (the seller's own: `em` is theirs, so another seller's id reads
 * as unknown) and a session on the courier account that tracks it. A parcel Sutra cannot ask a
 * courier about (no AWB yet, a carrier the seller has not connected, the channel's own parcel)
 * is an InputError saying so.
 */
export async function courierParcel(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  shipmentId: string,
  log: Logger,
): Promise<CourierParcel> {
  const shipment = isUuid(shipmentId) ? await em.findOne(Shipment, { id: shipmentId }, { populate: ['courierAccount'] }) : null;
  if (!shipment) throw new NotFoundError(`No shipment has the id "${shipmentId.slice(0, 100)}": see shipments for yours`, 'shipmentId');
  const carrier = shipment.carrier ?? shipment.providerId;
  if (!shipment.trackingNumber) throw new InputError(`Shipment ${shipment.id} has no AWB yet: its courier has not assigned one`, 'shipmentId');
  const account = shipment.courierAccount;
  if (!account) {
    throw new InputError(
      `Shipment ${shipment.trackingNumber} (${carrier}) is not carried through a courier account of yours: ` +
        `connect ${carrier} (connectProvider) to act on it; a parcel the sales channel ships itself is handled in the channel's seller panel`,
      'shipmentId',
    );
  }
  if (!account.connected)
    throw new InputError(`Your ${carrier} account ${account.displayName} is disconnected: connect it again (connectProvider)`, 'shipmentId');
  const module = getProviderModule(account.providerId);
  if (!module?.logistics) throw new InputError(`${account.providerId} is not a courier Sutra can act through`, 'shipmentId');
  const session = await openSession(deps, em, account, log.child({ provider: account.providerId, account: account.id, shipment: shipment.id }));
  return { shipment, trackingNumber: shipment.trackingNumber, account, courier: module.definition.name, logistics: module.logistics, session };
}
