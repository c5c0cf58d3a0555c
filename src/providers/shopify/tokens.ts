import type { TokenRenewal } from '../types.js';
import { shopifyApi } from './client.js';
import { exchangeNonExpiringToken, installedShopFields, refreshAccessToken, reinstallHint } from './oauth.js';

/**
 * The renewal of a shop's token (docs/providers.md §1.1): an expiring offline token is refreshed
 * with its refresh token, which rotates; a non-expiring one from an earlier install is swapped for
 * an expiring pair by the token exchange. A custom app's Admin API token (no app key stored) does
 * not expire and is never renewed. When and under which lock is credential-renewal.ts's business.
 */
export const shopifyTokens: TokenRenewal = {
  appProviderId: 'shopify_app',
  appKey: (fields) => fields.api_key,
  renewBy: (fields) => (fields.access_token_expires_at ? new Date(fields.access_token_expires_at) : undefined),
  async renew(fields, app, ctx) {
    const shop = fields.shop!;
    if (!fields.access_token_expires_at) {
      ctx.log.info({ provider: shopifyApi.id, shop }, 'migrating a non-expiring Shopify token to an expiring one');
      return { ...fields, ...installedShopFields(shop, await exchangeNonExpiringToken(shop, fields.access_token!, app, ctx), app.apiKey) };
    }
    // A refresh token lives 90 days (§1.1); past that only a new install helps, and Shopify need not be asked.
    if (!fields.refresh_token || !(Date.parse(fields.refresh_token_expires_at ?? '') > Date.now())) {
      throw shopifyApi.error('auth', `Shopify's refresh token for ${shop} expired (no sync for 90 days). ${reinstallHint(shop)}`);
    }
    return { ...fields, ...installedShopFields(shop, await refreshAccessToken(shop, fields.refresh_token, app, ctx), app.apiKey) };
  },
  reconnectHint: (fields) => reinstallHint(fields.shop!),
};
