import { AdSpendDaily } from './ad-spend-daily.js';
import { CallBudgetCall } from './call-budget-call.js';
import { ChannelAccount } from './channel-account.js';
import { CustomerDataRequest } from './customer-data-request.js';
import { EncryptedValue } from './encrypted-value.js';
import { ExchangeRate } from './exchange-rate.js';
import { InventoryLevel } from './inventory-level.js';
import { InventoryReservation } from './inventory-reservation.js';
import { OAuthState } from './oauth-state.js';
import { Order } from './order.js';
import { OrderItem } from './order-item.js';
import { OrderProfit } from './order-profit.js';
import { ProductCost } from './product-cost.js';
import { ProfitSettings } from './profit-settings.js';
import { ProfitStaleDay } from './profit-stale-day.js';
import { ProviderCredential } from './provider-credential.js';
import { Shipment } from './shipment.js';
import { ShipmentEvent } from './shipment-event.js';
import { ShopifyIntegration } from './shopify-integration.js';
import { SyncJob } from './sync-job.js';
import { SyncLog } from './sync-log.js';
import { User } from './user.js';
import { Warehouse } from './warehouse.js';
import { WebhookEvent } from './webhook-event.js';

export * from './enums.js';
export { isUuid } from './ids.js';
export { newOAuthNonce, oauthNonceHash } from './oauth-state.js';
export type { HeldOrder } from './customer-data-request.js';
export {
  AdSpendDaily,
  CallBudgetCall,
  ChannelAccount,
  CustomerDataRequest,
  EncryptedValue,
  ExchangeRate,
  InventoryLevel,
  InventoryReservation,
  OAuthState,
  Order,
  OrderItem,
  OrderProfit,
  ProductCost,
  ProfitSettings,
  ProfitStaleDay,
  ProviderCredential,
  Shipment,
  ShipmentEvent,
  ShopifyIntegration,
  SyncJob,
  SyncLog,
  User,
  Warehouse,
  WebhookEvent,
};

/** Every entity and embeddable, for the ORM's discovery. */
export const entities = [
  User,
  ChannelAccount,
  ProviderCredential,
  ShopifyIntegration,
  OAuthState,
  Order,
  OrderItem,
  Warehouse,
  InventoryLevel,
  InventoryReservation,
  ProductCost,
  Shipment,
  ShipmentEvent,
  AdSpendDaily,
  ExchangeRate,
  ProfitSettings,
  ProfitStaleDay,
  SyncJob,
  SyncLog,
  WebhookEvent,
  CustomerDataRequest,
  EncryptedValue,
  OrderProfit,
  CallBudgetCall,
];
