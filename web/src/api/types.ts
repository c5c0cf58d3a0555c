import type { ConnectionState as ConnectionStates, SyncStatus as SyncStatuses } from '../../../src/domain/enums';
import type { Money } from '../format';

/** The shapes of the answers to documents.ts, as the console reads them. */

/** The API's enums as the strings they arrive as, declared once with the server's. */
export type ConnectionState = `${ConnectionStates}`;
export type SyncStatus = `${SyncStatuses}`;

export interface ProviderStatus {
  providerId: string;
  channelAccountId: string | null;
  state: ConnectionState;
  connected: boolean;
  accountName: string | null;
  connectedAt: string | null;
  lastSyncAt: string | null;
  lastSyncStatus: SyncStatus | null;
  error: string | null;
}

export interface SetupFormField {
  key: string;
  label: string;
  type: 'TEXT' | 'PASSWORD' | 'URL' | 'EMAIL' | 'SELECT';
  required: boolean;
  secret: boolean;
  placeholder: string | null;
  helpText: string | null;
  pattern: string | null;
  options: string[] | null;
}

export interface Availability {
  available: boolean;
  unavailableReason: string | null;
}

export interface ProviderAction extends Availability {
  id: string;
  label: string;
  operation: string;
  variables: Record<string, unknown>;
}

export interface CatalogProvider {
  id: string;
  name: string;
  icon: string;
  color: string;
  kind: string;
  connectType: 'OAUTH' | 'API_KEY';
  oauth: (Availability & { mutation: string; queryKey: string }) | null;
  setupFormFields: SetupFormField[];
  setupSteps: string[];
  actions: ProviderAction[];
  status: ProviderStatus;
  accounts: ProviderStatus[];
}

export interface CatalogSection {
  id: string;
  title: string;
  kind: string;
  providers: CatalogProvider[];
}

export interface SyncJob {
  id: string;
  providerId: string;
  scope: string;
  status: SyncStatus;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  total: number | null;
  error: string | null;
  logs: Array<{ at: string; level: string; message: string }>;
}

export interface SyncProgressEvent {
  jobId: string;
  providerId: string;
  status: SyncStatus;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  total: number | null;
  message: string | null;
  at: string;
}

export interface OrderRow {
  id: string;
  providerId: string;
  channelAccountId: string;
  orderNumber: string | null;
  externalId: string;
  status: string;
  paymentMethod: string;
  orderedAt: string;
  priced: boolean;
  total: Money;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ShipmentRow {
  id: string;
  orderId: string | null;
  providerId: string;
  trackingNumber: string;
  carrier: string | null;
  status: string;
  rawStatus: string | null;
  lastEventAt: string | null;
  tracked: boolean;
  attempts: number;
  lastAttemptAt: string | null;
  lastAttemptReason: string | null;
}

export interface OrderDetail extends OrderRow {
  items: Array<{ sku: string; title: string; quantity: number; unitPrice: Money }>;
  shipments: Array<
    ShipmentRow & {
      shippingCost: Money | null;
      rtoCost: Money | null;
      chargesEstimated: boolean;
      events: Array<{ at: string; status: string; rawStatus: string; location: string | null }>;
    }
  >;
  profit: OrderProfit | null;
}

/** The money figures of an order's, a day's or a breakdown row's profit (profit-api). */
export interface ProfitFigures {
  revenue: Money;
  gst: Money;
  cogs: Money;
  channelFees: Money;
  paymentFees: Money;
  shippingCost: Money;
  rtoCost: Money;
  adSpend: Money;
  netProfit: Money;
}

export interface OrderProfit extends ProfitFigures {
  flags: string[];
  complete: boolean;
  estimated: boolean;
  computedAt: string;
  sources: Record<'gst' | 'cogs' | 'channelFees' | 'paymentFees' | 'shippingCost' | 'rtoCost', string>;
}

export interface ProfitDay extends ProfitFigures {
  date: string;
  orders: number;
  incompleteOrders: number;
  estimatedOrders: number;
  adSpendIncomplete: boolean;
  rtoOrders: number;
  rtoRate: number | null;
  roas: number | null;
  poas: number | null;
  cac: Money | null;
}

export interface ProfitBreakdownRow extends ProfitFigures {
  key: string;
  label: string;
  orders: number;
  rtoOrders: number;
  rtoRate: number | null;
  incompleteOrders: number;
  estimatedOrders: number;
}
