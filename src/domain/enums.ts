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
