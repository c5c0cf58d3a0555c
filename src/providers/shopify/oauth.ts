import { createHmac, timingSafeEqual } from 'node:crypto';
import { requestToken, type GrantedToken } from '../oauth2.js';
import type { AppInstaller, InstallApp, ProviderContext } from '../types.js';
import { shopifyApi } from './client.js';

/**
 * Shopify's OAuth (docs/providers.md §1.1): the install of an app by the authorization-code grant
 * (the shop domain check, the authorize URL, the callback's query HMAC and timestamp, the code
 * exchange for an expiring offline token), and the renewal of that token (refresh, and the
 * token exchange that migrates a non-expiring one).
 */

// Stricter than Shopify's own validator (§1.5): production shops live on myshopify.com. Same as the definition's field pattern.
const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The shop's canonical domain (lower case), or undefined when `input` is not a .myshopify.com domain. */
export function shopDomain(input: string): string | undefined {
  const shop = input.trim().toLowerCase();
  return SHOP.test(shop) ? shop : undefined;
}

/**
 * The string Shopify signs in a callback or admin link (§1.4): every parameter but `hmac` and
 * `signature`, keys sorted, URL-encoded as URLSearchParams does with `+` written `%20`.
 */
export function signedQuery(query: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) if (key !== 'hmac' && key !== 'signature') params.append(key, query[key]!);
  return params.toString().replace(/\+/g, '%20');
}

/** Hex HMAC-SHA256 of the signed query with the app's secret. */
export function queryHmac(query: Record<string, string>, secret: string): string {
  return createHmac('sha256', secret).update(signedQuery(query)).digest('hex');
}

/** Whether the query's `hmac` is the app's signature of the rest, compared in constant time. */
export function verifyQueryHmac(query: Record<string, string>, secret: string): boolean {
  const given = query.hmac;
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(queryHmac(query, secret), 'hex'));
}

// The library's window for the callback's timestamp (docs/providers.md §1.4 item 5), adopted as Sutra's policy.
const TIMESTAMP_TOLERANCE_S = 90;

/**
 * Whether the callback's `timestamp` (seconds) is an integer within 90 s of now, as Shopify's
 * library requires (§1.4 item 5: its policy, which Sutra adopts): a signed callback kept
 * aside and replayed later is refused even before its single-use state is looked at.
 */
export function callbackFresh(query: Record<string, string>, now = Date.now()): boolean {
  const { timestamp } = query;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now / 1000 - Number(timestamp)) <= TIMESTAMP_TOLERANCE_S;
}

/** The shop's own address (SHOPIFY_BASE_URL, so a sandbox can stand in). */
const shopBase = (shop: string, ctx: ProviderContext) => ctx.endpoints.shopifyBaseUrl.replace('{shop}', shop).replace(/\/$/, '');
/** Where every grant goes (§1.1 steps 3–5). */
const tokenUrl = (shop: string, ctx: ProviderContext) => `${shopBase(shop, ctx)}/admin/oauth/access_token`;

/** Where the seller's browser approves the app (§1.1 step 1); offline access, so no `grant_options[]`. */
export function authorizeUrl(shop: string, app: InstallApp, redirectUri: string, state: string, ctx: ProviderContext): string {
  const query = new URLSearchParams({ client_id: app.apiKey, scope: app.scopes, redirect_uri: redirectUri, state });
  return `${shopBase(shop, ctx)}/admin/oauth/authorize?${query.toString().replace(/\+/g, '%20')}`;
}

/**
 * Exchanges the callback's code for an expiring offline token (§1.1 step 3: `expiring=1`; a
 * public app must ask for it from 2027-01-01). UNVERIFIED: the endpoint taking a form body as it
 * takes JSON (the library sends JSON; Shopify's docs show both forms).
 */
