import type { ProviderModule } from '../types.js';
import { fetchShop, shopifyApi } from './client.js';
import { definition } from './definition.js';
import { shopifyInstaller } from './oauth.js';
import { shopifyOrders } from './orders.js';
import { shopifyWebhookIntake } from './webhooks.js';
import { shopifyTokens } from './tokens.js';
import { shopifyWebhooks } from './webhook-subscriptions.js';

export const shopify: ProviderModule = {
  definition,
  commerce: shopifyOrders,
  /** Its webhooks (http/shopify-webhooks.ts checks their signature first). */
  intake: shopifyWebhookIntake,
  appInstall: shopifyInstaller,
  tokens: shopifyTokens,
  webhooks: shopifyWebhooks,
  /** A custom app's Admin API token connects directly; an app installs through beginOAuthInstall instead. */
  async checkCredentials(fields, ctx) {
    if (!fields.access_token) {
      throw shopifyApi.error(
        'request',
        "Give your custom app's Admin API access_token (Shopify admin → Settings → Apps and sales channels → Develop apps); " +
          'or install your Shopify app through OAuth (beginOAuthInstall with the shop domain)',
      );
    }
    const shop = await fetchShop(fields.shop!, fields.access_token, ctx);
    return { accountName: shop.myshopifyDomain, externalId: shop.myshopifyDomain };
  },
};
