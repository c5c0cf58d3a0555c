import type { ShopifyInstalls } from '../shopify-oauth.js';
import type { ShopifyWebhookSender } from '../shopify-webhook-sender.js';
import type { ShopifyBulkControls } from './shopify-bulk.js';
import type { IssuedTokens } from '../tokens.js';
import type { SandboxFaults } from './faults.js';
import type { OrderBook } from './order-book.js';
import type { ParcelBook } from './parcels.js';
import type { AdSpendBook } from './ad-spend.js';

/** What every sandbox route shares: the order book, faults, issued tokens, the rate scale. */
export interface SandboxState {
  book: OrderBook;
  /** Every AWB the sandbox couriers know, moving through its lifecycle (parcels.ts). */
  parcels: ParcelBook;
  /** Every sandbox ad account's daily spend, for the Meta and Google sandboxes (ad-spend.ts). */
  adSpend: AdSpendBook;
  faults: SandboxFaults;
  /** Multiplies every usage plan, so tests run fast while still meeting 429s. */
  rateScale: number;
  /** While set, every credential and token is refused (a seller revoked the app). */
  revoked: boolean;
  tokens: { amazon: IssuedTokens; flipkart: IssuedTokens; google: IssuedTokens };
  /** The shops that installed the sandbox's Shopify app through OAuth, and their tokens (shopify-oauth.ts). */
  shopifyInstalls: ShopifyInstalls;
  /** Shopify shops' webhook subscriptions, and the deliveries signed as Shopify signs them. */
  shopifyWebhooks: ShopifyWebhookSender;
  /** Shopify's bulk operations: access switched on or not (shopify-bulk.ts). */
  shopifyBulk: ShopifyBulkControls;
}
