import {
  ProviderKind,
  type ChannelAccount,
  type ExchangeRate,
  type ProductCost,
  type Shipment,
  type ShopifyIntegration,
  type SyncJob,
} from '../domain/index.js';
import type { ShipmentStatusPayload, SyncProgressPayload } from '../events/event-bus.js';
import { catalogActions, catalogOAuth } from '../providers/registry.js';
import type { ProviderDefinition } from '../providers/types.js';
import type { ReadLevel } from '../services/inventory-reads.js';
import type { OrderRow } from '../services/order-reads.js';
import { PROFIT_FLAGS } from '../services/profit/order-profit.js';
import type { AdSpendRow, ProfitBreakdownEntry, ProfitDayRow, ProfitMoney } from '../services/profit-reads.js';
import type { ProfitSettingsView } from '../services/profit-settings.js';
import type { ProviderConnection } from '../services/provider-status-service.js';
import type { PushEndpointInfo } from '../services/push-intake.js';
import { AdSpendDay } from './types/ad-spend.js';
import { CatalogProvider, CatalogSection } from './types/catalog.js';
import { InventoryLevelType } from './types/inventory.js';
import { ChannelAccountType, ConnectProviderResult } from './types/channel-account.js';
import { ConnectedItem, ConnectedSummary } from './types/connected-summary.js';
import { Money } from './types/money.js';
import { OrderProfitSources, OrderProfitType, OrderType } from './types/order.js';
import { ProfitBreakdownRow } from './types/profit-breakdown.js';
import { ProfitDay } from './types/profit-day.js';
import { ESTIMATED_FLAGS, FigureSource, INCOMPLETE_FLAGS, ProfitFlag } from './types/profit-enums.js';
import { ProviderStatus } from './types/provider-status.js';
import { ExchangeRateType, ProductCostType, ProfitSettingsType } from './types/seller-inputs.js';
import { ShipmentStatusEvent, ShipmentType } from './types/shipment.js';
import { SyncJobType, SyncProgressEvent } from './types/sync.js';
import { WebhookSubscription } from './types/webhook-subscription.js';

/**
 * Every row-to-type mapper of the API in one place: what a stored row (or a service's
 * read, or an event) looks like to a client. Resolvers call these and build no type
 * themselves.
 */

/** Orders' shipments by order id, when the answer asks for them. */
export type ShipmentsByOrder = Map<string, Shipment[]> | undefined;

export function toOrderType(o: OrderRow, shipments: ShipmentsByOrder): OrderType {
  const m = (amount: string | null) => Money.of(amount ?? '0.00', o.currency);
  const p = o.profit;
  return Object.assign(new OrderType(), {
    id: o.id,
    channelAccountId: o.channelAccountId,
    providerId: o.providerId,
    externalId: o.externalId,
    orderNumber: o.orderNumber,
    status: o.status,
    paymentMethod: o.paymentMethod,
    orderedAt: o.orderedAt,
    total: m(o.total),
    priced: o.total !== null,
    items: (o.items ?? []).map((i) => ({ sku: i.sku, title: i.title, quantity: i.quantity, unitPrice: m(i.unitPrice) })),
    shipments: (shipments?.get(o.id) ?? []).map(toShipmentType),
    profit: p
      ? Object.assign(new OrderProfitType(), {
          // The profit is in the seller's currency, which an order in another one does not share.
          ...toProfitMoney(p, p.currency),
          computedAt: p.computedAt,
          ...toProfitFlags(p.flags),
          sources: toProfitSources(p.sources),
        })
      : undefined,
  });
}

const KNOWN_FLAGS = new Set<string>(PROFIT_FLAGS);
const FIGURE_SOURCES = new Set<string>(Object.values(FigureSource));

/** The stored flags the API knows (an unknown one would fail the whole answer), and what they add up to. */
function toProfitFlags(stored: string[] | null): Pick<OrderProfitType, 'flags' | 'complete' | 'estimated'> {
  const flags = (stored ?? []).filter((f): f is ProfitFlag => KNOWN_FLAGS.has(f));
  return { flags, complete: !flags.some((f) => INCOMPLETE_FLAGS.includes(f)), estimated: flags.some((f) => ESTIMATED_FLAGS.includes(f)) };
}

/** Each figure's stored source; NONE for one the recompute did not name. */
function toProfitSources(stored: Record<string, string> | null): OrderProfitSources {
  const source = (key: keyof OrderProfitSources): FigureSource => {
    const value = stored?.[key];
    return value !== undefined && FIGURE_SOURCES.has(value) ? (value as FigureSource) : FigureSource.NONE;
  };
  return Object.assign(new OrderProfitSources(), {
    gst: source('gst'),
    cogs: source('cogs'),
    channelFees: source('channelFees'),
    paymentFees: source('paymentFees'),
    shippingCost: source('shippingCost'),
    rtoCost: source('rtoCost'),
  });
}

