import { sql } from 'kysely';
import { markOrderDaysStale } from './profit/stale-days.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OrderStatus, ShipmentStatus } from '../domain/enums.js';
import type { TrackingUpdate } from '../providers/types.js';
import type { ShipmentChange } from './channel-shipments.js';
import { shipmentCharges } from './freight-cost.js';
import { sellerRateCard } from './rate-card.js';
import type { PageTarget } from './sync/page-target.js';

/** Parcels that never move again: never polled, and a late scan does not reopen them. */
export const CLOSED_SHIPMENT_STATUSES: readonly ShipmentStatus[] = [
  ShipmentStatus.DELIVERED,
  ShipmentStatus.RTO_DELIVERED,
  ShipmentStatus.CANCELLED,
  ShipmentStatus.LOST,
];

/** The order's status a parcel's status carries it to, and the statuses it may be carried from (it only moves forward). */
const ORDER_FOLLOWS: Partial<Record<ShipmentStatus, { to: OrderStatus; from: OrderStatus[] }>> = (() => {
  const beforeShipping = [OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PACKED];
  const shipped = { to: OrderStatus.SHIPPED, from: beforeShipping };
  // A parcel on its way back was never delivered, whatever the channel said: the courier holds it.
  const rto = { to: OrderStatus.RTO, from: [...beforeShipping, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED] };
  return {
    [ShipmentStatus.PICKED_UP]: shipped,
    [ShipmentStatus.IN_TRANSIT]: shipped,
    [ShipmentStatus.OUT_FOR_DELIVERY]: shipped,
    [ShipmentStatus.DELIVERED]: { to: OrderStatus.DELIVERED, from: [...beforeShipping, OrderStatus.SHIPPED] },
    [ShipmentStatus.RTO_INITIATED]: rto,
    [ShipmentStatus.RTO_DELIVERED]: rto,
  };
})();

interface TrackedRow {
  id: string;
  tracking_number: string;
  order_id: string | null;
  status: ShipmentStatus;
  raw_status: string | null;
  shipping_cost: string | null;
  rto_cost: string | null;
  charges_estimated: boolean;
  last_event_at: Date | null;
  attempts: number;
  last_attempt_at: Date | null;
  weight_grams: number | null;
  destination_pincode: string | null;
}

/** What writing one batch of tracking updates did. */
export interface TrackingWritten {
  /** Shipments whose status, scans, attempts or charges moved. */
  updated: number;
  /** Scans not seen before. */
  newScans: number;
  /** Status changes, each once: what shipmentStatusChanged tells after the commit. */
  changes: ShipmentChange[];
}

const latest = (dates: Date[]): Date | undefined => (dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : undefined);

/**
 * Writes a courier's tracking updates onto the parcels its account tracks (`target` is the
 * courier account): each distinct scan once (ShipmentEvent), the status, failed attempts and
 * freight (freight-cost.ts: the courier's figures, else the seller's rate card), and the order's
 * status where the parcel carries it (SHIPPED, DELIVERED, RTO). The parcels' rows are locked
 * first, so a push and a poll of the same parcel at once tell each change once. A scan older
 * than the parcel's latest never moves its status back (pushes arrive out of order,
 * docs/providers.md §7.6). Runs in the page's transaction, as the seller.
 */
