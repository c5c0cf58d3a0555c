import { Migration } from '@mikro-orm/migrations';
import { sql } from 'kysely';
import { assembleFromLines } from '../../services/order-assembly.js';

/**
 * Flipkart orders were stored one row per shipment (external id = shipmentId, order
 * number = Flipkart's orderId). They become one row per Flipkart order, keyed by its
 * orderId: each old row becomes a Shipment of the order, its lines move onto the order
 * (keeping their reservations), and the order's status and totals are computed from all
 * of its lines by the same rule a sync uses (order-assembly.ts).
 */
export class Migration20261125091000 extends Migration {
  override name = 'Migration20261125091000';

  override async up(): Promise<void> {
    const shipmentKeyed = `provider_id = 'flipkart' and order_number is not null and external_id <> order_number`;
    // Each line keeps the state of the shipment it came with; the shipment's shipping
    // charge rides on its first line.
    await this.execute(`
      update order_items i set status = o.status, raw_status = o.raw_status, source_updated_at = o.source_updated_at,
        shipping = case when i.external_line_id = (select min(external_line_id) from order_items x where x.order_id = o.id) then o.shipping_charged else 0 end
      from orders o where i.order_id = o.id and o.${shipmentKeyed}`);
    await this.execute(`
      insert into shipments (id, user_id, order_id, provider_id, external_id, status, raw_status, currency, created_at, updated_at)
      select gen_random_uuid(), user_id, id, 'flipkart', external_id,
        (case status when 'SHIPPED' then 'IN_TRANSIT' when 'DELIVERED' then 'DELIVERED' when 'RETURNED' then 'DELIVERED'
          when 'CANCELLED' then 'CANCELLED' when 'RTO' then 'RTO_DELIVERED' else 'CREATED' end)::shipment_status,
        raw_status, currency, now(), now()
      from orders where ${shipmentKeyed}
      on conflict do nothing`);
    // One row per Flipkart order survives (its earliest); the others' lines and shipments move onto it.
    await this.execute(`
      create temporary table flipkart_keep as
      select id, first_value(id) over (partition by channel_account_id, order_number order by ordered_at, id) as keep
      from orders where ${shipmentKeyed}`);
    await this.execute(`update order_items i set order_id = k.keep from flipkart_keep k where i.order_id = k.id and k.id <> k.keep`);
    await this.execute(`update shipments s set order_id = k.keep from flipkart_keep k where s.order_id = k.id and k.id <> k.keep`);
    await this.execute(`
      update orders o set ordered_at = m.ordered_at, source_updated_at = m.updated
      from (select k.keep, min(o2.ordered_at) as ordered_at, max(o2.source_updated_at) as updated
            from flipkart_keep k join orders o2 on o2.id = k.id group by k.keep) m
      where o.id = m.keep`);
    await this.execute(`delete from orders o using flipkart_keep k where o.id = k.id and k.id <> k.keep`);
    await this.execute(`update orders o set external_id = o.order_number from flipkart_keep k where o.id = k.keep`);
    const assemble = assembleFromLines(sql`array(select keep from flipkart_keep)`).compile(this.getEntityManager().getKysely());
    await this.execute(assemble.sql, [...assemble.parameters]);
    await this.execute('drop table flipkart_keep');
  }
}
