import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../domain/enums.js';
import { latest } from '../cursor.js';
import { fromPaise, splitLine, toPaise } from '../money.js';
import type { CommonOrder, CommonOrderItem, CommonShipment, FulfilledBy } from '../types.js';
import type { FlipkartOrderItem, FlipkartReturnItem, FlipkartShipment, FlipkartShipmentDetails } from './payloads.js';

/**
 * Flipkart's order (orderId, OD…) is the order; Flipkart fulfils it in shipments, each with
 * its own order items and states (fk docs order-management-intro: "A single customer order
 * can be splitted into multiple shipments"; "A shipment cannot have order item ids of
 * multiple orders"). So every shipment becomes a partial copy of its order carrying only its
 * own lines, each line with its own status; persistence merges the copies and computes the
 * order's status and totals from all of its lines.
 */

/** Order item states (docs/providers.md §3.3) → the line's OrderStatus. */
const LINE_STATUS: Record<string, OrderStatus> = {
  APPROVED: OrderStatus.CONFIRMED,
  PACKING_IN_PROGRESS: OrderStatus.CONFIRMED,
  FORM_FAILED: OrderStatus.CONFIRMED,
  PACKED: OrderStatus.PACKED,
  READY_TO_DISPATCH: OrderStatus.PACKED,
  PICKUP_COMPLETE: OrderStatus.SHIPPED,
  SHIPPED: OrderStatus.SHIPPED,
  DELIVERED: OrderStatus.DELIVERED,
  COMPLETED: OrderStatus.DELIVERED,
  // A return asked for is not a return made: the goods are still with the buyer.
  RETURN_REQUESTED: OrderStatus.DELIVERED,
  RETURNED: OrderStatus.RETURNED,
  CANCELLED: OrderStatus.CANCELLED,
};

/** Order item states → where the parcel is. */
const SHIPMENT_STATUS: Record<string, ShipmentStatus> = {
  APPROVED: ShipmentStatus.CREATED,
  PACKING_IN_PROGRESS: ShipmentStatus.CREATED,
  FORM_FAILED: ShipmentStatus.CREATED,
  PACKED: ShipmentStatus.CREATED,
  READY_TO_DISPATCH: ShipmentStatus.CREATED,
  PICKUP_COMPLETE: ShipmentStatus.PICKED_UP,
  SHIPPED: ShipmentStatus.IN_TRANSIT,
  DELIVERED: ShipmentStatus.DELIVERED,
  COMPLETED: ShipmentStatus.DELIVERED,
  RETURN_REQUESTED: ShipmentStatus.DELIVERED,
  RETURNED: ShipmentStatus.DELIVERED,
  CANCELLED: ShipmentStatus.CANCELLED,
};

/**
 * A RETURNED item that Flipkart flags `courierReturn` never reached the buyer: an RTO.
 * UNVERIFIED: the SDK names the flag (OrderItem.md) without saying what it means, and so do
 * the fk docs (search-pre-dispatch-shipment-post: "courierReturn boolean").
 */
const lineStatus = (item: FlipkartOrderItem): OrderStatus =>
  item.status === 'RETURNED' && item.courierReturn ? OrderStatus.RTO : (LINE_STATUS[item.status] ?? OrderStatus.CONFIRMED);

/**
 * The ONE price rule for Flipkart (docs/providers.md §3.2, §9: prices are INR numbers).
 * `sellingPrice` is what the buyer pays for the whole line, after the seller's own discount
 * and INCLUDING GST; `shippingCharge` is the shipping charged on the line. Flipkart's search
 * gives neither the GST amount nor its rate (only the HSN code, whose rate depends on the
 * price slab and changes with GST notifications; the rate appears only on the invoice, after
 * labels are generated). So Sutra keeps the prices as given, records tax as 0.00 and marks the
 * order `pricesIncludeUnstatedTax`: the profit engine takes the GST out at the seller's rate per
 * SKU and marks the figure estimated. UNVERIFIED: that sellingPrice is the line total
 * rather than a unit price (the documented sample has quantity 1), and that flipkartDiscount
 * is funded by Flipkart and so not the seller's discount (it is left out). Flipkart's own
 * words (seller.flipkart.com/api-docs/order-api-docs/v3/GetByOrderItemIds.html) settle neither:
 * sellingPrice "Product price listed by the seller. This value can be less than or equal to
 * the MRP."; totalPrice "The price paid by the customer for this order item (customerPrice +
 * shippingCharge)"; shippingCharge "Fees charged for this order item of shipment".
 * The unit price is the line total over the quantity rounded up to the paisa, the rounding
 * remainder is the line's discount: unit × quantity − discount is sellingPrice exactly, so
 * the order's total comes out to the paisa of what the buyer paid.
 */
