import { z } from 'zod';

/**
 * Flipkart Seller API payloads (docs/providers.md §3.2; SDK docs Shipment.md, OrderItem.md,
 * PriceComponent.md, ShipmentDetails.md, Courier.md, Address.md, ReturnsSearchResponseV2.md,
 * ReturnItem.md, Error.md), checked at the edge. Prices are INR numbers. Only what Sutra
 * reads is required; everything the SDK marks optional and Sutra can do without stays optional.
 */
const priceComponents = z.object({
  sellingPrice: z.number(),
  totalPrice: z.number().nullish(),
  shippingCharge: z.number().nullish(),
  customerPrice: z.number().nullish(),
  flipkartDiscount: z.number().nullish(),
});

export const flipkartOrderItem = z.object({
  orderItemId: z.string(),
  orderId: z.string(),
  orderDate: z.string(),
  paymentType: z.string(),
  status: z.string(),
  quantity: z.number().int().positive(),
  courierReturn: z.boolean().nullish(),
  sku: z.string().nullish(),
  fsn: z.string().nullish(),
  title: z.string().nullish(),
  priceComponents,
  /** Who fulfils the item (docs/providers.md §3.3): FBF, NON_FBF, FBF_LITE, Flipkart_Fulfilment, Seller_Fulfilment, Smart_Fulfilment. */
  serviceProfile: z.string().nullish(),
});

export const flipkartShipment = z.object({
  shipmentId: z.string(),
  updatedAt: z.string().nullish(),
  /** The seller's warehouse the shipment leaves from (LOC…). */
  locationId: z.string().nullish(),
  orderItems: z.array(flipkartOrderItem).min(1),
});

/** POST /v3/shipments/filter and its GET next pages (SearchShipmentResponse). */
export const filterResponse = z.object({
  hasMore: z.boolean().nullish(),
  nextPageUrl: z.string().nullish(),
  shipments: z.array(flipkartShipment),
});

/** GET /v3/shipments?orderItemIds=… (ShipmentResponse): order-side shipments, no address. */
export const shipmentsResponse = z.object({ shipments: z.array(flipkartShipment) });

const address = z.object({ city: z.string().nullish(), state: z.string().nullish(), pinCode: z.union([z.string(), z.number()]).nullish() });
const courier = z.object({ trackingId: z.string().nullish(), vendorName: z.string().nullish() });
const courierDetails = z.object({ pickupDetails: courier.nullish(), deliveryDetails: courier.nullish() });

export const shipmentDetails = z.object({
  shipmentId: z.string(),
  deliveryAddress: address.nullish(),
  // Where Flipkart documents the courier: per sub-shipment (see detailsResponse).
  subShipments: z.array(z.object({ subShipmentId: z.string().nullish(), courierDetails: courierDetails.nullish() })).nullish(),
  // Where the SDK's ShipmentDetails model puts it; read too, in case a response follows the model.
  courierDetails: courierDetails.nullish(),
});

/**
 * GET /v3/shipments/{shipmentIds}: the call with the address and the courier. Flipkart's own
 * docs give its response as shipments[{orderId, shipmentId, orderItems, deliveryAddress{…
 * pinCode, city, state …}, billingAddress, buyerDetails, sellerAddress, returnAddress,
 * subShipments[{subShipmentId, courierDetails{pickupDetails, deliveryDetails{trackingId,
 * vendorName}}, shipmentDimensions}]}] (flipkart.github.io/fk-api-platform-docs
 * mp-api_versioned/get-shipment-details; likewise seller.flipkart.com/api-docs/order-api-docs/v3/
 * GetShipmentDetails.html: "subShipments.courierDetails.pickupDetails.vendorName"). The SDK
 * (ShipmentDetailsResponseV3.md) types it as plain Shipments; Sutra follows the docs.
 */
export const detailsResponse = z.object({ shipments: z.array(shipmentDetails) });

export const returnItem = z.object({
  returnId: z.string().nullish(),
  orderItemId: z.string(),
  orderId: z.string().nullish(),
  quantity: z.number().int().nullish(),
  status: z.string().nullish(),
  createdDate: z.string().nullish(),
  updatedDate: z.string().nullish(),
});

/** GET /v2/returns (ReturnsSearchResponseV2). */
export const returnsResponse = z.object({
  hasMore: z.boolean().nullish(),
  nextUrl: z.string().nullish(),
  returnItems: z.array(returnItem).nullish(),
});

/**
 * What Flipkart says when it refuses: the Seller API's `{"errors":[{severity, code,
 * description, path}]}` (SDK Error.md), or the token endpoint's OAuth `error_description`.
 */
export const errorBody = z.object({
  errors: z.array(z.object({ description: z.string().nullish() })).nullish(),
  error_description: z.string().nullish(),
});

export type FlipkartShipment = z.infer<typeof flipkartShipment>;
export type FlipkartOrderItem = z.infer<typeof flipkartOrderItem>;
export type FlipkartShipmentDetails = z.infer<typeof shipmentDetails>;
export type FlipkartReturnItem = z.infer<typeof returnItem>;
