import { OrderStatus, PaymentMethod } from '../../domain/enums.js';
import { minus, money, perUnit, sum } from '../money.js';
import type { CommonOrder } from '../types.js';
import type { AmazonOrder, AmazonOrderItem } from './payloads.js';

/** SP-API OrderStatus → OrderStatus (REFERENCE.md §2.2). */
const STATUS: Record<string, OrderStatus> = {
  Pending: OrderStatus.PENDING,
  PendingAvailability: OrderStatus.PENDING,
  Unshipped: OrderStatus.CONFIRMED,
  PartiallyShipped: OrderStatus.SHIPPED,
  Shipped: OrderStatus.SHIPPED,
  InvoiceUnconfirmed: OrderStatus.SHIPPED,
  Canceled: OrderStatus.CANCELLED,
  Unfulfillable: OrderStatus.CANCELLED,
};

/**
 * An SP-API order and its items in the common shape. ItemPrice is the line total
 * (price × quantity); pending orders carry no pricing yet, so their amounts are zero.
 */
export function normalizeOrder(order: AmazonOrder, items: AmazonOrderItem[]): CommonOrder {
  const amount = (m?: { Amount: string }) => money(m?.Amount);
  const itemSubtotal = sum(items.map((i) => i.ItemPrice?.Amount));
  const discounts = sum(items.flatMap((i) => [i.PromotionDiscount?.Amount, i.ShippingDiscount?.Amount]));
  const shippingCharged = sum(items.map((i) => i.ShippingPrice?.Amount));
  const tax = sum(items.flatMap((i) => [i.ItemTax?.Amount, i.ShippingTax?.Amount]));
  const computedTotal = minus(sum([itemSubtotal, shippingCharged, tax]), discounts);
  return {
    externalId: order.AmazonOrderId,
    orderNumber: order.AmazonOrderId,
    status: STATUS[order.OrderStatus] ?? OrderStatus.PENDING,
    rawStatus: order.OrderStatus,
    paymentMethod: order.PaymentMethod === 'COD' ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: order.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ?? 'INR',
    orderedAt: new Date(order.PurchaseDate),
    updatedAt: new Date(order.LastUpdateDate),
    itemSubtotal,
    discounts,
    shippingCharged,
    tax,
    total: order.OrderTotal ? amount(order.OrderTotal) : computedTotal,
    customer: { city: order.ShippingAddress?.City, state: order.ShippingAddress?.StateOrRegion, pincode: order.ShippingAddress?.PostalCode },
    items: items.map((i) => ({
      externalLineId: i.OrderItemId,
      sku: i.SellerSKU ?? i.ASIN ?? i.OrderItemId,
      title: i.Title ?? i.SellerSKU ?? '',
      quantity: i.QuantityOrdered,
      unitPrice: perUnit(i.ItemPrice?.Amount, i.QuantityOrdered),
      discount: amount(i.PromotionDiscount),
      tax: amount(i.ItemTax),
    })),
  };
}
