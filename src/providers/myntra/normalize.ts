import { OrderStatus, PaymentMethod } from '../../domain/enums.js';
import { minus, money, sum } from '../money.js';
import type { CommonOrder } from '../types.js';
import { pushedTime, STATUS_CODES, taxExcluded, type MyntraOrder } from './push-payload.js';

// An unknown code keeps Myntra's own words in rawStatus and counts as a live order, as the
// other channels' normalizers do.
const statusOf = (code: string): OrderStatus => STATUS_CODES[code.toUpperCase()] ?? OrderStatus.CONFIRMED;

/**
 * A pushed Myntra order (the assumed shape of push-payload.ts) in the common shape. Money
 * goes through Myntra's one tax rule (taxExcluded, docs/providers.md §4: UNVERIFIED). Each copy is
 * partial: an update may carry only some lines, and the stored order's status and totals
 * are then computed from all of its lines.
 */
export function normalizeOrder(order: MyntraOrder): CommonOrder {
  const items = order.orderLines.map((l) => ({
    externalLineId: l.orderLineId,
    sku: l.sellerSku,
    title: l.productName ?? l.sellerSku,
    quantity: l.quantity,
    ...taxExcluded(l),
    status: statusOf(l.status),
    rawStatus: l.status,
    shipping: money(l.shippingCharge),
  }));
  const shippingCharged = sum(items.map((i) => i.shipping));
  const tax = sum(items.map((i) => i.tax));
  // Every line is one unit (push-payload.ts), so the lines' unit prices add up to the subtotal.
  const itemSubtotal = sum(items.map((i) => i.unitPrice));
  const discounts = sum(items.map((i) => i.discount));
  return {
    externalId: order.orderId,
    orderNumber: order.orderId,
    status: statusOf(order.status),
    rawStatus: order.status,
    paymentMethod: order.paymentMethod.toUpperCase() === 'COD' ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: order.currency,
    orderedAt: pushedTime(order.createdOn),
    updatedAt: pushedTime(order.lastModifiedOn),
    itemSubtotal,
    discounts,
    shippingCharged,
    tax,
    // What the customer pays: the lines' prices after discount (GST inside) and shipping.
    total: sum([minus(itemSubtotal, discounts), shippingCharged, tax]),
    customer: { city: order.shippingAddress?.city, state: order.shippingAddress?.state, pincode: order.shippingAddress?.pincode },
    items,
    partial: true,
    // Myntra pushes the orders a seller ships itself (PPMP, drop-ship: docs/providers.md §4); UNVERIFIED whether orders of
    // Myntra's own fulfilment (FBM) are pushed at all, or how the push would say so.
    fulfilledBy: 'SELLER',
  };
}
