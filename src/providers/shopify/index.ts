import type { ProviderModule } from '../types.js';
import { fetchShop, shopifyApi } from './client.js';
import { definition } from './definition.js';
import { shopifyOrders } from './orders.js';

export const shopify: ProviderModule = {
  definition,
  commerce: shopifyOrders,
  /**
   * A custom app's Admin API token connects directly. The OAuth install of a public app
   * (beginOAuthInstall, advertised by the catalog) is not served yet by this version.
   */
  async checkCredentials(fields, ctx) {
    if (!fields.access_token) {
      throw shopifyApi.error(
        'request',
        "Give your custom app's Admin API access_token (Shopify admin → Settings → Apps and sales channels → Develop apps); " +
          'installing Sutra as an app (beginOAuthInstall) is not available yet in this version of Sutra',
      );
    }
    const shop = await fetchShop(fields.shop!, fields.access_token, ctx);
    return { accountName: shop.myshopifyDomain, externalId: shop.myshopifyDomain };
  },
};
