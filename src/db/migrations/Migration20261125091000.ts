import { Migration } from '@mikro-orm/migrations';

/**
 * The kept orders' status and totals from all of their lines. Counted lines: those still with
 * the buyer; when none is, those that came back; when every line was cancelled, all of them.
 * Status: all cancelled → CANCELLED; none live → RETURNED if any was returned, else RTO;
 * otherwise the least advanced state of the live lines. A counted line's unknown amount
 * leaves the order's unknown.
 */
const STAGES = `array['PENDING','CONFIRMED','PACKED','SHIPPED','DELIVERED']`;
const COUNTED = `case
      when f.all_cancelled then true
      when f.none_live then i.status <> 'CANCELLED'
      else i.status not in ('CANCELLED', 'RETURNED', 'RTO') end`;
const counted = (expr: string) => `case when bool_or(${expr} is null) filter (where ${COUNTED}) then null
      else coalesce(sum(${expr}) filter (where ${COUNTED}), 0) end`;
const ASSEMBLE_KEPT_ORDERS = `
  with stored_lines as (
    select k.id as order_key, i.status, i.raw_status, i.unit_price, i.quantity, i.discount, i.shipping, i.tax
    from (select distinct keep as id from flipkart_keep) k
    cross join lateral (select * from order_items where order_id = k.id offset 0) i
  )
  update orders o set
    status = l.status::order_status, raw_status = l.raw_status,
    item_subtotal = l.item_subtotal, discounts = l.discounts, shipping_charged = l.shipping, tax = l.tax,
    total = l.item_subtotal - l.discounts + l.shipping + l.tax, updated_at = now()
  from (
    select f.order_key, f.raw_status,
      case
        when f.all_cancelled then 'CANCELLED'
        when f.none_live and f.any_returned then 'RETURNED'
        when f.none_live then 'RTO'
        else (${STAGES})[f.least_stage]
      end as status,
      ${counted('i.unit_price * i.quantity')} as item_subtotal,
      ${counted('i.discount')} as discounts,
      ${counted('i.shipping')} as shipping,
      ${counted('i.tax')} as tax
    from (
      select order_key,
        string_agg(distinct raw_status, ',' order by raw_status) as raw_status,
        bool_and(status = 'CANCELLED') as all_cancelled,
        bool_and(status in ('CANCELLED', 'RETURNED', 'RTO')) as none_live,
        bool_or(status = 'RETURNED') as any_returned,
        min(array_position(${STAGES}, status::text)) filter (where status not in ('CANCELLED', 'RETURNED', 'RTO')) as least_stage
      from stored_lines group by order_key
    ) f
    join stored_lines i on i.order_key = f.order_key
    group by f.order_key, f.raw_status, f.all_cancelled, f.none_live, f.any_returned, f.least_stage
  ) l
  where o.id = l.order_key`;

/**
 * Flipkart orders were stored one row per shipment (external id = shipmentId, order
 * number = Flipkart's orderId). They become one row per Flipkart order, keyed by its
 * orderId: each old row becomes a Shipment of the order, its lines move onto the order
 * (keeping their reservations), and the order's status and totals are computed from all
 * of its lines by the rule a sync used then (order-assembly.ts), written out here
 * (ASSEMBLE_KEPT_ORDERS) so that a later change to the service cannot change this migration.
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
    await this.execute(ASSEMBLE_KEPT_ORDERS);
    await this.execute('drop table flipkart_keep');
  }
}
