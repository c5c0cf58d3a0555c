import { OrderStatus, PaymentMethod } from '../../domain/enums.js';
import { money, sum, times } from '../money.js';
import type { CommonOrder } from '../types.js';
import { STATUS_CODES, type MyntraOrder } from './assumed-api.js';

/** A Myntra order (assumed shape, see assumed-api.ts) in the common shape. */
export function normalizeOrder(order: MyntraOrder): CommonOrder {
  const status = STATUS_CODES[order.status as keyof typeof STATUS_CODES];
  const lines = order.orderLines;
  return {
    externalId: order.orderId,
    orderNumber: order.orderId,
    status: status ? OrderStatus[status] : OrderStatus.CONFIRMED,
    rawStatus: order.status,
    paymentMethod: order.paymentMethod.toUpperCase() === 'COD' ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: order.currency,
    orderedAt: new Date(order.createdOn),
    updatedAt: new Date(order.lastModifiedOn),
    itemSubtotal: sum(lines.map((l) => times(l.unitPrice, l.quantity))),
    discounts: sum(lines.map((l) => l.discount)),
    shippingCharged: money(order.shippingCharge),
    tax: sum(lines.map((l) => l.taxAmount)),
    total: money(order.totalAmount),
    customer: {
      city: order.shippingAddress?.city,
      state: order.shippingAddress?.state,
      pincode: order.shippingAddress?.pincode === undefined ? undefined : String(order.shippingAddress.pincode),
    },
    items: lines.map((l) => ({
      externalLineId: l.orderLineId,
      sku: l.sellerSku,
      title: l.productName ?? l.sellerSku,
      quantity: l.quantity,
      unitPrice: money(l.unitPrice),
      discount: money(l.discount),
      tax: money(l.taxAmount),
    })),
  };
}
