import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../domain/enums.js';
import { minus, money, splitLine, sum } from '../money.js';
import type { CommonOrder, CommonShipment, FulfilledBy, MaybeMoney } from '../types.js';
import type { AmazonOrder, AmazonOrderItem, AmazonPackage } from './payloads.js';

/**
 * `fulfillment.fulfillmentStatus` → OrderStatus: every value of the model's `FulfillmentStatus`
 * enum (orders_2026-01-01.json; docs/providers.md §2.3). The API has no delivered or returned
 * state: an order stays SHIPPED, and its packages (`shipments`) tell the rest.
 */
const STATUS: Record<string, OrderStatus> = {
  // "available for pre-orders only … payment has not been authorized" (model): not yet a sale.
  PENDING_AVAILABILITY: OrderStatus.PENDING,
  PENDING: OrderStatus.PENDING,
  // "ready for shipment, but no items … have been shipped".
  UNSHIPPED: OrderStatus.CONFIRMED,
  PARTIALLY_SHIPPED: OrderStatus.SHIPPED,
  SHIPPED: OrderStatus.SHIPPED,
  CANCELLED: OrderStatus.CANCELLED,
  // "The order cannot be fulfilled" (Amazon-fulfilled multi-channel orders): nothing will ship
  // and nothing is earned, so for the seller it is a cancellation, and its stock is released.
  UNFULFILLABLE: OrderStatus.CANCELLED,
};

/**
 * `packages[].packageStatus` → ShipmentStatus, by the model's description of each value
 * (orders_2026-01-01.json `PackageStatus`, amzn/selling-partner-api-models @34dc93f). The detailed
 * status (a list of "possible values") says more than the status enum, so it is read first, as
 * Amazon's own example pairs them (status IN_TRANSIT, detailedStatus OUT_FOR_DELIVERY: its UK
 * sandbox answer). DAMAGED ("damaged during transit") has no ShipmentStatus: the status enum says
 * where such a package is.
 */
const PACKAGE_DETAIL: Record<string, ShipmentStatus> = {
  PENDING_SCHEDULE: ShipmentStatus.CREATED,
  PENDING_PICK_UP: ShipmentStatus.CREATED,
  PENDING_DROP_OFF: ShipmentStatus.CREATED,
  LABEL_CANCELLED: ShipmentStatus.CANCELLED,
  PICKED_UP: ShipmentStatus.PICKED_UP,
  DROPPED_OFF: ShipmentStatus.PICKED_UP,
  AT_ORIGIN_FC: ShipmentStatus.IN_TRANSIT,
  AT_DESTINATION_FC: ShipmentStatus.IN_TRANSIT,
  OUT_FOR_DELIVERY: ShipmentStatus.OUT_FOR_DELIVERY,
  DELIVERED: ShipmentStatus.DELIVERED,
  REJECTED_BY_BUYER: ShipmentStatus.RTO_INITIATED,
  UNDELIVERABLE: ShipmentStatus.RTO_INITIATED,
  RETURNING_TO_SELLER: ShipmentStatus.RTO_INITIATED,
  RETURNED_TO_SELLER: ShipmentStatus.RTO_DELIVERED,
  LOST: ShipmentStatus.LOST,
};
const PACKAGE_STATUS: Record<string, ShipmentStatus> = {
  PENDING: ShipmentStatus.CREATED,
  // Handed to the carrier, not yet scanned in transit.
  SHIPPED: ShipmentStatus.PICKED_UP,
  IN_TRANSIT: ShipmentStatus.IN_TRANSIT,
  DELIVERED: ShipmentStatus.DELIVERED,
  CANCELLED: ShipmentStatus.CANCELLED,
  UNDELIVERABLE: ShipmentStatus.RTO_INITIATED,
};

/** One line's money in Sutra's common terms: tax-exclusive item amount, its discount, shipping and tax, and what the buyer pays. */
interface LineMoney {
  itemSubtotal: string;
  discount: string;
  shipping: string;
  tax: string;
  total: string;
}

/** A decimal string without its sign: Amazon's DISCOUNT is a deduction whichever sign it is written with. */
const magnitude = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : amount);

