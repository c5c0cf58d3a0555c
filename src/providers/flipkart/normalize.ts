import { OrderStatus, PaymentMethod } from '../../domain/enums.js';
import { money, perUnit, sum } from '../money.js';
import type { CommonOrder } from '../types.js';
import type { FlipkartAddress, FlipkartShipment } from './payloads.js';

/** Flipkart order item states (REFERENCE.md §3.3) → OrderStatus. */
const STATUS: Record<string, OrderStatus> = {
  APPROVED: OrderStatus.CONFIRMED,
  PACKING_IN_PROGRESS: OrderStatus.CONFIRMED,
  FORM_FAILED: OrderStatus.CONFIRMED,
  PACKED: OrderStatus.PACKED,
  READY_TO_DISPATCH: OrderStatus.PACKED,
  PICKUP_COMPLETE: OrderStatus.SHIPPED,
  SHIPPED: OrderStatus.SHIPPED,
  DELIVERED: OrderStatus.DELIVERED,
  COMPLETED: OrderStatus.DELIVERED,
  RETURN_REQUESTED: OrderStatus.DELIVERED,
  RETURNED: OrderStatus.RETURNED,
  CANCELLED: OrderStatus.CANCELLED,
};

/**
 * A Flipkart shipment is the unit Flipkart fulfils, so it is the order here (externalId =
 * shipmentId, orderNumber = Flipkart's order id). sellingPrice is the line's price to the
 * customer before Flipkart's own discount; prices include GST, which Flipkart does not split.
 */
export function normalizeShipment(shipment: FlipkartShipment, address?: FlipkartAddress | null): CommonOrder {
  const items = shipment.orderItems;
  const live = items.filter((i) => i.status !== 'CANCELLED');
  const statusOf = (live[0] ?? items[0]!).status;
  const itemSubtotal = sum(items.map((i) => i.priceComponents.sellingPrice));
  const shippingCharged = sum(items.map((i) => i.priceComponents.shippingCharge));
  const orderDates = items.map((i) => i.orderDate).sort();
  return {
    externalId: shipment.shipmentId,
    orderNumber: items[0]!.orderId,
    status: STATUS[statusOf] ?? OrderStatus.CONFIRMED,
    rawStatus: [...new Set(items.map((i) => i.status))].join(','),
    paymentMethod: items[0]!.paymentType.toUpperCase() === 'COD' ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: 'INR',
    orderedAt: new Date(orderDates[0]!),
    updatedAt: new Date(shipment.updatedAt ?? orderDates.at(-1)!),
    itemSubtotal,
    discounts: '0.00',
    shippingCharged,
    tax: '0.00',
    total: sum(items.map((i) => i.priceComponents.totalPrice ?? i.priceComponents.sellingPrice + (i.priceComponents.shippingCharge ?? 0))),
    customer: { city: address?.city, state: address?.state, pincode: address?.pinCode === undefined ? undefined : String(address.pinCode) },
    items: items.map((i) => ({
      externalLineId: i.orderItemId,
      sku: i.sku ?? i.fsn ?? i.orderItemId,
      title: i.title ?? i.sku ?? '',
      quantity: i.quantity,
      unitPrice: perUnit(i.priceComponents.sellingPrice, i.quantity),
      discount: money(0),
      tax: money(0),
    })),
  };
}
