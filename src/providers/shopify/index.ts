import type { ProviderModule } from '../types.js';
import { fetchShop, shopifyApi } from './client.js';
import { definition } from './definition.js';
import { shopifyOrders } from './orders.js';

export const shopify: ProviderModule = {
  definition,
  commerce: shopifyOrders,
  /**
   * A custom app's Admin API token connects directly; a public app goes through the OAuth
   * install (beginOAuthInstall), whose callback stores the token it receives the same way.
   */
  async checkCredentials(fields, ctx) {
    if (!fields.access_token) {
      throw shopifyApi.error('request', 'Shopify connects through beginOAuthInstall; to connect a custom app instead, give its Admin API access_token');
    }
    const shop = await fetchShop(fields.shop!, fields.access_token, ctx);
    return { accountName: shop.myshopifyDomain, externalId: shop.myshopifyDomain };
  },
};
