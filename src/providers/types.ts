import type { ProviderEndpoints } from '../config.js';
import type { ChannelType, ConnectType, FieldType, OrderStatus, PaymentMethod, ProviderKind, ShipmentStatus, SyncScope } from '../domain/enums.js';
import type { Logger } from '../logger.js';

/** One input of a provider's connect form; `connectProvider` validates against these. */
export interface CredentialField {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Never echoed back by any query, never logged. */
  secret: boolean;
  placeholder?: string;
  helpText?: string;
  /** A regular expression (anchored) the value must match. */
  pattern?: string;
  options?: string[];
}

/**
 * What an operation needs the provider's module to offer. Whether a module offers it, and the
 * words for what is missing, live in capabilities.ts: the catalog and the operations read them there.
 */
export type Capability = 'orders' | 'inventory' | 'shipments' | 'adSpend' | 'webhooks' | 'appInstall';

/** A button on the provider's card: which GraphQL operation it calls, with which variables. */
export interface ProviderActionDef {
  id: string;
  label: string;
  operation: string;
  variables: Record<string, unknown>;
  /** What the operation needs of the provider's module; none for what works with every provider (disconnect). */
  needs?: Capability;
}

export interface OAuthSpec {
  mutation: string;
  queryKey: string;
  callbackPath: string;
}

/** Everything the catalog and validation know of a provider; lives in its `definition.ts`. */
export interface ProviderDefinition {
  id: string;
  name: string;
  /** An icon name the frontend maps to artwork (e.g. "shopify"). */
  icon: string;
  /** #RRGGBB */
  color: string;
  kind: ProviderKind;
  connectType: ConnectType;
  oauth?: OAuthSpec;
  /** For commerce providers: the sales channel the account belongs to. */
  channelType?: ChannelType;
  fields: CredentialField[];
  setupSteps: string[];
  actions: ProviderActionDef[];
  /** Sync scopes `syncProvider` accepts for this provider; the first is the default. */
  syncScopes: SyncScope[];
  /** Which credential field names the account to the seller (never a secret one). */
  accountNameField?: string;
  /** Shown only as part of another provider's setup, not as a catalog card. */
  hidden?: boolean;
  /** For a provider that pushes its orders to Sutra instead of being pulled (Myntra). */
  push?: PushSpec;
}

/**
 * Where a pushing provider delivers: `${PUBLIC_URL}${receiverPath}/${channelAccountId}`, with
 * the account's push token (issued at connect, shown once) as `Authorization: Bearer <token>`.
 */
export interface PushSpec {
  receiverPath: string;
}

/** What a provider's code is handed: where the provider lives and where to log. */
export interface ProviderContext {
  endpoints: ProviderEndpoints;
  log: Logger;
}

/** Validated credential fields, trimmed, keyed by field key. */
export type CredentialFields = Record<string, string>;

/** What a live check learnt about the account. */
export interface CredentialCheck {
  /** What the seller recognises the account by (never a secret). */
  accountName?: string;
  /** The account's id at the provider, for the ChannelAccount of a commerce provider. */
  externalId?: string;
}

/**
 * A decimal string in the order's currency, or null while the channel has not priced it
 * yet (Amazon's Pending orders carry no amounts): unknown is stored as unknown, never as 0.
 */
export type MaybeMoney = string | null;

/** One order line in the common shape. */
export interface CommonOrderItem {
  externalLineId: string;
  sku: string;
  title: string;
  quantity: number;
  /** Price of one unit before discounts, tax excluded (each provider's one tax rule). */
  unitPrice: MaybeMoney;
  /** Discount on the whole line, its share of order-level discounts included. */
  discount: MaybeMoney;
  tax: MaybeMoney;
  /**
   * For orders assembled from parts (`CommonOrder.partial`): this line's own status, its
   * provider words and the shipping charged on it. The order's status and totals are
   * then computed from all of its stored lines.
   */
  status?: OrderStatus;
  rawStatus?: string;
  shipping?: MaybeMoney;
}

/** A parcel of the order as the sales channel knows it (Flipkart shipment, Amazon package, Shopify fulfillment). */
export interface CommonShipment {
  /** The channel's own id of the shipment. */
  externalId: string;
  /** The courier's AWB, once one is assigned. */
  trackingNumber?: string;
  /** The courier's name as the channel gives it. */
  carrier?: string;
  status: ShipmentStatus;
  rawStatus?: string;
}

/**
 * Who ships an order's goods: the seller, from stock it holds (stock Sutra reserves for the
 * order until it ships), or the sales channel, from its own warehouse (Amazon FBA, Flipkart
 * FBF), which takes nothing from the seller's stock.
 */
export type FulfilledBy = 'SELLER' | 'CHANNEL';

/** One order in the common shape, whatever provider it came from (README "Adding a provider", step 2). */
export interface CommonOrder {
  externalId: string;
  orderNumber?: string;
  status: OrderStatus;
  /** The provider's own status words, e.g. "Shipped" or "PAID/FULFILLED". */
  rawStatus: string;
  paymentMethod: PaymentMethod;
  currency: string;
  orderedAt: Date;
  updatedAt: Date;
  /** Before discounts, tax excluded. Revenue = itemSubtotal − discounts + shippingCharged. */
  itemSubtotal: MaybeMoney;
  discounts: MaybeMoney;
  shippingCharged: MaybeMoney;
  tax: MaybeMoney;
  /** What the customer pays now (after refunds where the channel says), tax included. */
  total: MaybeMoney;
  /** The marketplace's own fee figures, when its API reports them. */
  channelFees?: string;
  customer: { city?: string; state?: string; pincode?: string };
  items: CommonOrderItem[];
  /**
   * This copy carries only some of the order's lines (one Flipkart shipment of a split
   * order): its lines are merged into the stored order, whose status and totals are then
   * computed from all of its stored lines.
   */
  partial?: boolean;
  shipments?: CommonShipment[];
  /** Who ships it (for a partial copy: its lines); each provider's normalizer reads it from the payload. Absent: the seller. */
  fulfilledBy?: FulfilledBy;
}

