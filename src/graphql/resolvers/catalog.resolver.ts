import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ChannelAccount, ProviderKind } from '../../domain/index.js';
import { notImplemented } from '../../providers/capabilities.js';
import { catalogProviders, getProviderModule, requireProvider } from '../../providers/registry.js';
import { connect, disconnect } from '../../services/connection-service.js';
import { beginShopifyInstall } from '../../services/shopify-install.js';
import { loadConnections, notConnected, providerSummary } from '../../services/provider-status-service.js';
import type { AuthedContext, Context } from '../context.js';
import { connectionsOf } from '../loaders.js';
import { toCatalogSection, toChannelAccount, toConnectedSummary, toConnectProviderResult, toProviderStatus } from '../mappers.js';
import { JSONObjectScalar } from '../scalars.js';
import { CatalogProvider, IntegrationCatalog } from '../types/catalog.js';
import { ChannelAccountType, ConnectProviderResult, OAuthInstall } from '../types/channel-account.js';
import { ConnectedSummary } from '../types/connected-summary.js';
import { ProviderStatus } from '../types/provider-status.js';

const SECTIONS = [
  { id: 'commerce', title: 'Sales channels', kind: ProviderKind.COMMERCE },
  { id: 'marketing', title: 'Marketing', kind: ProviderKind.MARKETING },
  { id: 'logistics', title: 'Logistics', kind: ProviderKind.LOGISTICS },
];

@Resolver(() => CatalogProvider)
export class CatalogResolver {
  /** The static catalog is public; each provider's `status` needs the user. */
  @Query(() => IntegrationCatalog)
  integrationCatalog(): IntegrationCatalog {
    return {
      sections: SECTIONS.map((s) => toCatalogSection(s, catalogProviders(s.kind))),
    };
  }

  @FieldResolver(() => ProviderStatus)
  async status(@Root() provider: CatalogProvider, @Ctx() ctx: Context): Promise<ProviderStatus> {
    if (!ctx.user) return toProviderStatus(notConnected(provider.id));
    return toProviderStatus(providerSummary(provider.id, (await connectionsOf(ctx)).get(provider.id)));
  }

  @FieldResolver(() => [ProviderStatus])
  async accounts(@Root() provider: CatalogProvider, @Ctx() ctx: Context): Promise<ProviderStatus[]> {
    if (!ctx.user) return [];
    return ((await connectionsOf(ctx)).get(provider.id) ?? []).map(toProviderStatus);
  }

  @Authorized()
  @Query(() => ProviderStatus)
  async providerStatus(@Arg('providerId', () => ID) providerId: string, @Ctx() ctx: AuthedContext): Promise<ProviderStatus> {
    requireProvider(providerId);
    return toProviderStatus(providerSummary(providerId, (await connectionsOf(ctx)).get(providerId)));
  }

  @Authorized()
  @Query(() => ConnectedSummary)
  async connectedSummary(@Ctx() ctx: AuthedContext): Promise<ConnectedSummary> {
    const connections = await connectionsOf(ctx);
    // One item per connected account: two Flipkart seller accounts are two items.
    return toConnectedSummary(catalogProviders().flatMap((def) => (connections.get(def.id) ?? []).filter((c) => c.connected).map((conn) => ({ def, conn }))));
  }

  @Authorized()
  @Query(() => [ChannelAccountType])
  async channelAccounts(@Ctx() ctx: AuthedContext): Promise<ChannelAccountType[]> {
    // Sales channels' accounts (an ad or courier account has no channel type).
    const accounts = await ctx.em.find(ChannelAccount, { connected: true, channelType: { $ne: null } }, { orderBy: { createdAt: 'asc' } });
    return accounts.map(toChannelAccount);
  }

  /** Checks and stores a provider's credentials; see services/connection-service.ts. */
  @Authorized()
  @Mutation(() => ConnectProviderResult)
  async connectProvider(
    @Arg('providerId', () => ID) providerId: string,
    @Arg('credentials', () => JSONObjectScalar) credentials: Record<string, unknown>,
    @Ctx() ctx: AuthedContext,
  ): Promise<ConnectProviderResult> {
    const def = requireProvider(providerId);
    const { services } = ctx;
    const { account, channelAccount, push } = await connect(
      {
        em: ctx.em,
        user: ctx.user,
        credentials: services.credentials,
        endpoints: services.config.providers,
        publicUrl: services.config.publicUrl,
        defaults: services.config.courierDefaults?.[providerId],
        log: ctx.log,
      },
      def,
      credentials,
    );
    const status = (await loadConnections(ctx.em)).get(providerId)?.find((c) => c.channelAccountId === account.id) ?? notConnected(providerId);
    return toConnectProviderResult(status, channelAccount, push);
  }

  @Authorized()
  @Mutation(() => ProviderStatus)
  async disconnectProvider(
    @Arg('providerId', () => ID) providerId: string,
    @Ctx() ctx: AuthedContext,
    @Arg('channelAccountId', () => ID, { nullable: true, description: 'which account; needed only when several of this provider are connected' })
    channelAccountId?: string,
  ): Promise<ProviderStatus> {
    const def = requireProvider(providerId);
    await disconnect({ em: ctx.em, log: ctx.log }, def, channelAccountId);
    // The provider's status now: its other accounts stay connected.
    return toProviderStatus(providerSummary(providerId, (await loadConnections(ctx.em)).get(providerId)));
  }

  @Authorized()
  @Mutation(() => OAuthInstall)
  async beginOAuthInstall(@Arg('providerId', () => ID) providerId: string, @Arg('shop') shop: string, @Ctx() ctx: AuthedContext): Promise<OAuthInstall> {
    requireProvider(providerId);
    // Shopify is the one provider installed as an app; any other answers in the catalog's words.
    if (providerId !== 'shopify') throw notImplemented(getProviderModule(providerId)!, 'appInstall');
    return beginShopifyInstall(ctx.services, ctx.em, ctx.user.id, shop, ctx.log);
  }
}
