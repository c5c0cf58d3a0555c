import type { ProviderEndpoints } from '../config.js';
import type { ChannelType, ConnectType, FieldType, OrderStatus, PaymentMethod, ProviderKind, ShipmentStatus, SyncScope } from '../domain/enums.js';
import type { Logger } from '../logger.js';
import type { GrantedToken } from './oauth2.js';

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
  /** Other names `connectProvider` takes for this field (spellings the provider's own docs use); stored under `key`. */
  aliases?: string[];
  /**
   * For a secret that signs what the provider sends: when the seller saves a new value, the
   * old one stays as `previous_<key>` until `previous_<key>_expires_at` (ISO), this many hours
   * on, so what the provider signed with the old one still verifies during the rotation.
   */
  keepPreviousHours?: number;
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
  /** For a provider that pushes to Sutra (Myntra's orders, Delhivery's scans). */
  push?: PushSpec;
  /**
   * For a sales channel that books every parcel's courier itself and reports its tracking
   * (Flipkart): its parcels stay the channel's, never linked to a courier account of the seller's.
   */
  channelShipsParcels?: boolean;
  /**
   * For a sales channel that is the seller's own store (Shopify): the seller collects the buyer's
   * payment through a gateway of its own, and no marketplace takes a commission.
   */
  ownStore?: boolean;
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
  /** The payment gateway the channel names for a prepaid payment (Razorpay, PayU, shopify_payments, …). */
  paymentGateway?: string;
  /** Processing fees the channel's transactions report (Shopify Payments); absent when it reports none. */
  paymentFees?: string;
  /** The prices include GST the channel does not state (Flipkart): the profit engine takes it out at the seller's rate. */
  pricesIncludeUnstatedTax?: boolean;
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
  /**
   * Fresh credentials of the account: renewed under a lock (services/credential-renewal.ts) when
   * the stored token expired or is about to, or when `refusedAccessToken` was just refused by the
   * provider; otherwise the stored ones. Throws ProviderError 'auth' when the provider refuses the renewal.
   */
  renewCredentials?(refusedAccessToken?: string): Promise<CredentialFields>;
  /**
   * Watches for the provider's announcement that a long export of this account finished
   * (Shopify's bulk_operations/finish webhook for a bulk operation): the connector waits on it
   * between polls. Absent outside a sync: the connector then only polls.
   */
  watchOperation?(operationId: string): OperationWatch;
  /** A notice for the seller in the sync's log (a warn line), e.g. a faster path the provider refused. */
  notice?(message: string): Promise<void>;
  /**
   * Waits until a deployment-wide budget allows `calls` (default 1) more calls: at most `limit`
   * per `windowMs`, shared by every seller and every Sutra process (services/call-budget.ts).
   * Absent (unit tests): the connector paces in process.
   */
  sharedBudget?(name: string, limit: number, windowMs: number, calls?: number): Promise<void>;
  /**
   * Waits `ms` (a throttle, a report being computed), telling the job queue all along that the
   * run is alive, so a long wait does not lose the job's lock. Absent outside a sync: connectors
   * wait through session-wait.ts, which then uses a plain timer.
   */
  wait?(ms: number): Promise<void>;
}

/** A watch on one provider operation (SyncSession.watchOperation). */
export interface OperationWatch {
  /** Resolves true as soon as the operation was announced finished, false after `ms` without it. */
  wait(ms: number): Promise<boolean>;
  close(): void;
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
  /**
   * The fees the marketplace charged on orders, from its finances, for events posted from
   * `postedAfter` on, page by page (the orders handler writes them after the orders).
   */
  fees?(session: SyncSession, postedAfter: Date): AsyncIterable<OrderFees[]>;
}

