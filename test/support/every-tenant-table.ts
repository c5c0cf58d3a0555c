import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AdSpendDaily,
  ChannelAccount,
  ChannelType,
  CustomerDataRequest,
  ExchangeRate,
  InventoryLevel,
  InventoryReservation,
  OAuthState,
  Order,
  OrderItem,
  OrderStatus,
  PaymentMethod,
  ProductCost,
  ProfitSettings,
  ProfitStaleDay,
  ProviderCredential,
  Shipment,
  ShipmentEvent,
  ShipmentStatus,
  ShopifyIntegration,
  SyncJob,
  SyncLog,
  SyncScope,
  SyncTrigger,
  User,
  Warehouse,
  WebhookEvent,
} from '../../src/domain/index.js';

/**
 * The tables a seller owns, as the ORM's metadata has them: every entity with a `user_id`
 * column. Read from the metadata, so a new entity is in the list without anyone adding it.
 */
export function tenantTables(orm: MikroORM): string[] {
  return [...orm.getMetadata().getAll().values()]
    .filter((meta) => !meta.embeddable && meta.tableName && Object.values(meta.properties).some((p) => p.fieldNames?.includes('user_id')))
    .map((meta) => meta.tableName)
    .sort();
}

/** A new seller with one row (at least) in every table a seller owns; returns the seller's id. */
export async function sellerInEveryTable(em: EntityManager, label: string): Promise<string> {
  const user = em.create(User, { subject: `${label}-${randomUUID()}` });
  const account = em.create(ChannelAccount, {
    user,
    providerId: 'shopify',
    channelType: ChannelType.SHOPIFY,
    externalId: `${label}-${randomUUID()}.myshopify.com`,
    displayName: `${label} store`,
  });
  em.create(ProviderCredential, {
    user,
    providerId: 'shopify',
    channelAccount: account,
    secret: { keyId: 'k1', nonce: Buffer.alloc(12), ciphertext: Buffer.from('x'), authTag: Buffer.alloc(16) },
  });
  em.create(ShopifyIntegration, { user, channelAccount: account, shop: account.externalId, webhooks: [] });
  em.create(CustomerDataRequest, { user, channelAccount: account, customer: 'Shopify customer 1', ordersRequested: [], held: [] });
  em.create(OAuthState, { user, providerId: 'shopify', shop: account.externalId, nonceHash: randomUUID(), expiresAt: new Date(Date.now() + 600_000) });
  const order = em.create(Order, {
    user,
    channelAccount: account,
    providerId: 'shopify',
    externalId: `gid://shopify/Order/${randomUUID()}`,
    status: OrderStatus.CONFIRMED,
    rawStatus: 'PAID/UNFULFILLED',
    paymentMethod: PaymentMethod.PREPAID,
    currency: 'INR',
    orderedAt: new Date('2026-11-20T10:15:00Z'),
    sourceUpdatedAt: new Date('2026-11-20T10:15:00Z'),
    itemSubtotal: '1499.00',
    discounts: '0',
    shippingCharged: '0',
    tax: '228.66',
    total: '1499.00',
  });
  const item = em.create(OrderItem, { user, order, externalLineId: '1', sku: 'TSHIRT-BLK-M', title: 'T-Shirt', quantity: 1, unitPrice: '1499.00' });
  const warehouse = em.create(Warehouse, { user, code: 'default', name: 'Default' });
  em.create(InventoryLevel, { user, warehouse, sku: 'TSHIRT-BLK-M', onHand: 10, reserved: 1 });
  em.create(InventoryReservation, { user, orderItem: item, warehouse, sku: 'TSHIRT-BLK-M', quantity: 1 });
  em.create(ProductCost, { user, sku: 'TSHIRT-BLK-M', effectiveFrom: '2026-01-01', cost: '400.00' });
  em.create(ExchangeRate, { user, currency: 'USD', effectiveFrom: '2026-01-01', rate: '84.500000' });
  em.create(ProfitStaleDay, { user, day: '2026-01-01' });
  em.create(ProfitSettings, { user });
  const shipment = em.create(Shipment, { user, order, channelAccount: account, providerId: 'shopify', externalId: randomUUID(), trackingNumber: randomUUID() });
  em.create(ShipmentEvent, { user, shipment, at: new Date(), status: ShipmentStatus.IN_TRANSIT, rawStatus: 'in_transit' });
  em.create(AdSpendDaily, { user, providerId: 'meta_ads', accountId: 'act_1', date: '2026-11-20', spend: '2450.37', currency: 'INR' });
  const job = em.create(SyncJob, { user, providerId: 'shopify', channelAccount: account, scope: SyncScope.ORDERS, trigger: SyncTrigger.MANUAL });
  em.create(SyncLog, { user, job, level: 'info', message: 'imported 1 order' });
  em.create(WebhookEvent, { user, channelAccount: account, providerId: 'shopify', deliveryId: randomUUID(), topic: 'orders/create', payload: {} });
  await em.flush();
  return user.id;
}