/** One page of a commerce sync. */
export interface OrderPage {
  orders: CommonOrder[];
  /**
   * Where to resume: saved with this page's rows in one transaction. When `done`, it is
   * the resting cursor the next incremental sync starts from.
   */
  cursor: string;
  done: boolean;
  /** How many orders the whole sync will see, when the provider says. */
  total?: number;
}

/** What a connector is handed for one sync job. */
export interface SyncSession extends ProviderContext {
  credentials: CredentialFields;
  /** The account's saved cursor; absent on a first sync. */
  cursor?: string;
  /** Start of the window asked for (`syncProvider(since:)`); overrides the cursor. */
  since?: Date;
  /** How far back a first sync reaches when neither cursor nor since is given. */
  firstSyncFrom: Date;
}

/** Stock of one SKU at one of the channel's own locations, as the channel counts it. */
export interface StockLevel {
  sku: string;
  locationId: string;
  locationName: string;
  onHand: number;
  updatedAt: Date;
}

/** A sales channel's orders, page by page, from a cursor; and its stock, where it keeps any. */
export interface CommerceConnector {
  pages(session: SyncSession): AsyncIterable<OrderPage>;
  /** Every stock level, page by page (syncs with scope ORDERS_AND_INVENTORY or INVENTORY). */
  inventory?(session: SyncSession): AsyncIterable<StockLevel[]>;
}

/** One scan of a parcel's journey, as the courier reports it. */
export interface TrackingEvent {
  at: Date;
  status: ShipmentStatus;
  rawStatus: string;
  location?: string;
}

/** A parcel's tracking in the common shape (DESIGN.md "Common shapes": TrackingUpdate). */
export interface TrackingUpdate {
  trackingNumber: string;
  status: ShipmentStatus;
  rawStatus: string;
  events: TrackingEvent[];
  /** What the courier charged for the parcel, a decimal string in rupees, when it says. */
  charges?: string;
}

/** One page of a tracking sync; its cursor is saved with its rows, as an order page's is. */
export interface TrackingPage {
  updates: TrackingUpdate[];
  cursor: string;
  done: boolean;
  total?: number;
}

/**
 * A courier's tracking of the seller's parcels. No provider offers it in this version: the
 * slot is where Delhivery's and Selloship's go, with the tracking handler that writes them
 * (services/sync/handlers/); until both exist their "Sync shipments" answers NOT_IMPLEMENTED.
 */
export interface LogisticsConnector {
  tracking(session: SyncSession, trackingNumbers: readonly string[]): AsyncIterable<TrackingPage>;
}

/** One day's spend of one ad account (DESIGN.md "Common shapes": SpendRow). */
export interface SpendRow {
  /** YYYY-MM-DD, in the ad account's timezone. */
  date: string;
  accountId: string;
  /** A decimal string in `currency`. */
  spend: string;
  currency: string;
  impressions?: number;
  clicks?: number;
}

/** One page of an ad spend sync. */
export interface SpendPage {
  rows: SpendRow[];
  cursor: string;
  done: boolean;
  total?: number;
}

/**
 * An ad platform's daily spend. No provider offers it in this version: the slot is where Meta
 * Ads' and Google Ads' go, with the ad spend handler that writes them.
 */
export interface MarketingConnector {
  spend(session: SyncSession): AsyncIterable<SpendPage>;
}

/** What a pushing provider sent, read by its own rules (the receiver and the push job call it). */
export interface PushConnector {
  /** What the push is stored under (WebhookEvent.topic). */
  topic: string;
  /**
   * The same key for every resend of the same push, so it is stored once; undefined when the
   * body is not the provider's shape (the raw body's hash stands in).
   */
  deliveryKey(body: unknown): string | undefined;
  /** The pushed orders in the common shape, or why the body is not what the provider sends. */
  orders(body: unknown): { orders: CommonOrder[] } | { error: string };
}

/** A provider folder's exports (its index.ts). */
export interface ProviderModule {
  definition: ProviderDefinition;
  /**
   * The kinds of work the module offers, one slot each: the sync handler of that kind
   * (services/sync/handlers/) reads it, and the catalog greys out an action whose slot is
   * empty (capabilities.ts). Present for commerce providers that Sutra pulls.
   */
  commerce?: CommerceConnector;
  /** A courier's tracking (none yet). */
  logistics?: LogisticsConnector;
  /** An ad platform's daily spend (none yet). */
  marketing?: MarketingConnector;
  /** Present for providers whose definition has `push`: how their pushes are read (the orders handler writes them). */
  intake?: PushConnector;
  /**
   * Checks the credentials against the provider itself where the provider lets us; throws
   * ProviderError ('auth' when the provider refused them). Absent when no check exists.
   */
  checkCredentials?(fields: CredentialFields, ctx: ProviderContext): Promise<CredentialCheck>;
}