/** One scan of a parcel's journey, as the courier reports it. */
export interface TrackingEvent {
  at: Date;
  status: ShipmentStatus;
  rawStatus: string;
  location?: string;
  /** The courier's scan code (Delhivery's StatusCode, e.g. EOD-74). */
  code?: string;
  /** A failed delivery attempt (an NDR scan). */
  failedAttempt?: boolean;
}

/** A parcel's tracking in the common shape (DESIGN.md "Common shapes": TrackingUpdate). */
export interface TrackingUpdate {
  trackingNumber: string;
  status: ShipmentStatus;
  rawStatus: string;
  events: TrackingEvent[];
  /** Failed delivery attempts so far. */
  attempts?: number;
  /** The latest failed delivery attempt. */
  lastFailedAttempt?: { at: Date; code?: string; reason: string };
  /** What the courier charged for each leg, decimal rupee strings, when it says. */
  charges?: { forward?: string; return?: string };
  /** The parcel's weight in grams, when the courier says (the rate card's slab). */
  weightGrams?: number;
  /** The delivery pincode, when the courier says (the rate card's zone). */
  destinationPincode?: string;
}

/**
 * A courier's tracking of the seller's parcels (services/sync/handlers/tracking.ts calls it,
 * one batch of open shipments at a time).
 */
export interface LogisticsConnector {
  /** Most AWBs one tracking call takes (Delhivery 50, Selloship 50). */
  readonly trackBatchSize: number;
  /** One call's worth: updates for the AWBs the courier knows (unknown AWBs are left out). */
  track(session: SyncSession, trackingNumbers: readonly string[]): Promise<TrackingUpdate[]>;
  /** The label (packing slip) PDF URL of one AWB; ProviderError in the courier's words when refused. */
  label?(session: SyncSession, trackingNumber: string): Promise<string>;
  /** Asks for another delivery attempt; throws InputError saying why when the courier's rules forbid it now. */
  requestReattempt?(session: SyncSession, trackingNumber: string, now: Date): Promise<{ requestId: string }>;
  /** Books a parcel with the courier: its AWB, and its label when the courier gave one; ProviderError in the courier's words when refused. */
  book?(session: SyncSession, parcel: ParcelBooking): Promise<BookedParcel>;
}

/** A parcel to book with a courier (from the pickup location of the seller's courier account). */
export interface ParcelBooking {
  /** The seller's reference of the order, which the courier keeps on the parcel. */
  orderRef: string;
  /** Who receives it and where: the seller gives name, phone and street, since Sutra does not keep them. */
  recipient: { name: string; phone: string; address: string; city: string; state: string; pincode: string; country: string };
  cod: boolean;
  /** Decimal rupee strings: what the courier collects (0 when prepaid) and the parcel's value. */
  codAmount: string;
  totalAmount: string;
  productsDescription: string;
  quantity: number;
  weightGrams?: number;
}

/** A booked parcel: the courier's AWB and, when the courier gave it, the label's link. */
export interface BookedParcel {
  trackingNumber: string;
  labelUrl?: string;
}

/** One day's spend of one ad account (DESIGN.md "Common shapes": SpendRow). */
export interface SpendRow {
  /** YYYY-MM-DD, in the ad account's timezone. */
  date: string;
  /** The ad account's id at the platform (Meta's without act_, a Google client customer id). */
  accountId: string;
  /** A decimal string in `currency` (Google's micros already divided). */
  spend: string;
  currency: string;
  /** The ad account's IANA time zone, when the platform says. */
  timezone?: string;
  impressions?: number;
  clicks?: number;
}

/** The days an ad spend sync reads: inclusive, YYYY-MM-DD, in the ad account's time zone. */
export interface SpendWindow {
  from: string;
  to: string;
}

/** One page of an ad spend sync: days the connector read, a day without delivery as spend 0. */
export interface SpendPage {
  rows: SpendRow[];
  /** Days the whole window holds over all accounts read, when known (progress). */
  total?: number;
}