export async function writeTrackingUpdates(em: EntityManager, target: PageTarget, updates: TrackingUpdate[]): Promise<TrackingWritten> {
  const written: TrackingWritten = { updated: 0, newScans: 0, changes: [] };
  if (!updates.length) return written;
  const db = em.getKysely();
  const byAwb = new Map(updates.map((u) => [u.trackingNumber, u]));
  const { rows } = await sql<TrackedRow>`
    select id, tracking_number, order_id, status, raw_status, shipping_cost::text, rto_cost::text, charges_estimated, last_event_at, attempts, last_attempt_at, weight_grams, destination_pincode
    from shipments
    where user_id = ${target.userId}::uuid and courier_account_id = ${target.channelAccountId}::uuid and tracked and tracking_number = any(${[...byAwb.keys()]}::text[])
    order by id
    for update`.execute(db);
  if (!rows.length) return written;

  // Each scan once per parcel: the unique key (shipment, at, raw status) drops the ones stored before.
  const scans = rows.flatMap((r) => byAwb.get(r.tracking_number)!.events.map((e) => ({ shipment: r.id, ...e })));
  const inserted = scans.length
    ? await sql<{ shipment_id: string }>`
        insert into shipment_events (id, user_id, shipment_id, at, status, raw_status, location, code, failed_attempt, created_at, updated_at)
        select gen_random_uuid(), ${target.userId}::uuid, e.shipment_id, e.at, e.status::shipment_status, e.raw_status, e.location, e.code, e.failed, now(), now()
        from unnest(${scans.map((s) => s.shipment)}::uuid[], ${scans.map((s) => s.at.toISOString())}::timestamptz[], ${scans.map((s) => s.status)}::text[],
          ${scans.map((s) => s.rawStatus)}::text[], ${scans.map((s) => s.location ?? null)}::text[], ${scans.map((s) => s.code ?? null)}::text[],
          ${scans.map((s) => s.failedAttempt ?? false)}::boolean[]) as e(shipment_id, at, status, raw_status, location, code, failed)
        on conflict (shipment_id, at, raw_status) do nothing
        returning shipment_id`.execute(db)
    : { rows: [] };
  written.newScans = inserted.rows.length;
  const scanned = new Set(inserted.rows.map((r) => r.shipment_id));
  // A push carries one scan: the failed attempts are counted from every scan stored.
  const { rows: failedCounts } = await sql<{ shipment_id: string; failed: number }>`
    select shipment_id, count(*)::int as failed from shipment_events
    where user_id = ${target.userId}::uuid and shipment_id = any(${rows.map((r) => r.id)}::uuid[]) and failed_attempt group by shipment_id`.execute(db);
  const failed = new Map(failedCounts.map((f) => [f.shipment_id, f.failed]));
  const card = await sellerRateCard(em, target.userId);

  const orderMoves = new Map<OrderStatus, { from: OrderStatus[]; orderIds: string[] }>();
  // Orders whose parcel moved or was costed again, or whose status followed a parcel: their day's profit is owed anew.
  const staleOrders = new Set<string>();
  for (const row of rows) {
    const u = byAwb.get(row.tracking_number)!;
    const lastEventAt = row.last_event_at ? new Date(row.last_event_at) : undefined;
    const scannedAt = latest(u.events.map((e) => e.at));
    // An update whose newest scan is older than what the parcel already shows is late: its scans are kept, its status is not.
    const stale = !!lastEventAt && !!scannedAt && scannedAt.getTime() < lastEventAt.getTime();
    const closed = CLOSED_SHIPMENT_STATUSES.includes(row.status);
    const status = stale || (closed && !scannedAt) ? row.status : u.status;
    const attempts = Math.max(row.attempts, u.attempts ?? 0, failed.get(row.id) ?? 0);
    const attempt = u.lastFailedAttempt;
    const newerAttempt = attempt && (!row.last_attempt_at || attempt.at.getTime() > new Date(row.last_attempt_at).getTime()) ? attempt : undefined;
    const weightGrams = u.weightGrams ?? row.weight_grams;
    const destinationPincode = u.destinationPincode ?? row.destination_pincode;
    const charges = shipmentCharges({ status, reported: u.charges, weightGrams, destinationPincode }, card);
    const moved = status !== row.status;
    const rawStatus = moved || !stale ? u.rawStatus : row.raw_status;
    const next = {
      status,
      rawStatus,
      lastEventAt: scannedAt && (!lastEventAt || scannedAt > lastEventAt) ? scannedAt : lastEventAt,
      attempts,
      lastAttemptAt: newerAttempt?.at ?? (row.last_attempt_at ? new Date(row.last_attempt_at) : undefined),
      weightGrams,
      destinationPincode,
      ...charges,
    };
    const changed =
      moved ||
      rawStatus !== row.raw_status ||
      next.lastEventAt?.getTime() !== lastEventAt?.getTime() ||
      attempts !== row.attempts ||
      !!newerAttempt ||
      weightGrams !== row.weight_grams ||
      destinationPincode !== row.destination_pincode ||
      charges.shippingCost !== row.shipping_cost ||
      charges.rtoCost !== row.rto_cost ||
      charges.estimated !== row.charges_estimated;
    if (changed) {
      await sql`
        update shipments set status = ${status}::shipment_status, raw_status = ${rawStatus}, last_event_at = ${next.lastEventAt ?? null}::timestamptz,
          attempts = ${attempts}, last_attempt_at = ${next.lastAttemptAt ?? null}::timestamptz,
          last_attempt_code = case when ${!!newerAttempt} then ${newerAttempt?.code ?? null} else last_attempt_code end,
          last_attempt_reason = case when ${!!newerAttempt} then ${newerAttempt?.reason ?? null} else last_attempt_reason end,
          weight_grams = ${weightGrams}::int, destination_pincode = ${destinationPincode}::text, shipping_cost = ${charges.shippingCost}::numeric,
          rto_cost = ${charges.rtoCost}::numeric, charges_estimated = ${charges.estimated}, updated_at = now()
        where user_id = ${target.userId}::uuid and id = ${row.id}::uuid`.execute(db);
    }
    if (changed && row.order_id) staleOrders.add(row.order_id);
    if (changed || scanned.has(row.id)) written.updated++;
    if (moved) written.changes.push({ shipmentId: row.id, trackingNumber: row.tracking_number, status, previousStatus: row.status });
    // The order follows the courier's word even when the parcel's status stands (a channel may have reported it first).
    const follows = stale ? undefined : ORDER_FOLLOWS[status];
    if (!follows || !row.order_id) continue;
    const move = orderMoves.get(follows.to) ?? { from: follows.from, orderIds: [] };
    move.orderIds.push(row.order_id);
    orderMoves.set(follows.to, move);
  }
  for (const [to, { from, orderIds }] of orderMoves) {
    const { rows: moved } = await sql<{ id: string }>`
      update orders set status = ${to}::order_status, updated_at = now()
      where user_id = ${target.userId}::uuid and id = any(${orderIds}::uuid[]) and status = any(${from}::order_status[])
      returning id`.execute(db);
    for (const m of moved) staleOrders.add(m.id);
  }
  if (staleOrders.size) await markOrderDaysStale(em, target.userId, { orderIds: [...staleOrders] });
  return written;
}
