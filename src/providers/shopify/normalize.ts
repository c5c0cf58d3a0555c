import { OrderStatus, PaymentMethod } from '../../domain/enums.js';
import { minus, money, sum, times } from '../money.js';
import type { CommonOrder } from '../types.js';
import type { ShopifyLineItem, ShopifyOrder } from './payloads.js';

const COD_GATEWAY = /cash on delivery|\bcod\b/i;

/** Shopify's two display statuses and cancellation → OrderStatus (REFERENCE.md §1.12). */
function statusOf(order: ShopifyOrder, cod: boolean): OrderStatus {
  if (order.cancelledAt) return OrderStatus.CANCELLED;
  const financial = order.displayFinancialStatus ?? '';
  if (financial === 'REFUNDED') return OrderStatus.RETURNED;
  if (order.displayFulfillmentStatus === 'FULFILLED' || order.displayFulfillmentStatus === 'PARTIALLY_FULFILLED') return OrderStatus.SHIPPED;
  // A COD order stays "payment pending" until the courier collects; that is a confirmed order.
  if ((financial === 'PENDING' && !cod) || financial === 'EXPIRED') return OrderStatus.PENDING;
  return OrderStatus.CONFIRMED;
}

/**
 * An Admin GraphQL order in the common shape. Shopify's subtotal is after discounts, so the
 * item subtotal before them is subtotal + total discounts; line discounts are the original
 * price × quantity less the discounted total.
 */
export function normalizeOrder(order: ShopifyOrder, lines: ShopifyLineItem[] = order.lineItems.nodes): CommonOrder {
  const cod = order.paymentGatewayNames.some((g) => COD_GATEWAY.test(g));
  const discounts = money(order.totalDiscountsSet?.shopMoney.amount);
  const subtotalAfterDiscounts = order.subtotalPriceSet?.shopMoney.amount ?? sum(lines.map((l) => l.discountedTotalSet.shopMoney.amount));
  return {
    externalId: order.legacyResourceId ?? order.id.split('/').at(-1)!,
    orderNumber: order.name,
    status: statusOf(order, cod),
    rawStatus: `${order.displayFinancialStatus ?? 'NONE'}/${order.displayFulfillmentStatus}${order.cancelledAt ? '/CANCELLED' : ''}`,
    paymentMethod: cod ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: order.currencyCode,
    orderedAt: new Date(order.createdAt),
    updatedAt: new Date(order.updatedAt),
    itemSubtotal: sum([subtotalAfterDiscounts, discounts]),
    discounts,
    shippingCharged: money(order.totalShippingPriceSet.shopMoney.amount),
    tax: money(order.totalTaxSet?.shopMoney.amount),
    total: money(order.totalPriceSet.shopMoney.amount),
    customer: { city: order.shippingAddress?.city ?? undefined, state: order.shippingAddress?.province ?? undefined, pincode: order.shippingAddress?.zip ?? undefined },
    items: lines.map((l) => ({
      externalLineId: l.id.split('/').at(-1)!,
      sku: l.sku || l.id.split('/').at(-1)!,
      title: l.name,
      quantity: l.quantity,
      unitPrice: money(l.originalUnitPriceSet.shopMoney.amount),
      discount: minus(times(l.originalUnitPriceSet.shopMoney.amount, l.quantity), l.discountedTotalSet.shopMoney.amount),
      tax: money(0),
    })),
  };
}