/**
 * THE tax rule: Amazon's item proceeds → Sutra's tax-exclusive amounts, tax counted once.
 *
 * - Orders API v0 is the trap: its ItemPrice is the line total *including* the ItemTax it
 *   reports in GST/VAT marketplaces, and ShippingPrice includes ShippingTax, so adding the
 *   tax on top counted it twice (docs/providers.md §2.2, note on Money in v0).
 * - v2026-01-01 itemises instead: an item's `proceeds.breakdowns` (ITEM, SHIPPING, GIFT_WRAP,
 *   COD_FEE, TAX, DISCOUNT, OTHER) add up to its `proceedsTotal`, ITEM being before tax. In
 *   the model's example ITEM 99.98 (2 × unitPrice 49.99) + TAX 0.02 = proceedsTotal 100.00, and
 *   at the order level ITEM 149.97 + TAX 0.02 + DELIVERY_TIP 5.00 = grandTotal 154.99
 *   (docs/providers.md §2.3; orders_2026-01-01.json, searchOrders 200 example). So ITEM is the
 *   tax-exclusive line amount and TAX is added once; nothing is subtracted.
 * - `product.price.unitPrice` is NOT Sutra's unit price: on amazon.in the price a buyer sees
 *   includes GST (as v0's ItemPrice did), while the common shape wants it tax-exclusive. The
 *   unit price is ITEM ÷ quantity.
 * - UNVERIFIED on an amazon.in payload (the model's example is a US order, where prices are
 *   tax-exclusive anyway; Amazon's sandbox answers for tax-inclusive UK, JP, BR and TR orders
 *   show ITEM = unitPrice × quantity = proceedsTotal and no TAX at all, which, if amazon.in did
 *   so, would leave GST inside ITEM and tax 0; selling-partner-api-models#5297 asks Amazon to
 *   document the breakdowns). So the rule checks itself against `proceedsTotal`: when the
 *   breakdowns only add up with TAX left out, the amounts carried their tax as v0's did, and
 *   the TAX detailed breakdowns (subtypes ITEM, SHIPPING, DISCOUNT) are taken out of ITEM,
 *   SHIPPING and DISCOUNT (all of TAX out of ITEM when no detail is given).
 * - DISCOUNT's sign is UNVERIFIED (no example of Amazon's has a DISCOUNT, the sandbox answers
 *   included): it is a deduction either way.
 *
 * Null when the line is not priced yet (a Pending order carries no proceeds).
 */
export function lineMoney(item: AmazonOrderItem): LineMoney | null {
  const breakdowns = item.proceeds?.breakdowns;
  if (!breakdowns?.length) return null;
  const of = (type: string) => sum(breakdowns.filter((b) => b.type === type).map((b) => b.subtotal.amount));
  const charges = sum([of('COD_FEE'), of('GIFT_WRAP'), of('OTHER')]);
  const tax = of('TAX');
  let itemSubtotal = of('ITEM');
  let shipping = of('SHIPPING');
  let discount = magnitude(of('DISCOUNT'));
  const itemised = minus(sum([itemSubtotal, shipping, charges, tax]), discount);
  const total = item.proceeds?.proceedsTotal ? money(item.proceeds.proceedsTotal.amount) : itemised;
  if (total !== itemised && minus(itemised, tax) === total) {
    const details = breakdowns.filter((b) => b.type === 'TAX').flatMap((b) => b.detailedBreakdowns ?? []);
    const taxOn = (subtype: string) => sum(details.filter((d) => d.subtype === subtype).map((d) => d.value?.amount));
    itemSubtotal = minus(itemSubtotal, details.length ? taxOn('ITEM') : tax);
    shipping = minus(shipping, taxOn('SHIPPING'));
    discount = minus(discount, magnitude(taxOn('DISCOUNT')));
  }
  return { itemSubtotal, discount, shipping, tax, total };
}

/**
 * Cash on delivery is marked per item: `fulfillment.shipping.shippingConstraints.cashOnDelivery
 * = "MANDATORY"`, "payment must be collected from the customer at the time of delivery"
 * (orders_2026-01-01.json `ItemShippingConstraints`; docs/providers.md §2.3). It comes with the
 * FULFILLMENT dataset the status needs anyway. The PAYMENT dataset also names a method
 * (`paymentExecutions[].paymentMethod`, "for example, CashOnDelivery"), but whether amazon.in
 * fills it is UNVERIFIED (Amazon's only PAYMENT example is a Brazilian order), so Sutra does not ask for it.
 */
const isCod = (order: AmazonOrder) => order.orderItems.some((i) => i.fulfillment?.shipping?.shippingConstraints?.cashOnDelivery === 'MANDATORY');