function line(item: FlipkartOrderItem, status: OrderStatus, rawStatus: string): Line {
  const selling = toPaise(item.priceComponents.sellingPrice);
  const shipping = toPaise(item.priceComponents.shippingCharge ?? 0);
  const { unitPrice, discount } = splitLine(fromPaise(selling), item.quantity);
  const gross = toPaise(Number(unitPrice)) * item.quantity;
  return {
    externalLineId: item.orderItemId,
    sku: item.sku ?? item.fsn ?? item.orderItemId,
    title: item.title ?? item.sku ?? '',
    quantity: item.quantity,
    unitPrice,
    discount,
    tax: '0.00',
    status,
    rawStatus,
    shipping: fromPaise(shipping),
    paise: { gross, discount: gross - selling, shipping },
  };
}

/**
 * The `serviceProfile` values (docs/providers.md §3.3) under which Flipkart ships the item from its
 * own warehouse: FBF, Fulfilled by Flipkart, and `Flipkart_Fulfilment`. UNVERIFIED: Flipkart lists
 * the values without saying what each means. Read from the names and Flipkart's seller programmes:
 * NON_FBF and `Seller_Fulfilment` are the seller's own shipping; FBF_LITE and `Smart_Fulfilment`
 * leave from the seller's warehouse with Flipkart's packaging or pickup (public code counts FBF_LITE
 * with NON_FBF as not fulfilled by Flipkart), so the stock is the seller's. An item without a
 * profile is the seller's.
 */
const FLIPKART_SHIPS = new Set(['FBF', 'Flipkart_Fulfilment']);

/**
 * Who ships a shipment's items. A shipment leaves from one place, so its items share one; should
 * they ever disagree, the seller's stock stays held (holding too much oversells nothing).
 */
const fulfilledBy = (items: FlipkartOrderItem[]): FulfilledBy =>
  items.every((i) => i.serviceProfile && FLIPKART_SHIPS.has(i.serviceProfile)) ? 'CHANNEL' : 'SELLER';

/** A line, and its amounts in paise for the copy's totals. */
type Line = CommonOrderItem & { paise: { gross: number; discount: number; shipping: number } };

/** The copy of a shipment's order holding `lines` (made from `items` of that shipment). */
function copy(
  items: FlipkartOrderItem[],
  lines: Line[],
  updatedAt: string,
  details: FlipkartShipmentDetails | undefined,
  shipment: CommonShipment,
): CommonOrder {
  const live = lines.filter((l) => l.status !== OrderStatus.CANCELLED);
  const address = details?.deliveryAddress;
  const total = (key: keyof Line['paise']) => lines.reduce((t, l) => t + l.paise[key], 0);
  const [gross, discounts, shipping] = [total('gross'), total('discount'), total('shipping')];
  return {
    externalId: items[0]!.orderId,
    orderNumber: items[0]!.orderId,
    status: (live[0] ?? lines[0]!).status!,
    rawStatus: [...new Set(lines.map((l) => l.rawStatus))].join(','),
    paymentMethod: items[0]!.paymentType.toUpperCase() === 'COD' ? PaymentMethod.COD : PaymentMethod.PREPAID,
    currency: 'INR',
    orderedAt: new Date(Math.min(...items.map((i) => Date.parse(i.orderDate)))),
    updatedAt: new Date(updatedAt),
    // This copy's own lines; the stored order's totals are recomputed from all of its lines.
    itemSubtotal: fromPaise(gross),
    discounts: fromPaise(discounts),
    shippingCharged: fromPaise(shipping),
    tax: '0.00',
    total: fromPaise(gross - discounts + shipping),
    customer: { city: address?.city ?? undefined, state: address?.state ?? undefined, pincode: address?.pinCode == null ? undefined : String(address.pinCode) },
    items: lines.map(({ paise: _, ...item }) => item),
    partial: true,
    // Flipkart states no GST: its prices include it (see the price rule above).
    pricesIncludeUnstatedTax: true,
    shipments: [shipment],
    fulfilledBy: fulfilledBy(items),
  };
}

