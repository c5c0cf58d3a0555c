import { Migration } from '@mikro-orm/migrations';

/**
 * Stock is reserved only where the seller holds it. Orders reserved every line that was not
 * cancelled in a "default warehouse" whose stock was never read, under a level claiming 0 on
 * hand: the inventory showed 0 on hand, the lines of months of orders reserved, and a negative
 * available. Now:
 * - a level's on-hand is null until read from its source (never 0 by default);
 * - a line holds stock only while it waits to ship (PENDING, CONFIRMED, PACKED): the stock a
 *   channel reports drops when goods leave, so the reservations of lines that shipped, came back
 *   or were cancelled are released;
 * - an open reservation is counted in the seller's read level of its SKU with the most units free,
 *   or, while none was read, waits with no warehouse;
 * - every level's reserved count is the sum of its open reservations;
 * - the never-read levels, which now hold nothing, and the default warehouses go.
 * Whether a line is shipped by the channel (Amazon FBA, Flipkart FBF) was never stored, so those
 * reservations cannot be told apart here: a line still waiting to ship stays reserved until its
 * order is synced again (its next change, or `syncProvider` with `since`), which releases it.
 */
export class Migration20261207100000 extends Migration {
  override name = 'Migration20261207100000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "inventory_levels" alter column "on_hand" drop default, alter column "on_hand" drop not null;`);
    this.addSql(`update inventory_levels set on_hand = null where fetched_at is null;`);

    this.addSql(`alter table "inventory_reservations" alter column "warehouse_id" drop not null;`);
    this.addSql(`alter table "inventory_reservations" drop constraint "inventory_reservations_warehouse_id_foreign";`);
    this.addSql(`
      alter table "inventory_reservations" add constraint "inventory_reservations_warehouse_id_foreign"
        foreign key ("warehouse_id") references "warehouses" ("id") on delete set null;`);
    this.addSql(`
      create index "inventory_reservations_unplaced_index" on "inventory_reservations" ("user_id", "sku")
        where "warehouse_id" is null and "released_at" is null;`);

    this.addSql(`
      update inventory_reservations r set released_at = now()
      from order_items i join orders o on o.id = i.order_id
      where r.order_item_id = i.id and r.released_at is null
        and coalesce(i.status, o.status) not in ('PENDING', 'CONFIRMED', 'PACKED');`);
    this.addSql(`
      update inventory_reservations r set warehouse_id = (
        select l.warehouse_id from inventory_levels l join warehouses w on w.id = l.warehouse_id
        where l.user_id = r.user_id and l.sku = r.sku and l.on_hand is not null
        order by l.on_hand - coalesce((select sum(x.quantity) from inventory_reservations x
                                       where x.warehouse_id = l.warehouse_id and x.sku = l.sku and x.released_at is null), 0) desc, w.code
        limit 1)
      where r.released_at is null
        and not exists (select 1 from inventory_levels l where l.warehouse_id = r.warehouse_id and l.sku = r.sku and l.on_hand is not null);`);
    this.addSql(`
      with held as (
        select warehouse_id, sku, sum(quantity)::int as units from inventory_reservations
        where released_at is null and warehouse_id is not null group by warehouse_id, sku
      )
      update inventory_levels l set reserved = coalesce(h.units, 0), updated_at = now()
      from inventory_levels k left join held h on h.warehouse_id = k.warehouse_id and h.sku = k.sku
      where k.id = l.id and l.reserved <> coalesce(h.units, 0);`);

    this.addSql(`delete from inventory_levels where on_hand is null;`);
    this.addSql(`delete from warehouses w where w.is_default and not exists (select 1 from inventory_levels l where l.warehouse_id = w.id);`);
    this.addSql(`alter table "warehouses" drop column "is_default";`);
  }

  override down(): void | Promise<void> {
    // Released reservations stay released: a line that shipped holds no stock whichever way.
    this.addSql(`alter table "warehouses" add column "is_default" boolean not null default false;`);
    this.addSql(`
      insert into warehouses (id, user_id, code, name, is_default, created_at)
      select gen_random_uuid(), r.user_id, 'default', 'Default warehouse', true, now()
      from (select distinct user_id from inventory_reservations where warehouse_id is null) r
      on conflict (user_id, code) do update set is_default = true;`);
    this.addSql(`
      update inventory_reservations r set warehouse_id = w.id
      from warehouses w where w.user_id = r.user_id and w.code = 'default' and r.warehouse_id is null;`);
    this.addSql(`
      insert into inventory_levels (id, user_id, warehouse_id, sku, on_hand, reserved, updated_at)
      select gen_random_uuid(), r.user_id, r.warehouse_id, r.sku, 0, sum(r.quantity)::int, now()
      from inventory_reservations r join warehouses w on w.id = r.warehouse_id and w.code = 'default'
      where r.released_at is null
      group by r.user_id, r.warehouse_id, r.sku
      on conflict (warehouse_id, sku) do update set reserved = excluded.reserved;`);
    this.addSql(`drop index "inventory_reservations_unplaced_index";`);
    this.addSql(`alter table "inventory_reservations" drop constraint "inventory_reservations_warehouse_id_foreign";`);
    this.addSql(`
      alter table "inventory_reservations" add constraint "inventory_reservations_warehouse_id_foreign"
        foreign key ("warehouse_id") references "warehouses" ("id") on delete cascade;`);
    this.addSql(`alter table "inventory_reservations" alter column "warehouse_id" set not null;`);
    this.addSql(`update inventory_levels set on_hand = 0 where on_hand is null;`);
    this.addSql(`alter table "inventory_levels" alter column "on_hand" set default 0, alter column "on_hand" set not null;`);
  }
}
