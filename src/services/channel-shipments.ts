import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommonOrder } from '../providers/types.js';
import type { PageTarget } from './order-persistence.js';

/**
 * The parcels a sales channel reports for its orders (Flipkart shipments, Amazon packages,
 * Shopify fulfillments) become the orders' Shipment rows, keyed by the channel's own id.
 * The AWB and courier are kept once known: a later copy without them does not erase them.
 * `orderIds`: the stored id of each order (by external id), as the page's write returned it.
 */
export async function writeChannelShipments(
  em: EntityManager,
  target: PageTarget,
  orders: CommonOrder[],
  orderIds: ReadonlyMap<string, string>,
): Promise<void> {
  const rows = orders.flatMap((o) => (o.shipments ?? []).map((s) => ({ order: orderIds.get(o.externalId)!, ...s })));
  if (!rows.length) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await sql`
    insert into shipments (id, user_id, order_id, provider_id, external_id, tracking_number, carrier, status, raw_status, currency, created_at, updated_at)
    select gen_random_uuid(), ${target.userId}::uuid, o.id, ${target.providerId}, s.external_id, s.tracking_number, s.carrier,
      s.status::shipment_status, s.raw_status, o.currency, now(), now()
    from unnest(${col((r) => r.order)}::uuid[], ${col((r) => r.externalId)}::text[], ${col((r) => r.trackingNumber ?? null)}::text[],
      ${col((r) => r.carrier ?? null)}::text[], ${col((r) => r.status)}::text[], ${col((r) => r.rawStatus ?? null)}::text[])
      as s(order_id, external_id, tracking_number, carrier, status, raw_status)
    join orders o on o.id = s.order_id
    on conflict (user_id, provider_id, external_id) do update set
      order_id = excluded.order_id,
      tracking_number = coalesce(excluded.tracking_number, shipments.tracking_number),
      carrier = coalesce(excluded.carrier, shipments.carrier),
      status = excluded.status, raw_status = excluded.raw_status, updated_at = now()
  `.execute(em.getKysely());
}