/** An ad platform's daily spend (services/sync/handlers/ad-spend.ts writes it). */
export interface MarketingConnector {
  /**
   * How many days back the platform revises spend: the nightly sync reads this many days before
   * yesterday again (Meta 28, Google 30; AD_SPEND_RESTATEMENT_DAYS overrides).
   */
  readonly restatementDays: number;
  /** Every day of the window for every ad account the connection reads, page by page. */
  spend(session: SyncSession, window: SpendWindow): AsyncIterable<SpendPage>;
}

/** Fees a marketplace charged on one order (Amazon's finances), as it reports them. */
export interface OrderFees {
  /** The order's id at the channel (CommonOrder.externalId). */
  externalOrderId: string;
  /** Every fee on the order (referral, closing, fulfilment, …) and the GST on them, positive, in `currency`. */
  fees: string;
  currency: string;
}

/** Opens a session on the account a delivery is for, only when reading it needs the provider (a re-read of the order). */
export type OpenSession = () => Promise<SyncSession>;

/** What reading a delivery gave: its orders, or why the body is not what the provider sends. */
export type DeliveredOrders = { orders: CommonOrder[] } | { error: string };

/**
 * Something a provider tells Sutra about an account other than its orders (Shopify's webhooks):
 * stock moved, the app was removed, a privacy request. The account events handler acts on it.
 */
export type AccountEvent =
  | { kind: 'stock'; levels: StockLevel[] }
  /** The seller removed Sutra's app: the account needs reinstalling. */
  | { kind: 'uninstalled'; message: string }
  /** Erase this customer's personal data from these orders (external ids) of the account. */
  | { kind: 'customerRedact'; customer: string; orderIds: string[] }
  /** Erase everything Sutra holds of the account. */
  | { kind: 'shopRedact' }
  /** Record what Sutra holds of this customer (these orders) for the seller to send. */
  | { kind: 'customerDataRequest'; customer: string; requestId?: string; orderIds: string[] }
  /** A bulk operation of the account's finished (its status and, when completed, where its file is). */
  | { kind: 'bulkOperationFinished'; operationId: string; status: string; errorCode?: string };

/** What reading a courier's scan push gave: the parcels it moved, or why the body is not what the courier sends. */
export type DeliveredScans = { updates: TrackingUpdate[] } | { error: string };

/** What a pushing provider sent, read by its own rules (the receiver and the push job call it). */
export interface PushConnector {
  /** What a push is stored under (WebhookEvent.topic) when the provider names no topic of its own (Myntra). */
  topic: string;
  /** The topics whose deliveries carry orders (the orders handler writes them); absent: only `topic`. */
  orderTopics?: readonly string[];
  /**
   * The same key for every resend of the same push, so it is stored once; undefined when the
   * body is not the provider's shape (the raw body's hash stands in). Unused when the provider
   * names each delivery itself (Shopify's X-Shopify-Webhook-Id).
   */
  deliveryKey(body: unknown): string | undefined;
  /** The pushed orders of a delivery of `topic` in the common shape, or why the body is not what the provider sends; absent for a push of no orders (a courier's). */
  orders?(body: unknown, topic: string, session: OpenSession): DeliveredOrders | Promise<DeliveredOrders>;
  /** The topics whose deliveries carry parcels' scans (Delhivery's scan push): the tracking handler writes them. */
  trackingTopics?: readonly string[];
  /** A delivery of one of `trackingTopics`, read into tracking updates. */
  tracking?(body: unknown, topic: string): DeliveredScans;
  /** The topics read as account events (`event`). */
  eventTopics?: readonly string[];
  /** A delivery of one of `eventTopics`, read. */
  event?(body: unknown, topic: string, session: OpenSession): Promise<AccountEvent | { error: string }>;
}

/** The app a seller installs: its key and secret (the seller's own or the deployment's) and the scopes it asks for. */
export interface InstallApp {
  apiKey: string;
  apiSecret: string;
  /** The secret before the last rotation, while what the provider signed with it still counts. */
  previousApiSecret?: string;
  /** Comma-separated, as the authorize URL carries them. */
  scopes: string;
}