/**
 * The courier's AWB and name, once Flipkart has assigned one: the delivery courier of the first
 * sub-shipment that has one (fk docs get-shipment-details: subShipments[].courierDetails), else
 * the shipment-level courierDetails of the SDK's ShipmentDetails model.
 */
const courierOf = (details: FlipkartShipmentDetails | undefined) => {
  const couriers = [...(details?.subShipments ?? []).map((s) => s.courierDetails), details?.courierDetails];
  const delivery = couriers.map((c) => c?.deliveryDetails).find((d) => d?.trackingId);
  return { trackingNumber: delivery?.trackingId ?? undefined, carrier: delivery?.vendorName ?? undefined };
};

/** When Flipkart last changed the shipment (its latest order date when it does not say). */
const modifiedAt = (shipment: FlipkartShipment): string =>
  shipment.updatedAt ??
  latest(
    undefined,
    shipment.orderItems.map((i) => i.orderDate),
  )!;

/** Where the parcel of these items is: it goes on while any of them does, and is cancelled when all of them are. */
function parcel(items: FlipkartOrderItem[]): { status: ShipmentStatus; rawStatus: string } {
  const item = items.find((i) => i.status !== 'CANCELLED') ?? items[0]!;
  const status = item.status === 'RETURNED' && item.courierReturn ? ShipmentStatus.RTO_DELIVERED : (SHIPMENT_STATUS[item.status] ?? ShipmentStatus.CREATED);
  return { status, rawStatus: item.status };
}

/** One shipment of a search (pre-dispatch, post-dispatch or cancelled) → a partial copy of its order. */
export function normalizeShipment(shipment: FlipkartShipment, details?: FlipkartShipmentDetails): CommonOrder {
  const items = shipment.orderItems;
  const lines = items.map((i) => line(i, lineStatus(i), i.status));
  return copy(items, lines, modifiedAt(shipment), details, { externalId: shipment.shipmentId, ...courierOf(details), ...parcel(items) });
}

export type ReturnSource = 'courier_return' | 'customer_return';

/**
 * A return cancelled before it came back changes nothing (fk docs order-management-intro,
 * Return Flow: CREATED → COMPLETED, or CANCELLED "not expected to reach the seller").
 */
export const isLiveReturn = (r: FlipkartReturnItem) => r.status?.toUpperCase() !== 'CANCELLED';

/**
 * The returned items of one shipment → a partial copy of its order with only those lines:
 * a courier return is an RTO (the parcel never reached the buyer), a customer return is
 * RETURNED. A return counts from when it is created, whether or not it has reached the
 * seller yet. UNVERIFIED: a return of fewer units than the line has still marks the whole
 * line; Flipkart returns seen so far are of whole lines.
 */
export function normalizeReturn(
  shipment: FlipkartShipment,
  returns: Map<string, FlipkartReturnItem>,
  source: ReturnSource,
  details?: FlipkartShipmentDetails,
): CommonOrder | undefined {
  const items = shipment.orderItems.filter((i) => returns.has(i.orderItemId));
  if (!items.length) return undefined;
  const courier = source === 'courier_return';
  const ofItem = items.map((i) => returns.get(i.orderItemId)!);
  const lines = items.map((i, n) => line(i, courier ? OrderStatus.RTO : OrderStatus.RETURNED, `${ofItem[n]!.status ?? 'CREATED'} (${source})`));
  // Never older than the shipment as Flipkart shows it now, so the return outlives its forward copy.
  const returnDates = ofItem.map((r) => r.updatedDate ?? r.createdDate ?? undefined);
  const updatedAt = latest(modifiedAt(shipment), returnDates)!;
  const back = ofItem.every((r) => r.status?.toUpperCase() === 'COMPLETED');
  // A customer return is a new pickup: the forward parcel stays as it was.
  const status = courier
    ? { status: back ? ShipmentStatus.RTO_DELIVERED : ShipmentStatus.RTO_INITIATED, rawStatus: `RTO ${back ? 'COMPLETED' : 'CREATED'}` }
    : parcel(shipment.orderItems);
  return copy(items, lines, updatedAt, details, { externalId: shipment.shipmentId, ...courierOf(details), ...status });
}
