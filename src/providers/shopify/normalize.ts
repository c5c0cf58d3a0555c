import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../domain/enums.js';
import { balancingDiscount, minus, money, portion, sum, times, withoutTax } from '../money.js';
import type { CommonOrder, CommonShipment } from '../types.js';
import type { ShopifyFulfillment, ShopifyLineItem, ShopifyOrder, ShopifyTransaction } from './payloads.js';

const COD_GATEWAY = /cash on delivery|\bcod\b/i;
const amountOf = (set: { shopMoney: { amount: string } } | null | undefined) => set?.shopMoney.amount ?? '0';
const idOf = (gid: string) => gid.split('/').at(-1)!;

/**
 * Shopify's prices → the common shape: the one money rule (docs/providers.md §1.7 "Money semantics",
 * Admin GraphQL field descriptions, corrected 2026-11-25).
 *
 * - Amounts are the CURRENT ones, after refunds, returns, edits and cancellations:
 *   currentSubtotalPriceSet (line items after every discount, order-level ones included),
 *   currentShippingPriceSet (after shipping discounts and refunds), currentTotalTaxSet,
 *   currentTotalPriceSet, and each line's currentQuantity. `totalPriceSet` is what was first
 *   ordered, not what the buyer pays now.
 * - `taxesIncluded` true (usual for Indian shops, where the MRP includes GST): the subtotal,
 *   the shipping and every line price include their tax, so tax is taken out, never added:
 *     shipping tax   = the shipping line's taxes, for the shipping still charged
 *     shippingCharged = currentShipping − shipping tax
 *     items net      = currentSubtotal − (currentTotalTax − shipping tax)
 *   `taxesIncluded` false: the subtotal and shipping are already tax-exclusive.
 * - tax = currentTotalTax; total = currentTotalPrice (what the buyer pays now, tax included).
 * - discounts = the lines' discounts (below); itemSubtotal = items net + discounts.
 * So revenue (itemSubtotal − discounts + shippingCharged) = currentTotal − currentTotalTax.
 *
 * A line: quantity = currentQuantity (a fully refunded line stays, with 0, so stock reservations
 * follow it). discountAllocations and taxLines cover every unit ordered, so the kept units'
 * share is taken (× currentQuantity ÷ quantity). Its discount is the sum of its allocations,
 * its share of order-level discounts included. With taxesIncluded the unit price is the
 * original one ÷ (1 + the sum of the line's tax rates), and the discount is what makes
 * unit × quantity − discount equal the line's tax-exclusive net, so each line adds up exactly.
 *
 * UNVERIFIED: that currentTotalTaxSet counts shipping taxes as REST's current_total_tax does
 * (its description, shopify.dev admin-graphql latest Order, still says "The sum of the prices of
 * all tax lines applied to line items on the order, after returns and refunds"; nothing public
 * says whether the shipping line's taxes are in it); that a partly refunded shipping
 * keeps its tax in proportion; that allocations and tax lines are refunded pro rata per unit.
 * Duties, additional fees and tips are not modelled (Indian domestic orders carry none).
 */
function moneyOf(order: ShopifyOrder, lines: ShopifyLineItem[]) {
  const included = order.taxesIncluded;
  const items = lines.map((l) => lineMoney(l, included));
  const shipping = amountOf(order.currentShippingPriceSet);
  const shippingTax =
    included && order.shippingLine
      ? portion(sum(order.shippingLine.taxLines.map((t) => amountOf(t.priceSet))), shipping, amountOf(order.shippingLine.discountedPriceSet))
      : money(0);
  const tax = money(amountOf(order.currentTotalTaxSet));
  const itemsNet = included ? minus(amountOf(order.currentSubtotalPriceSet), minus(tax, shippingTax)) : money(amountOf(order.currentSubtotalPriceSet));
  const discounts = sum(items.map((i) => i.discount));
  return {
    itemSubtotal: sum([itemsNet, discounts]),
    discounts,
    shippingCharged: minus(shipping, shippingTax),
    tax,
    total: money(amountOf(order.currentTotalPriceSet)),
    items,
  };
}