export function exchangeCode(shop: string, code: string, app: InstallApp, ctx: ProviderContext): Promise<GrantedToken> {
  return requestToken(shopifyApi, ctx, {
    url: tokenUrl(shop, ctx),
    params: { code, expiring: '1' },
    client: { id: app.apiKey, secret: app.apiSecret, in: 'params' },
    refused: {
      grant: { what: 'the authorization code', hint: 'Install the app again from Sutra (the code is single-use and short-lived)' },
      client: { what: 'the Shopify app key and secret', hint: 'Check the API key and secret saved as Shopify app credentials' },
    },
  });
}

/** What the seller does when Shopify will not renew a shop's token: only a new install issues a new token set (§1.1). */
export const reinstallHint = (shop: string) => `To reconnect it, reinstall Sutra on ${shop} (begin the install again from Sutra's Shopify card)`;

/** Who refused, in the seller's words: the grant itself, or the app's key and secret. Both end in a reinstall. */
function renewalRefused(shop: string, grant: string) {
  return {
    grant: { what: `${grant} for ${shop}`, hint: reinstallHint(shop) },
    client: {
      what: 'the Shopify app key and secret',
      hint: `Check the API key and secret saved as Shopify app credentials. ${reinstallHint(shop)}`,
    },
  };
}

/**
 * Refreshes an expiring offline token (§1.1 step 4: grant_type refresh_token). The answer
 * carries a new refresh token too (rotation): the caller stores both in one write.
 * UNVERIFIED: Shopify refusing an expired, revoked or unknown refresh token with invalid_grant (RFC 6749 §5.2).
 */
export function refreshAccessToken(shop: string, refreshToken: string, app: InstallApp, ctx: ProviderContext): Promise<GrantedToken> {
  return requestToken(shopifyApi, ctx, {
    url: tokenUrl(shop, ctx),
    params: { grant_type: 'refresh_token', refresh_token: refreshToken },
    client: { id: app.apiKey, secret: app.apiSecret, in: 'params' },
    refused: renewalRefused(shop, 'the refresh token'),
  });
}

const OFFLINE_TOKEN = 'urn:shopify:params:oauth:token-type:offline-access-token';

/**
 * Swaps a shop's non-expiring offline token for an expiring pair, without the merchant (the
 * token-exchange grant, docs/providers.md §1.1, as Shopify's library migrates tokens). Shopify
 * answers a retry with the same token with the same pair for 7 days, so an answer lost on the way is not fatal.
 */
export function exchangeNonExpiringToken(shop: string, accessToken: string, app: InstallApp, ctx: ProviderContext): Promise<GrantedToken> {
  return requestToken(shopifyApi, ctx, {
    url: tokenUrl(shop, ctx),
    params: {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: accessToken,
      subject_token_type: OFFLINE_TOKEN,
      requested_token_type: OFFLINE_TOKEN,
      expiring: '1',
    },
    client: { id: app.apiKey, secret: app.apiSecret, in: 'params' },
    refused: renewalRefused(shop, 'the exchange of its non-expiring token'),
  });
}

/** The credential fields of a shop installed through the app: the token set, and which app it belongs to. */
export function installedShopFields(shop: string, token: GrantedToken, apiKey: string): Record<string, string> {
  const fields: Record<string, string> = {
    shop,
    access_token: token.accessToken,
    access_token_expires_at: token.expiresAt.toISOString(),
    // Which app the token belongs to: a refresh must present the same app's key and secret.
    api_key: apiKey,
  };
  if (token.refreshToken) fields.refresh_token = token.refreshToken;
  if (token.refreshTokenExpiresAt) fields.refresh_token_expires_at = token.refreshTokenExpiresAt.toISOString();
  return fields;
}

export const shopifyInstaller: AppInstaller = {
  shopDomain,
  authorizeUrl,
  verifyCallback: verifyQueryHmac,
  callbackFresh,
  exchangeCode,
  credentialFields: (shop, token, app) => installedShopFields(shop, token, app.apiKey),
};
