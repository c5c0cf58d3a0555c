import type { AccountEvent, PushConnector } from '../types.js';
import { normalizeOrder } from './normalize.js';
import { fetchShopifyItemStock, fetchShopifyOrder } from './orders.js';
import {
  bulkOperationFinish,
  customersDataRequest,
  customersRedact,
  restInventoryLevel,
  restOrder,
  restOrderAsGraphql,
  restRefund,
  shopRedact,
} from './webhook-payloads.js';

/** The topics whose body is an order (docs/providers.md §1.2), and refunds/create, whose order is read again. */
export const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled', 'refunds/create'] as const;
export const EVENT_TOPICS = [
  'inventory_levels/update',
  'app/uninstalled',
  'customers/redact',
  'shop/redact',
  'customers/data_request',
  'bulk_operations/finish',
] as const;

/** zod's first complaint, with where it is, for the delivery's failure. */
const refusal = (topic: string, issues: { path: PropertyKey[]; message: string }[]) => ({
  error: `a Shopify ${topic} webhook Sutra cannot read: ${issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ')}`,
});

/**
 * Shopify's webhooks, once the receiver checked their signature (http/shopify-webhooks.ts): each
 * delivery is named by Shopify (X-Shopify-Webhook-Id), so no key is read from the body.
 *
 * refunds/create: the refund's order is read again through Admin GraphQL rather than the refund
 * applied to the stored order. The refund body has the refunded lines and transactions but not
 * the order's current amounts, and working those out here would be a second money rule beside
 * normalize.ts's (current amounts after refunds, tax taken out once). One query per refund.
 */
export const shopifyWebhookIntake: PushConnector = {
  topic: 'orders/updated',
  orderTopics: ORDER_TOPICS,
  eventTopics: EVENT_TOPICS,
  deliveryKey: () => undefined,

  async orders(body, topic, session) {
    if (topic === 'refunds/create') {
      const refund = restRefund.safeParse(body);
      if (!refund.success) return refusal(topic, refund.error.issues);
      const order = await fetchShopifyOrder(await session(), refund.data.order_id);
      // An order deleted since (or beyond the 60 days readable without read_all_orders): nothing to adjust.
      return { orders: order ? [order] : [] };
    }
    const order = restOrder.safeParse(body);
    if (!order.success) return refusal(topic, order.error.issues);
    return { orders: [normalizeOrder(restOrderAsGraphql(order.data))] };
  },

  async event(body, topic, session): Promise<AccountEvent | { error: string }> {
    switch (topic) {
      case 'inventory_levels/update': {
        const level = restInventoryLevel.safeParse(body);
        if (!level.success) return refusal(topic, level.error.issues);
        // The level names its item, not its SKU: the item's levels are read (on hand, as a stock sync reads them).
        return { kind: 'stock', levels: await fetchShopifyItemStock(await session(), level.data.inventory_item_id) };
      }
      case 'app/uninstalled':
        return { kind: 'uninstalled', message: 'Sutra’s app was uninstalled from this shop: reinstall Sutra on it to sync again' };
      case 'customers/redact': {
        const read = customersRedact.safeParse(body);
        if (!read.success) return refusal(topic, read.error.issues);
        return { kind: 'customerRedact', customer: customerName(read.data.customer), orderIds: read.data.orders_to_redact };
      }
      case 'customers/data_request': {
        const read = customersDataRequest.safeParse(body);
        if (!read.success) return refusal(topic, read.error.issues);
        return {
          kind: 'customerDataRequest',
          customer: customerName(read.data.customer),
          requestId: read.data.data_request?.id,
          orderIds: read.data.orders_requested,
        };
      }
      case 'shop/redact': {
        const read = shopRedact.safeParse(body);
        return read.success ? { kind: 'shopRedact' } : refusal(topic, read.error.issues);
      }
      case 'bulk_operations/finish': {
        const read = bulkOperationFinish.safeParse(body);
        if (!read.success) return refusal(topic, read.error.issues);
        return {
          kind: 'bulkOperationFinished',
          operationId: read.data.admin_graphql_api_id,
          status: read.data.status.toUpperCase(),
          errorCode: read.data.error_code ?? undefined,
        };
      }
      default:
        return { error: `Sutra does not act on Shopify's ${topic} webhook` };
    }
  },
};

/** How a privacy request names the customer to the seller: Shopify's customer id (never its email or phone, which Sutra does not keep). */
function customerName(customer: { id?: string | null } | null | undefined): string {
  return customer?.id ? `Shopify customer ${customer.id}` : 'a Shopify customer without an id';
}
