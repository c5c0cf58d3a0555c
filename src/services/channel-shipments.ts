import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ShipmentStatus } from '../domain/index.js';
import { Topics, type PubSubHandle } from '../events/event-bus.js';
import type { CommonOrder } from '../providers/types.js';
import { getProviderModule } from '../providers/registry.js';
import { courierOfCarrier, sellerCourierAccounts } from './courier-accounts.js';
import type { PageTarget } from './sync/page-target.js';

/** A parcel that is new, or whose status moved, in one page's write: what shipmentStatusChanged tells. */
export interface ShipmentChange {
  shipmentId: string;
  trackingNumber: string | null;
  status: ShipmentStatus;
  /** Null for a parcel Sutra had not seen. */
  previousStatus: ShipmentStatus | null;
}

/**
 * The parcels a sales channel reports for its orders (Flipkart shipments, Amazon packages,
 * Shopify fulfillments) become the orders' Shipment rows of the page's account, keyed by the
 * channel's own id: another account of the channel reporting the same id keeps its own row.
 * The AWB and courier are kept once known: a later copy without them does not erase them.
 * A parcel the seller ships with a connected courier is linked to that courier account, whose
 * tracking then owns its status.
 * `orderIds`: the stored id of each order (by external id), as the page's write returned it.
 * Returns the parcels that are new or changed status.
 */
export async function writeChannelShipments(
  em: EntityManager,
  target: PageTarget,
  orders: CommonOrder[],
  orderIds: ReadonlyMap<string, string>,
): Promise<ShipmentChange[]> {
  const parcels = orders.flatMap((o) =>
    (o.shipments ?? []).map((s) => ({ order: orderIds.get(o.externalId)!, channelShips: o.fulfilledBy === 'CHANNEL', ...s })),
  );
  if (!parcels.length) return [];
  // A parcel the seller ships goes to the seller's account of its carrier, which tracks it; a
  // carrier the seller has not connected leaves it untracked, with the carrier's name. The
  // channel's own parcels (Flipkart's, Amazon-fulfilled ones) stay the channel's.
  const channelShips = getProviderModule(target.providerId)?.definition.channelShipsParcels === true;
  const couriers = await sellerCourierAccounts(em, target.userId);
  const rows = parcels.map((p) => {
    const courier = channelShips || p.channelShips ? undefined : courierOfCarrier(p.carrier);
    const account = courier ? couriers.get(courier) : undefined;
    return { ...p, courierAccount: account ?? null, tracked: channelShips || p.channelShips || !p.carrier || !!account };
  });
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const { rows: changed } = await sql<ShipmentChange>`
    with before as (
      -- Each parcel's status before this statement (every part of one statement sees the same snapshot).
      select external_id, status from shipments
      where channel_account_id = ${target.channelAccountId}::uuid and external_id = any(${col((r) => r.externalId)}::text[])
    ), written as (
    insert into shipments (id, user_id, channel_account_id, order_id, provider_id, external_id, tracking_number, carrier, status, raw_status,
      courier_account_id, tracked, currency, created_at, updated_at)
    select gen_random_uuid(), ${target.userId}::uuid, ${target.channelAccountId}::uuid, o.id, ${target.providerId}, s.external_id, s.tracking_number, s.carrier,
      s.status::shipment_status, s.raw_status, s.courier_account_id, s.tracked, o.currency, now(), now()
    from unnest(${col((r) => r.order)}::uuid[], ${col((r) => r.externalId)}::text[], ${col((r) => r.trackingNumber ?? null)}::text[],
      ${col((r) => r.carrier ?? null)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.rawStatus ?? null)}::text[],
      ${col((r) => r.courierAccount)}::uuid[], ${col((r) => r.tracked)}::boolean[])
      as s(order_id, external_id, tracking_number, carrier, status, raw_status, courier_account_id, tracked)
    join orders o on o.id = s.order_id
    on conflict (channel_account_id, external_id) do update set
      order_id = excluded.order_id,
      tracking_number = coalesce(excluded.tracking_number, shipments.tracking_number),
      carrier = coalesce(excluded.carrier, shipments.carrier),
      courier_account_id = coalesce(shipments.courier_account_id, excluded.courier_account_id),
      tracked = shipments.courier_account_id is not null or excluded.tracked,
      -- Once a courier account tracks the parcel, the courier's word on its status wins over the channel's.
      status = case when shipments.courier_account_id is null then excluded.status else shipments.status end,
      raw_status = case when shipments.courier_account_id is null then excluded.raw_status else shipments.raw_status end,
      updated_at = now()
    returning id, external_id, tracking_number, status
    )
    select w.id as "shipmentId", w.tracking_number as "trackingNumber", w.status, b.status as "previousStatus"
    from written w left join before b using (external_id)
    where b.status is distinct from w.status
  `.execute(em.getKysely());
  return changed;
}

/**
 * Tells shipmentStatusChanged subscribers what a committed page changed. A parcel without an
 * AWB yet is told once it has one: subscribers follow parcels by their tracking number.
 */
export function publishShipmentChanges(events: PubSubHandle['pubsub'], target: Pick<PageTarget, 'userId' | 'providerId'>, changes: ShipmentChange[]): void {
  const at = new Date().toISOString();
  for (const c of changes) {
    if (!c.trackingNumber) continue;
    events.publish(Topics.ShipmentStatus, target.userId, {
      shipmentId: c.shipmentId,
      trackingNumber: c.trackingNumber,
      providerId: target.providerId,
      status: c.status,
      previousStatus: c.previousStatus,
      at,
    });
  }
}