function lineMoney(l: ShopifyLineItem, taxesIncluded: boolean): { quantity: number; unitPrice: string; discount: string; tax: string } {
  const kept = (full: string) => (l.quantity > 0 ? portion(full, l.currentQuantity, l.quantity) : money(full));
  const unit = amountOf(l.originalUnitPriceSet);
  const discount = kept(sum(l.discountAllocations.map((a) => amountOf(a.allocatedAmountSet))));
  const tax = kept(sum(l.taxLines.map((t) => amountOf(t.priceSet))));
  if (!taxesIncluded) return { quantity: l.currentQuantity, unitPrice: money(unit), discount, tax };
  // UNVERIFIED: a tax line without a rate (old orders) counts as 0 %, leaving that tax in the unit price.
  // TaxLine.rate is a nullable Float (shopify.dev admin-graphql TaxLine); when it is null is not documented.
  const unitPrice = withoutTax(
    unit,
    l.taxLines.map((t) => t.rate ?? 0),
  );
  const net = minus(minus(times(unit, l.currentQuantity), discount), tax);
  return { quantity: l.currentQuantity, unitPrice, discount: balancingDiscount(unitPrice, l.currentQuantity, net), tax };
}

/**
 * Shopify's words → OrderStatus (docs/providers.md §1.7, §1.12). Money going back is not goods coming
 * back: REFUNDED and PARTIALLY_REFUNDED (displayFinancialStatus) only say a refund was paid.
 * - cancelledAt set → CANCELLED.
 * - Goods came back (returnStatus RETURNED or INSPECTION_COMPLETE, or a refund line restocked as
 *   RETURN, or LEGACY_RESTOCK on a fulfilled order) and the buyer keeps no unit (every
 *   currentQuantity 0) → RETURNED. A partial return keeps the order's own status; its amounts
 *   are the current ones.
 * - Otherwise the fulfilment decides, whatever was refunded (a goodwill refund on a delivered
 *   order stays DELIVERED; a refund on an unfulfilled order that was not cancelled stays
 *   CONFIRMED): FULFILLED with every live fulfilment delivered → DELIVERED; FULFILLED or
 *   PARTIALLY_FULFILLED → SHIPPED; an unpaid prepaid or expired order → PENDING (a COD order
 *   stays "payment pending" until the courier collects, and that is a confirmed order);
 *   else CONFIRMED.
 */
/** Parcels going back to the seller undelivered. */
const RETURNING = new Set<ShipmentStatus>([ShipmentStatus.RTO_INITIATED, ShipmentStatus.RTO_DELIVERED]);

function statusOf(order: ShopifyOrder, lines: ShopifyLineItem[], cod: boolean): OrderStatus {
  if (order.cancelledAt) return OrderStatus.CANCELLED;
  const fulfilled = order.displayFulfillmentStatus === 'FULFILLED' || order.displayFulfillmentStatus === 'PARTIALLY_FULFILLED';
  const restocks = order.refunds.flatMap((r) => r.refundLineItems.nodes.map((n) => n.restockType));
  const goodsBack =
    order.returnStatus === 'RETURNED' ||
    order.returnStatus === 'INSPECTION_COMPLETE' ||
    restocks.includes('RETURN') ||
    (fulfilled && restocks.includes('LEGACY_RESTOCK'));
  if (goodsBack && lines.every((l) => l.currentQuantity === 0)) return OrderStatus.RETURNED;
  if (fulfilled) {
    const live = order.fulfillments.filter((f) => shipmentStatus(f) !== ShipmentStatus.CANCELLED);
    const delivered = order.displayFulfillmentStatus === 'FULFILLED' && live.length > 0 && live.every((f) => shipmentStatus(f) === ShipmentStatus.DELIVERED);
    if (delivered) return OrderStatus.DELIVERED;
    const returning = live.length > 0 && live.every((f) => RETURNING.has(shipmentStatus(f)));
    return returning ? OrderStatus.RTO : OrderStatus.SHIPPED;
  }
  const financial = order.displayFinancialStatus ?? '';
  if ((financial === 'PENDING' && !cod) || financial === 'EXPIRED') return OrderStatus.PENDING;
  return OrderStatus.CONFIRMED;
}

/**
 * FulfillmentDisplayStatus (Admin GraphQL enum, 2026-10: shopify.dev admin-graphql latest
 * enums/FulfillmentDisplayStatus, the values below) → ShipmentStatus. FAILURE is a fulfilment that
 * never left: "The fulfillment request failed." (shopify.dev FulfillmentStatus and
 * FulfillmentEventStatus). UNVERIFIED: NOT_DELIVERED read as a parcel going back to the seller (the
 * enum says only "Displayed as Not delivered", and no fulfilment event has that status).
 */
function shipmentStatus(f: ShopifyFulfillment): ShipmentStatus {
  switch (f.displayStatus) {
    case 'CANCELED':
    case 'LABEL_VOIDED':
    case 'FAILURE':
      return ShipmentStatus.CANCELLED;
    case 'CARRIER_PICKED_UP':
      return ShipmentStatus.PICKED_UP;
    case 'IN_TRANSIT':
    case 'ATTEMPTED_DELIVERY':
    case 'DELAYED':
      return ShipmentStatus.IN_TRANSIT;
    case 'OUT_FOR_DELIVERY':
      return ShipmentStatus.OUT_FOR_DELIVERY;
    case 'DELIVERED':
    case 'PICKED_UP':
      return ShipmentStatus.DELIVERED;
    case 'NOT_DELIVERED':
      return ShipmentStatus.RTO_INITIATED;
    default:
      return ShipmentStatus.CREATED;
  }
}