/** A provider's OAuth app install: the account's domain check, the authorize URL, the callback's signature and the code exchange. */
export interface AppInstaller {
  /** The canonical account domain, or undefined when `input` is not one. */
  shopDomain(input: string): string | undefined;
  authorizeUrl(shop: string, app: InstallApp, redirectUri: string, state: string, ctx: ProviderContext): string;
  verifyCallback(query: Record<string, string>, secret: string): boolean;
  /** Whether the callback is recent enough (its signed timestamp), by the provider's rule. */
  callbackFresh(query: Record<string, string>): boolean;
  exchangeCode(shop: string, code: string, app: InstallApp, ctx: ProviderContext): Promise<GrantedToken>;
  /** The account's credential fields from the token the install was granted (and the app it belongs to). */
  credentialFields(shop: string, token: GrantedToken, app: InstallApp): CredentialFields;
}

/** An account's expiring access token and how it is renewed (services/credential-renewal.ts). */
export interface TokenRenewal {
  /** The provider whose credentials hold the app the token was issued to (shopify_app). */
  appProviderId: string;
  /** The key of the app the token was issued to; undefined when the token is not renewed (a custom app's). */
  appKey(fields: CredentialFields): string | undefined;
  /** When the token must be renewed by; undefined when it does not expire yet and must be migrated. */
  renewBy(fields: CredentialFields): Date | undefined;
  /** What the seller must do when the token cannot be renewed. */
  reconnectHint(fields: CredentialFields): string;
  /** The account's fields with a renewed token (and whatever rotated with it). */
  renew(fields: CredentialFields, app: InstallApp, ctx: ProviderContext): Promise<CredentialFields>;
}

/** One webhook subscription of an account, as the provider lists it. */
export interface WebhookSubscriptionInfo {
  /** The provider's id of the subscription (gid://shopify/WebhookSubscription/…). */
  id: string;
  /** In the provider's delivery words: orders/create. */
  topic: string;
  address: string;
  createdAt?: Date;
}

/** A provider whose webhooks Sutra subscribes each account to through its API (Shopify's webhookSubscriptionCreate). */
export interface WebhookRegistrar {
  /** The topics every account is subscribed to, in the provider's delivery words. */
  topics: readonly string[];
  /** Where deliveries go, after PUBLIC_URL. */
  receiverPath: string;
  /** Every subscription the account has, at any address. */
  list(session: SyncSession): Promise<WebhookSubscriptionInfo[]>;
  /** Subscribes the account to `topic` at `address`; a refusal is a ProviderError in the provider's words. */
  create(session: SyncSession, topic: string, address: string): Promise<WebhookSubscriptionInfo>;
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
  /** A courier's tracking. */
  logistics?: LogisticsConnector;
  /** An ad platform's daily spend. */
  marketing?: MarketingConnector;
  /**
   * How the provider's pushes are read: a pushing provider's (its definition's `push`), or the
   * webhooks Shopify sends (http/shopify-webhooks.ts). The orders handler writes their orders.
   */
  intake?: PushConnector;
  /** Present when Sutra subscribes the provider's accounts to its webhooks (registerShopifyWebhooks). */
  webhooks?: WebhookRegistrar;
  /** Present when the provider installs as an app through OAuth (beginOAuthInstall and its callback). */
  appInstall?: AppInstaller;
  /** Present when the provider's access tokens expire and Sutra renews them (credential-renewal.ts). */
  tokens?: TokenRenewal;
  /**
   * Checks the credentials against the provider itself where the provider lets us; throws
   * ProviderError ('auth' when the provider refused them). Absent when no check exists.
   */
  checkCredentials?(fields: CredentialFields, ctx: ProviderContext): Promise<CredentialCheck>;
}