const toProfitMoney = (r: ProfitMoney, currency: string) => ({
  revenue: Money.of(r.revenue, currency),
  gst: Money.of(r.gst, currency),
  cogs: Money.of(r.cogs, currency),
  channelFees: Money.of(r.channelFees, currency),
  paymentFees: Money.of(r.paymentFees, currency),
  shippingCost: Money.of(r.shippingCost, currency),
  rtoCost: Money.of(r.rtoCost, currency),
  adSpend: Money.of(r.adSpend, currency),
  netProfit: Money.of(r.netProfit, currency),
});

/** A day's profit; its money is in the seller's currency. */
export function toProfitDay(r: ProfitDayRow, currency: string): ProfitDay {
  return Object.assign(new ProfitDay(), {
    date: r.date,
    orders: r.orders,
    ...toProfitMoney(r, currency),
    cac: r.cac === null ? undefined : Money.of(r.cac, currency),
    roas: r.roas ?? undefined,
    poas: r.poas ?? undefined,
    rtoRate: r.rtoRate ?? undefined,
    rtoOrders: r.rtoOrders,
    incompleteOrders: r.incompleteOrders,
    estimatedOrders: r.estimatedOrders,
    adSpendIncomplete: r.adSpendIncomplete,
  });
}

export function toProfitBreakdownRow(r: ProfitBreakdownEntry, currency: string): ProfitBreakdownRow {
  return Object.assign(new ProfitBreakdownRow(), {
    key: r.key,
    label: r.label,
    orders: r.orders,
    rtoOrders: r.rtoOrders,
    rtoRate: r.rtoRate ?? undefined,
    incompleteOrders: r.incompleteOrders,
    estimatedOrders: r.estimatedOrders,
    ...toProfitMoney(r, currency),
  });
}

export const toProfitSettings = (v: ProfitSettingsView): ProfitSettingsType =>
  Object.assign(new ProfitSettingsType(), { ...v, currencyCode: v.currency, gatewayFeePercent: v.gatewayFeePercent ?? undefined });

export const toProductCost = (c: ProductCost): ProductCostType =>
  Object.assign(new ProductCostType(), {
    sku: c.sku,
    cost: Money.of(c.cost, c.currency),
    effectiveFrom: c.effectiveFrom,
    gstPercent: c.gstPercent ?? undefined,
  });

export const toExchangeRate = (r: ExchangeRate): ExchangeRateType =>
  Object.assign(new ExchangeRateType(), { currencyCode: r.currency, effectiveFrom: r.effectiveFrom, rate: r.rate });

export function toShipmentType(s: Shipment): ShipmentType {
  return Object.assign(new ShipmentType(), {
    id: s.id,
    orderId: s.order?.id,
    providerId: s.providerId,
    // A channel's shipment has no AWB until the courier assigns one; its own id stands in.
    trackingNumber: s.trackingNumber ?? s.externalId ?? '',
    externalId: s.externalId,
    carrier: s.carrier,
    status: s.status,
    rawStatus: s.rawStatus,
    lastEventAt: s.lastEventAt,
    labelUrl: s.labelUrl,
    tracked: s.tracked,
    attempts: s.attempts,
    lastAttemptAt: s.lastAttemptAt,
    lastAttemptReason: s.lastAttemptReason,
    shippingCost: s.shippingCost == null ? undefined : Money.of(s.shippingCost, s.currency),
    rtoCost: s.rtoCost == null ? undefined : Money.of(s.rtoCost, s.currency),
    chargesEstimated: s.chargesEstimated,
    events: s.events.isInitialized()
      ? s.events
          .getItems()
          .sort((a, b) => a.at.getTime() - b.at.getTime())
          .map((e) => ({ at: e.at, status: e.status, rawStatus: e.rawStatus, location: e.location }))
      : [],
  });
}

export function toChannelAccount(a: ChannelAccount): ChannelAccountType {
  return Object.assign(new ChannelAccountType(), {
    id: a.id,
    channelType: a.channelType,
    providerId: a.providerId,
    externalId: a.externalId,
    displayName: a.displayName,
    createdAt: a.createdAt,
    lastSyncAt: a.lastSyncAt,
  });
}

