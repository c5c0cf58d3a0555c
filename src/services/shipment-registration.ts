import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InputError, NotFoundError } from '../domain/errors.js';
import { isUuid, Order, ProviderKind, Shipment } from '../domain/index.js';
import { requireCapability } from '../providers/capabilities.js';
import { getProviderModule, requireProvider } from '../providers/registry.js';
import { chooseAccount } from './account-choice.js';

/** An AWB as couriers issue them: letters, digits and dashes (Delhivery's 14 digits, Selloship's "SLSC…"). */
const awb = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{6,40}$/, { message: "must be the courier's AWB: 6 to 40 letters, digits or dashes" });

export interface ShipmentByHand {
  orderId: string;
  providerId: string;
  trackingNumber: string;
  channelAccountId?: string | null;
}

/**
 * A parcel the seller booked with a courier outside any sales channel's data, registered by hand
 * (`trackShipment`): the order's shipment with the courier's AWB, tracked by the seller's account
 * of that courier (its next tracking sync polls it). Registering the same AWB again hands it to the
 * order and account named now and keeps its tracking. `em` is the seller's.
 */
export async function registerShipment(em: EntityManager, userId: string, input: ShipmentByHand): Promise<Shipment> {
  const def = requireProvider(input.providerId);
  if (def.kind !== ProviderKind.LOGISTICS) throw new InputError(`${def.name} is not a courier: name one such as delhivery or selloship`, 'providerId');
  requireCapability(getProviderModule(def.id)!, 'shipments');
  const parsed = awb.safeParse(input.trackingNumber);
  if (!parsed.success) throw new InputError(`trackingNumber ${parsed.error.issues[0]!.message}`, 'trackingNumber');
  const order = isUuid(input.orderId) ? await em.findOne(Order, { id: input.orderId }, { fields: ['id'] }) : null;
  if (!order) throw new NotFoundError(`No order has the id "${input.orderId.slice(0, 100)}"`, 'orderId');
  const account = await chooseAccount(em, def, input.channelAccountId);
  // In a transaction: row-level security names the seller per transaction (forUser).
  const id = await em.transactional(async (tx) => {
    const { rows } = await sql<{ id: string }>`
    insert into shipments (id, user_id, order_id, provider_id, tracking_number, carrier, courier_account_id, tracked, status, currency, created_at, updated_at)
    select gen_random_uuid(), ${userId}::uuid, o.id, ${def.id}, ${parsed.data}, ${def.name}, ${account.id}::uuid, true, 'CREATED', o.currency, now(), now()
    from orders o where o.id = ${order.id}::uuid
    on conflict (user_id, provider_id, tracking_number) where channel_account_id is null do update set
      order_id = excluded.order_id, courier_account_id = excluded.courier_account_id, tracked = true, updated_at = now()
    returning id`.execute(tx.getKysely());
    return rows[0]!.id;
  });
  return em.findOneOrFail(Shipment, { id }, { populate: ['events'], refresh: true });
}
