import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { CustomerDataRequest, Order, ProviderCredential, ShopifyIntegration, type HeldOrder } from '../domain/index.js';
import { lockStock } from './stock-reservations.js';
import type { PageTarget } from './sync/page-target.js';

/*
 * What a shop's privacy requests do to what Sutra holds (Shopify's compliance topics,
 * docs/providers.md §1.2). Of a customer Sutra keeps no name, email or phone: only where their
 * orders went (city, state, pincode on the order) and, until they are erased, the order
 * deliveries as Shopify sent them (webhook_events.payload, which carry the whole REST order).
 * Each runs inside the delivery's page transaction, as the seller.
 */

/** The order webhooks whose stored bodies are the customer's orders as Shopify sent them. */
const ORDER_DELIVERIES = ['orders/create', 'orders/updated', 'orders/cancelled'];

/**
 * customers/redact: the customer's address leaves these orders of the account, and the stored
 * deliveries of those orders are emptied. Nothing else changes: amounts, lines and status stay,
 * and the customer's other shops' orders are other accounts'. Returns how many orders it touched.
 */
export async function redactCustomer(em: EntityManager, target: PageTarget, orderIds: string[]): Promise<number> {
  if (!orderIds.length) return 0;
  const db = em.getKysely();
  const orders = await em.nativeUpdate(
    Order,
    { channelAccount: target.channelAccountId, externalId: { $in: orderIds } },
    { customerCity: null, customerState: null, customerPincode: null, updatedAt: new Date() },
  );
  // A delivery still waiting to be written keeps its body: it is written (and so erased) by this same rule when its turn comes.
  await sql`
    update webhook_events set payload = '{}'::jsonb
    where channel_account_id = ${target.channelAccountId}::uuid and topic = any(${ORDER_DELIVERIES}::text[])
      and status <> 'RECEIVED' and payload->>'id' = any(${orderIds}::text[])`.execute(db);
  return orders;
}

/**
 * shop/redact (48 hours after the app was uninstalled): everything Sutra holds of the account:
 * its orders with their lines, parcels and stock reservations (released first, so the seller's
 * levels count only what other orders hold), its stored deliveries' bodies, its privacy
 * requests, its credential and its Shopify installation. The account row stays, disconnected,
 * so its sync history still reads. Stock levels are the seller's, not the shop's (warehouses are
 * per seller), and stay.
 */
export async function eraseAccount(em: EntityManager, target: PageTarget): Promise<number> {
  const db = em.getKysely();
  const account = target.channelAccountId;
  await lockStock(em, target.userId, 'shared');
  await sql`
    with released as (
      update inventory_reservations r set released_at = now()
      from order_items i join orders o on o.id = i.order_id
      where r.order_item_id = i.id and o.channel_account_id = ${account}::uuid and r.released_at is null
      returning r.warehouse_id, r.sku, r.quantity
    ), delta as (
      select warehouse_id, sku, sum(quantity)::int as q from released where warehouse_id is not null group by warehouse_id, sku
    ), locked as (
      select l.id, d.q from inventory_levels l join delta d using (warehouse_id, sku) order by l.warehouse_id, l.sku for update of l
    )
    update inventory_levels l set reserved = l.reserved - k.q, updated_at = now() from locked k where l.id = k.id`.execute(db);
  await sql`delete from shipments where order_id in (select id from orders where channel_account_id = ${account}::uuid)`.execute(db);
  const orders = await sql`delete from orders where channel_account_id = ${account}::uuid`.execute(db);
  await sql`update webhook_events set payload = '{}'::jsonb where channel_account_id = ${account}::uuid`.execute(db);
  await em.nativeDelete(CustomerDataRequest, { channelAccount: account });
  await em.nativeDelete(ShopifyIntegration, { channelAccount: account });
  await em.nativeDelete(ProviderCredential, { channelAccount: account });
  await sql`
    update channel_accounts set connected = false, disconnected_at = coalesce(disconnected_at, now()), sync_cursor = null, updated_at = now()
    where id = ${account}::uuid`.execute(db);
  return Number(orders.numAffectedRows ?? 0);
}

/**
 * customers/data_request: what Sutra holds of the customer's orders named in the request,
 * recorded for the seller to read (customerDataRequests) and send on.
 */
export async function recordDataRequest(
  em: EntityManager,
  target: PageTarget,
  request: { customer: string; requestId?: string; orderIds: string[] },
): Promise<HeldOrder[]> {
  const orders = await em.find(
    Order,
    { channelAccount: target.channelAccountId, externalId: { $in: request.orderIds } },
    { populate: ['items'], orderBy: { orderedAt: 'asc', items: { externalLineId: 'asc' } } },
  );
  const held: HeldOrder[] = orders.map((o) => ({
    externalId: o.externalId,
    orderNumber: o.orderNumber ?? undefined,
    orderedAt: o.orderedAt.toISOString(),
    status: o.status,
    currency: o.currency,
    total: o.total ?? undefined,
    city: o.customerCity ?? undefined,
    state: o.customerState ?? undefined,
    pincode: o.customerPincode ?? undefined,
    items: o.items.getItems().map(({ sku, title, quantity }) => ({ sku, title, quantity })),
  }));
  em.create(CustomerDataRequest, {
    user: target.userId,
    channelAccount: target.channelAccountId,
    customer: request.customer,
    requestId: request.requestId,
    ordersRequested: request.orderIds,
    held,
  });
  await em.flush();
  return held;
}
