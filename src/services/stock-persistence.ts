import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StockLevel } from '../providers/types.js';
import { lockStock, placeWaitingReservations } from './stock-reservations.js';

/**
 * Writes a channel's stock levels: each of its locations becomes a warehouse
 * (`<provider>:<location id>`) and each level its on-hand count there. Reserved counts stay as
 * Sutra's reservations made them; the reservations that were waiting for these SKUs' stock to be
 * read are then placed in these levels (stock-reservations.ts).
 */
export async function writeStockLevels(em: EntityManager, userId: string, providerId: string, levels: StockLevel[]): Promise<number> {
  const unique = new Map(levels.map((l) => [`${l.locationId}\u0000${l.sku}`, l]));
  if (!unique.size) return 0;
  const rows = [...unique.values()];
  const locations = new Map(rows.map((l) => [`${providerId}:${l.locationId}`, l.locationName]));
  await lockStock(em, userId, 'exclusive');
  await sql`
    with w as (
      insert into warehouses (id, user_id, code, name, created_at)
      select gen_random_uuid(), ${userId}::uuid, x.code, x.name, now()
      from unnest(${[...locations.keys()]}::text[], ${[...locations.values()]}::text[]) as x(code, name)
      on conflict (user_id, code) do update set name = excluded.name
      returning id, code
    )
    insert into inventory_levels (id, user_id, warehouse_id, sku, on_hand, reserved, fetched_at, updated_at)
    select gen_random_uuid(), ${userId}::uuid, w.id, y.sku, y.on_hand, 0, y.fetched_at, now()
    from unnest(${rows.map((l) => `${providerId}:${l.locationId}`)}::text[], ${rows.map((l) => l.sku)}::text[],
      ${rows.map((l) => l.onHand)}::int[], ${rows.map((l) => l.updatedAt.toISOString())}::timestamptz[]) as y(code, sku, on_hand, fetched_at)
    join w on w.code = y.code
    on conflict (warehouse_id, sku) do update set on_hand = excluded.on_hand, fetched_at = excluded.fetched_at, updated_at = now()
  `.execute(em.getKysely());
  await placeWaitingReservations(em, userId, [...new Set(rows.map((l) => l.sku))]);
  return rows.length;
}
