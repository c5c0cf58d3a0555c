import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ShopifyIntegration } from '../../domain/index.js';
import { registerShopifyWebhooks } from '../../services/shopify-webhook-registration.js';
import type { AuthedContext } from '../context.js';
import { toWebhookSubscriptions } from '../mappers.js';
import { WebhookSubscription } from '../types/webhook-subscription.js';

@Resolver()
export class ShopifyResolver {
  /** The Shopify webhook topics registered for the user's connected shops; a topic Shopify refused is listed inactive. */
  @Authorized()
  @Query(() => [WebhookSubscription])
  async webhookSubscriptions(@Ctx() ctx: AuthedContext): Promise<WebhookSubscription[]> {
    const shops = await ctx.em.find(
      ShopifyIntegration,
      { uninstalledAt: null, channelAccount: { connected: true } },
      { populate: ['channelAccount'], orderBy: { createdAt: 'asc' } },
    );
    return shops.flatMap(toWebhookSubscriptions);
  }

  /** Subscribes the shop (or every connected shop) to the topics Sutra reads; already subscribed topics are kept, none doubled. */
  @Authorized()
  @Mutation(() => [WebhookSubscription])
  async registerShopifyWebhooks(
    @Ctx() ctx: AuthedContext,
    @Arg('channelAccountId', () => ID, { nullable: true }) channelAccountId?: string,
  ): Promise<WebhookSubscription[]> {
    const shops = await registerShopifyWebhooks(ctx.services, ctx.em, ctx.user.id, ctx.log, channelAccountId);
    return shops.flatMap(toWebhookSubscriptions);
  }
}