/**
 * Who ships the order: `fulfillment.fulfilledBy` (FULFILLMENT dataset), "MERCHANT" or "AMAZON"
 * (orders_2026-01-01.json `FulfilledBy`; the searchOrders filter of the same name, docs/providers.md
 * §2.3). AMAZON is Fulfilment by Amazon (AFN): the goods leave Amazon's own warehouse, not the
 * seller's. Without the dataset (Sutra always asks for it) the order counts as the seller's: holding
 * stock for an order Amazon ships costs less than selling the same units twice.
 */
const fulfilledBy = (order: AmazonOrder): FulfilledBy => (order.fulfillment?.fulfilledBy === 'AMAZON' ? 'CHANNEL' : 'SELLER');

/**
 * A package (FBM only, with includedData PACKAGES) as the order's shipment: the AWB and courier
 * to track. `packageReferenceId` is unique only "within the context of the order" (model
 * `OrderPackage`), and a seller's shipments are one id space, so the order id qualifies it.
 */
function shipment(orderId: string, p: AmazonPackage): CommonShipment {
  const detail = p.packageStatus?.detailedStatus;
  const status = p.packageStatus?.status;
  return {
    externalId: `${orderId}/${p.packageReferenceId}`,
    trackingNumber: p.trackingNumber,
    carrier: p.carrier,
    // A package Amazon lists without a status known here was at least created.
    status: (detail && PACKAGE_DETAIL[detail]) || (status && PACKAGE_STATUS[status]) || ShipmentStatus.CREATED,
    rawStatus: detail ?? status,
  };
}

/**
 * A v2026-01-01 order in the common shape. Its items come inline (no per-order call). An
 * order Amazon has not priced yet (Pending: no proceeds) keeps every amount null; a later
 * sync's priced copy completes it.
 */
export function normalizeOrder(order: AmazonOrder): CommonOrder {
  const lines = order.orderItems.map((item) => ({ item, money: lineMoney(item) }));
  const priced = lines.every((l) => l.money !== null);
  const total = (pick: (m: LineMoney) => string): MaybeMoney => (priced ? sum(lines.map((l) => pick(l.money!))) : null);
  // An unknown status word is kept raw and read as PENDING; an order without the FULFILLMENT dataset has no word at all.
  const rawStatus = order.fulfillment?.fulfillmentStatus ?? 'UNKNOWN';
  const address = order.recipient?.deliveryAddress;
  const firstPrice = order.orderItems.flatMap((i) => i.proceeds?.breakdowns ?? [])[0]?.subtotal;
  return {
    externalId: order.orderId,
    orderNumber: order.orderId,
    status: STATUS[rawStatus] ?? OrderStatus.PENDING,
    rawStatus,
    paymentMethod: isCod(order) ? PaymentMethod.COD : PaymentMethod.PREPAID,
    // UNVERIFIED fallback: an unpriced order names no currency (no Money in it; the model says nothing of a Pending
    // order's proceeds); Sutra's sellers sell on amazon.in (A21TJRUUN4KGV, developer-docs.amazon.com/sp-api/docs/marketplace-ids).
    currency: order.proceeds?.grandTotal?.currencyCode ?? firstPrice?.currencyCode ?? 'INR',
    orderedAt: new Date(order.createdTime),
    updatedAt: new Date(order.lastUpdatedTime),
    itemSubtotal: total((m) => m.itemSubtotal),
    discounts: total((m) => m.discount),
    shippingCharged: total((m) => m.shipping),
    tax: total((m) => m.tax),
    // Amazon's own grand total when it gives one (it also holds order-level charges such as DELIVERY_TIP).
    total: order.proceeds?.grandTotal ? money(order.proceeds.grandTotal.amount) : total((m) => m.total),
    customer: { city: address?.city, state: address?.stateOrRegion, pincode: address?.postalCode },
    items: lines.map(({ item, money: m }) => {
      const split = m ? splitLine(m.itemSubtotal, item.quantityOrdered, m.discount) : undefined;
      return {
        externalLineId: item.orderItemId,
        sku: item.product.sellerSku ?? item.product.asin ?? item.orderItemId,
        title: item.product.title ?? item.product.sellerSku ?? '',
        quantity: item.quantityOrdered,
        unitPrice: split?.unitPrice ?? null,
        discount: split?.discount ?? null,
        tax: m?.tax ?? null,
      };
    }),
    ...(order.packages?.length ? { shipments: order.packages.map((p) => shipment(order.orderId, p)) } : {}),
    fulfilledBy: fulfilledBy(order),
  };
}