/** A fulfilment is a parcel: its first tracking number and courier (docs/providers.md §1.7 `trackingInfo`). */
function shipmentOf(f: ShopifyFulfillment): CommonShipment {
  const tracking = f.trackingInfo[0];
  return {
    externalId: idOf(f.id),
    trackingNumber: tracking?.number ?? undefined,
    carrier: tracking?.company ?? undefined,
    status: shipmentStatus(f),
    rawStatus: f.displayStatus ?? undefined,
  };
}

const TOOK_MONEY = new Set(['SALE', 'CAPTURE']);
const tookMoney = (t: ShopifyTransaction) => TOOK_MONEY.has(t.kind) && t.status === 'SUCCESS';

/**
 * The gateway of a prepaid payment and the fees the channel's transactions report
 * (docs/providers.md §1.7 "Payment gateway and fees"):
 * - paymentGateway: the gateway of the successful SALE or CAPTURE, else the first of
 *   paymentGatewayNames that is not cash on delivery (a webhook's REST order has no transactions);
 *   none for a COD order (the courier collects: no gateway takes a fee);
 * - paymentFees: Σ (fee + tax on the fee) over the transactions' fees, when any transaction reports
 *   fees (only Shopify Payments does; Razorpay, PayU, Cashfree … report none); absent otherwise, so
 *   the profit engine estimates them. A refund's transaction carries no fee back: Shopify Payments
 *   keeps its fee on refunds (UNVERIFIED for India, where Shopify Payments is not offered).
 *   UNVERIFIED: that `amount` excludes `taxAmount` (the reference says "Amount of the fee" and
 *   "Tax amount charged on the fee"; no sample with a non-zero tax was found).
 */
function paymentOf(order: ShopifyOrder, cod: boolean): { paymentGateway?: string; paymentFees?: string } {
  const transactions = order.transactions ?? [];
  const fees = transactions.flatMap((t) => t.fees);
  const paymentFees = fees.length ? sum(fees.flatMap((f) => [f.amount.amount, f.taxAmount?.amount])) : undefined;
  if (cod) return paymentFees ? { paymentFees } : {};
  const gateway =
    transactions.find((t) => tookMoney(t) && t.gateway && !COD_GATEWAY.test(t.gateway))?.gateway ?? order.paymentGatewayNames.find((g) => !COD_GATEWAY.test(g));
  return { ...(gateway ? { paymentGateway: gateway } : {}), ...(paymentFees ? { paymentFees } : {}) };
}

/** An Admin GraphQL order in the common shape; `lines` are all of its lines when it has more than one page. */
export function normalizeOrder(order: ShopifyOrder, lines: ShopifyLineItem[] = order.lineItems.nodes): CommonOrder {
  const cod = order.paymentGatewayNames.some((g) => COD_GATEWAY.test(g));
  const { items, ...totals } = moneyOf(order, lines);
  const returns = order.returnStatus && order.returnStatus !== 'NO_RETURN' ? `/${order.returnStatus}` : '';
  const address = order.shippingAddress;
  return {
    externalId: order.legacyResourceId ?? idOf(order.id),
    orderNumber: order.name,
    status: statusOf(order, lines, cod),
    rawStatus: `${order.displayFinancialStatus ?? 'NONE'}/${order.displayFulfillmentStatus}${returns}${order.cancelledAt ? '/CANCELLED' : ''}`,
    paymentMethod: cod ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: order.currencyCode,
    orderedAt: new Date(order.createdAt),
    updatedAt: new Date(order.updatedAt),
    ...totals,
    ...paymentOf(order, cod),
    // A withheld address (protected customer data) is missing data: the order is kept without it.
    customer: { city: address?.city ?? undefined, state: address?.province ?? undefined, pincode: address?.zip ?? undefined },
    items: lines.map((l, k) => ({ externalLineId: idOf(l.id), sku: l.sku || idOf(l.id), title: l.name, ...items[k]! })),
    ...(order.fulfillments.length ? { shipments: order.fulfillments.map(shipmentOf) } : {}),
    // The shop is the seller's own: whoever packs (the seller, or a fulfilment service it hires), the stock is the seller's.
    fulfilledBy: 'SELLER',
  };
}