export function toSyncJob(j: SyncJob): SyncJobType {
  return Object.assign(new SyncJobType(), {
    id: j.id,
    providerId: j.providerId,
    channelAccountId: j.channelAccount?.id,
    scope: j.scope,
    trigger: j.trigger,
    status: j.status,
    processed: j.processed,
    created: j.created,
    updated: j.updated,
    failed: j.failed,
    total: j.total,
    error: j.error,
    queuedAt: j.queuedAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  });
}

/** Events cross processes as JSON: their time arrives as a string. */
export const toSyncProgressEvent = (payload: SyncProgressPayload): SyncProgressEvent =>
  Object.assign(new SyncProgressEvent(), { ...payload, at: new Date(payload.at) });

export const toShipmentStatusEvent = (payload: ShipmentStatusPayload): ShipmentStatusEvent =>
  Object.assign(new ShipmentStatusEvent(), { ...payload, at: new Date(payload.at) });

export const toProviderStatus = (conn: ProviderConnection): ProviderStatus => Object.assign(new ProviderStatus(), conn);

export function toCatalogProvider(def: ProviderDefinition): CatalogProvider {
  return Object.assign(new CatalogProvider(), {
    id: def.id,
    name: def.name,
    icon: def.icon,
    color: def.color,
    kind: def.kind,
    connectType: def.connectType,
    oauth: catalogOAuth(def),
    setupFormFields: def.fields,
    setupSteps: def.setupSteps,
    actions: catalogActions(def),
  });
}

export const toCatalogSection = (section: { id: string; title: string; kind: ProviderKind }, providers: ProviderDefinition[]): CatalogSection =>
  Object.assign(new CatalogSection(), { ...section, providers: providers.map(toCatalogProvider) });

/** The connected accounts, each under its provider's name, counted by kind. */
export function toConnectedSummary(connected: Array<{ def: ProviderDefinition; conn: ProviderConnection }>): ConnectedSummary {
  const items = connected.map(({ def, conn }) =>
    Object.assign(new ConnectedItem(), {
      providerId: def.id,
      kind: def.kind,
      channelAccountId: conn.channelAccountId,
      displayName: conn.accountName ? `${def.name} · ${conn.accountName}` : def.name,
      status: toProviderStatus(conn),
    }),
  );
  const count = (kind: ProviderKind) => items.filter((i) => i.kind === kind).length;
  return Object.assign(new ConnectedSummary(), {
    total: items.length,
    commerce: count(ProviderKind.COMMERCE),
    marketing: count(ProviderKind.MARKETING),
    logistics: count(ProviderKind.LOGISTICS),
    items,
  });
}

export const toConnectProviderResult = (status: ProviderConnection, channelAccount: ChannelAccount | undefined, push: PushEndpointInfo | undefined) =>
  Object.assign(new ConnectProviderResult(), { status: toProviderStatus(status), channelAccount: channelAccount && toChannelAccount(channelAccount), push });

/** An ad account's day; `sellerCurrency` is what `converted` is in. */
export function toAdSpendDay(r: AdSpendRow, sellerCurrency: string): AdSpendDay {
  return Object.assign(new AdSpendDay(), {
    date: r.date,
    providerId: r.providerId,
    accountId: r.accountId,
    channelAccountId: r.channelAccountId ?? undefined,
    spend: Money.of(r.spend, r.currency),
    converted: r.converted === null ? undefined : Money.of(r.converted, sellerCurrency),
    impressions: r.impressions ?? undefined,
    clicks: r.clicks ?? undefined,
  });
}

/** A shop's registered webhook topics. */
export function toWebhookSubscriptions(s: ShopifyIntegration): WebhookSubscription[] {
  return s.webhooks.map((w) =>
    Object.assign(new WebhookSubscription(), {
      channelAccountId: s.channelAccount.id,
      providerId: s.channelAccount.providerId,
      topic: w.topic,
      address: w.address,
      registeredAt: w.registeredAt ? new Date(w.registeredAt) : undefined,
      active: w.active,
    }),
  );
}

/**
 * A SKU's stock at one location whose stock was read (`onHand`): what can still be sold is what is
 * there less what orders hold, and orders holding more than is there are oversold, never a negative count.
 */
export const toInventoryLevel = (l: ReadLevel): InventoryLevelType =>
  Object.assign(new InventoryLevelType(), {
    sku: l.sku,
    location: l.warehouse.name,
    onHand: l.onHand,
    reserved: l.reserved,
    available: Math.max(l.onHand - l.reserved, 0),
    oversold: Math.max(l.reserved - l.onHand, 0),
    fetchedAt: l.fetchedAt,
  });
