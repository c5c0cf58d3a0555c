import type { ProviderEndpoints } from '../config.js';
import type { ChannelType, ConnectType, FieldType, OrderStatus, PaymentMethod, ProviderKind, SyncScope } from '../domain/enums.js';
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

/** A button on the provider's card: which GraphQL operation it calls, with which variables. */
export interface ProviderActionDef {
  id: string;
  label: string;
  operation: string;
  variables: Record<string, unknown>;
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

/** One order line in the common shape. Money is a decimal string in the order's currency. */
export interface CommonOrderItem {
  externalLineId: string;
  sku: string;
  title: string;
  quantity: number;
  /** Price of one unit before discounts, tax excluded where the provider separates it. */
  unitPrice: string;
  /** Discount on the whole line. */
  discount: string;
  tax: string;
}

/** One order in the common shape, whatever provider it came from (DESIGN.md "Common shapes"). */
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
  itemSubtotal: string;
  discounts: string;
  shippingCharged: string;
  tax: string;
  total: string;
  /** The marketplace's own fee figures, when its API reports them. */
  channelFees?: string;
  customer: { city?: string; state?: string; pincode?: string };
  items: CommonOrderItem[];
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

/** A provider folder's exports (its index.ts). */
export interface ProviderModule {
  definition: ProviderDefinition;
  /** Present for commerce providers. */
  commerce?: CommerceConnector;
  /**
   * Checks the credentials against the provider itself where the provider lets us; throws
   * ProviderError ('auth' when the provider refused them). Absent when no check exists.
   */
  checkCredentials?(fields: CredentialFields, ctx: ProviderContext): Promise<CredentialCheck>;
}
