import { sql, type RawBuilder } from 'kysely';
import { OrderStatus } from '../domain/enums.js';

/** The order statuses a seller's courier establishes when its tracked parcel closes (shipment-tracking.ts). */
export type CourierOrderStatus = OrderStatus.DELIVERED | OrderStatus.RTO;

/**
 * The channel's words that still apply over the courier's: those later in the order's life
 * than the courier can see. Anything else a channel says after the courier's word (its own,
 * older idea of "shipped", "delivered", "cancelled") is the channel lagging behind the parcel.
 */
const CHANNEL_LATER_THAN: { readonly [K in CourierOrderStatus]: readonly OrderStatus[] } = {
  // A customer return after the doorstep delivery: the courier's part had ended.
  [OrderStatus.DELIVERED]: [OrderStatus.RETURNED],
  // The parcel came back to the seller undelivered: nothing the channel says later undoes that (nor its RTO cost).
  [OrderStatus.RTO]: [],
};

/** The order row the status is written to, as SQL: its id and its seller's. */
export interface OrderRef {
  id: RawBuilder<unknown>;
  userId: RawBuilder<unknown>;
}

/**
 * The status the order has been carried to by its courier-tracked parcels, as text: RTO when
 * any is on its way back or back, else DELIVERED when any was delivered, else null. One index
 * lookup (shipments by order_id).
 */
const courierStatusOf = (order: OrderRef): RawBuilder<unknown> => sql`(
  select case
    when bool_or(s.status in ('RTO_INITIATED', 'RTO_DELIVERED')) then ${OrderStatus.RTO}::text
    when bool_or(s.status = 'DELIVERED') then ${OrderStatus.DELIVERED}::text
  end
  from shipments s where s.order_id = ${order.id} and s.user_id = ${order.userId} and s.courier_account_id is not null and s.tracked)`;

/**
 * The status to store for the order when the channel's copy says `channel` (an
 * order_status): the courier's (courierStatusOf) unless the channel's word is one still later
 * (CHANNEL_LATER_THAN); the channel's when no courier-tracked parcel of the order has closed.
 */
export function orderStatusOverChannelSql(channel: RawBuilder<unknown>, order: OrderRef): RawBuilder<unknown> {
  const cases = Object.entries(CHANNEL_LATER_THAN).map(
    ([courier, later]) =>
      sql`when ${courier}::text then case when ${channel} = any(${later}::order_status[]) then ${channel} else ${courier}::order_status end`,
  );
  return sql`coalesce(case ${courierStatusOf(order)} ${sql.join(cases, sql` `)} end, ${channel})`;
}
