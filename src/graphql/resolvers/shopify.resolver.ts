import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ShopifyIntegration } from '../../domain/index.js';
import { notImplemented } from '../../providers/capabilities.js';
import { getProviderModule } from '../../providers/registry.js';
import type { AuthedContext } from '../context.js';
import { toWebhookSubscriptions } from '../mappers.js';
import { WebhookSubscription } from '../types/webhook-subscription.js';

@Resolver()
export class ShopifyResolver {
  /** The Shopify webhook topics registered for the user's shops. */
  @Authorized()
  @Query(() => [WebhookSubscription])
  async webhookSubscriptions(@Ctx() ctx: AuthedContext): Promise<WebhookSubscription[]> {
    const shops = await ctx.em.find(ShopifyIntegration, { uninstalledAt: null }, { populate: ['channelAccount'] });
    return shops.flatMap(toWebhookSubscriptions);
  }

  @Authorized()
  @Mutation(() => [WebhookSubscription])
  async registerShopifyWebhooks(@Arg('channelAccountId', () => ID, { nullable: true }) _channelAccountId?: string): Promise<WebhookSubscription[]> {
    throw notImplemented(getProviderModule('shopify')!, 'webhooks');
  }
}
