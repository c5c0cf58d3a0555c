/** The vocabularies of the common data model; the GraphQL enums are these same values. */

export enum ProviderKind {
  COMMERCE = 'COMMERCE',
  MARKETING = 'MARKETING',
  LOGISTICS = 'LOGISTICS',
}

export enum ConnectType {
  OAUTH = 'OAUTH',
  API_KEY = 'API_KEY',
}

export enum ChannelType {
  SHOPIFY = 'SHOPIFY',
  AMAZON = 'AMAZON',
  FLIPKART = 'FLIPKART',
  MYNTRA = 'MYNTRA',
}

export enum ConnectionState {
  NOT_CONNECTED = 'NOT_CONNECTED',
  CONNECTED = 'CONNECTED',
  ERROR = 'ERROR',
  NEEDS_REAUTH = 'NEEDS_REAUTH',
}

export enum FieldType {
  TEXT = 'TEXT',
  PASSWORD = 'PASSWORD',
  URL = 'URL',
  EMAIL = 'EMAIL',
  SELECT = 'SELECT',
}

export enum SyncScope {
  ORDERS = 'ORDERS',
  INVENTORY = 'INVENTORY',
  ORDERS_AND_INVENTORY = 'ORDERS_AND_INVENTORY',
  SHIPMENTS = 'SHIPMENTS',
  AD_SPEND = 'AD_SPEND',
}

export enum SyncStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum SyncTrigger {
  MANUAL = 'MANUAL',
  SCHEDULED = 'SCHEDULED',
  WEBHOOK = 'WEBHOOK',
}

export enum PaymentMethod {
  PREPAID = 'PREPAID',
  COD = 'COD',
}

export enum OrderStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  PACKED = 'PACKED',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED',
  RTO = 'RTO',
}

export enum ShipmentStatus {
  CREATED = 'CREATED',
  PICKED_UP = 'PICKED_UP',
  IN_TRANSIT = 'IN_TRANSIT',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  DELIVERED = 'DELIVERED',
  RTO_INITIATED = 'RTO_INITIATED',
  RTO_DELIVERED = 'RTO_DELIVERED',
  CANCELLED = 'CANCELLED',
  LOST = 'LOST',
}

export enum WebhookEventStatus {
  RECEIVED = 'RECEIVED',
  PROCESSED = 'PROCESSED',
  FAILED = 'FAILED',
}

/**
 * What is unknown (counted as zero) or estimated in an order's profit: the values the profit
 * engine (services/profit/) writes into orders.profit_flags, declared once here.
 */
export enum ProfitFlag {
  COST_UNKNOWN = 'COST_UNKNOWN',
  PRICE_UNKNOWN = 'PRICE_UNKNOWN',
  CHANNEL_FEES_UNKNOWN = 'CHANNEL_FEES_UNKNOWN',
  PAYMENT_FEES_UNKNOWN = 'PAYMENT_FEES_UNKNOWN',
  EXCHANGE_RATE_MISSING = 'EXCHANGE_RATE_MISSING',
  AD_SPEND_INCOMPLETE = 'AD_SPEND_INCOMPLETE',
  GST_ESTIMATED = 'GST_ESTIMATED',
  CHANNEL_FEES_ESTIMATED = 'CHANNEL_FEES_ESTIMATED',
  FREIGHT_ESTIMATED = 'FREIGHT_ESTIMATED',
}

/** A figure left out (counted as zero): the order's profit is incomplete. */
export const INCOMPLETE_FLAGS: readonly ProfitFlag[] = [
  ProfitFlag.COST_UNKNOWN,
  ProfitFlag.PRICE_UNKNOWN,
  ProfitFlag.CHANNEL_FEES_UNKNOWN,
  ProfitFlag.PAYMENT_FEES_UNKNOWN,
  ProfitFlag.EXCHANGE_RATE_MISSING,
  ProfitFlag.AD_SPEND_INCOMPLETE,
];

/** A figure from the seller's rates or the rate card rather than the provider's own: the profit is estimated. */
export const ESTIMATED_FLAGS: readonly ProfitFlag[] = [ProfitFlag.GST_ESTIMATED, ProfitFlag.CHANNEL_FEES_ESTIMATED, ProfitFlag.FREIGHT_ESTIMATED];

/** Where one figure of an order's profit came from (orders.profit_sources). */
export enum FigureSource {
  REPORTED = 'REPORTED',
  SELLER_SETTING = 'SELLER_SETTING',
  RATE_CARD = 'RATE_CARD',
  NONE = 'NONE',
}

/** What profitBreakdown groups orders by. */
export enum ProfitDimension {
  CHANNEL = 'CHANNEL',
  ACCOUNT = 'ACCOUNT',
  SKU = 'SKU',
  STATE = 'STATE',
  PINCODE = 'PINCODE',
}
