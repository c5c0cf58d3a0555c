import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountChoiceError, ProviderError } from '../domain/errors.js';
import { ChannelAccount, ShopifyIntegration } from '../domain/index.js';
import type { ShopifyWebhookRegistration } from '../domain/shopify-integration.js';
import type { Logger } from '../logger.js';
import { requireCapability } from '../providers/capabilities.js';
import { getProviderModule } from '../providers/registry.js';
import type { WebhookRegistrar, WebhookSubscriptionInfo } from '../providers/types.js';
import { chooseAccount } from './account-choice.js';
import { openSession } from './provider-session.js';
import type { Services } from './services.js';

const PROVIDER = 'shopify';

type Deps = Pick<Services, 'orm' | 'credentials' | 'config'>;

function registrar(): WebhookRegistrar {
  const module = getProviderModule(PROVIDER)!;
  requireCapability(module, 'webhooks');
  return module.webhooks!;
}

/**
 * Subscribes the seller's Shopify shops (every connected one, or the one named) to the topics
 * Sutra reads, at PUBLIC_URL + /api/webhooks/shopify, and records them on each shop's
 * ShopifyIntegration. Idempotent: a topic the shop already sends to that address is kept, only
 * the missing ones are created. A subscription of the same topic to another address (another
 * app, an older deployment) is left alone: it is not Sutra's to delete, and Shopify drops a
 * subscription made through the API whose deliveries keep failing (docs/providers.md §1.2). One
 * shop's refusal (which names the shop) does not stop the others; it is thrown after they were done.
 * `em` is the seller's (forUser).
 */
export async function registerShopifyWebhooks(
  deps: Deps,
  em: EntityManager,
  userId: string,
  log: Logger,
  channelAccountId?: string | null,
): Promise<ShopifyIntegration[]> {
  const hooks = registrar();
  const def = getProviderModule(PROVIDER)!.definition;
  const accounts = channelAccountId
    ? [await chooseAccount(em, def, channelAccountId)]
    : await em.find(ChannelAccount, { providerId: PROVIDER, connected: true }, { orderBy: { createdAt: 'asc' } });
  if (!accounts.length) throw new AccountChoiceError(`Connect ${def.name} first (connectProvider or beginOAuthInstall)`, 'providerId');
  const done: ShopifyIntegration[] = [];
  let failed: ProviderError | undefined;
  for (const account of accounts) {
    const { integration, error } = await registerAccount(deps, em, userId, account, hooks, log);
    done.push(integration);
    failed ??= error;
  }
  if (failed) throw failed;
  return done;
}

/**
 * One shop: its subscriptions listed, the missing topics created, and what Shopify holds at
 * Sutra's address recorded, a topic that could not be subscribed as inactive. A ProviderError
 * is given back (with the record written), any other error thrown.
 */
export async function registerAccount(
  deps: Deps,
  em: EntityManager,
  userId: string,
  account: ChannelAccount,
  hooks: WebhookRegistrar,
  log: Logger,
): Promise<{ integration: ShopifyIntegration; error?: ProviderError }> {
  const address = `${deps.config.publicUrl}${hooks.receiverPath}`;
  const ours = new Map<string, WebhookSubscriptionInfo>();
  let shop = account.externalId;
  let error: ProviderError | undefined;
  try {
    const session = await openSession(deps, em, account, log);
    shop = session.credentials.shop ?? shop;
    const existing = await hooks.list(session);
    for (const s of existing) if (s.address === address && hooks.topics.includes(s.topic)) ours.set(s.topic, s);
    const elsewhere = existing.filter((s) => s.address !== address && hooks.topics.includes(s.topic));
    if (elsewhere.length) {
      log.info({ provider: PROVIDER, shop, topics: elsewhere.map((s) => s.topic) }, 'Shopify also sends these topics to another address; left as they are');
    }
    for (const topic of hooks.topics) {
      if (ours.has(topic)) continue;
      try {
        ours.set(topic, await hooks.create(session, topic, address));
      } catch (err) {
        // A registration running at the same time (the install and the button) may have made it meanwhile: then it is there.
        const made = err instanceof ProviderError && (await hooks.list(session)).find((s) => s.topic === topic && s.address === address);
        if (!made) throw err;
        ours.set(topic, made);
      }
    }
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    error = err;
    log.warn({ provider: PROVIDER, channelAccountId: account.id, shop, reason: err.message }, 'Shopify webhooks could not all be registered');
  }
  const webhooks: ShopifyWebhookRegistration[] = hooks.topics.map((topic) => {
    const s = ours.get(topic);
    return s ? { topic, address, shopifyId: s.id, registeredAt: (s.createdAt ?? new Date()).toISOString(), active: true } : { topic, address, active: false };
  });
  const integration = await em.transactional(async (tx) => {
    const found = await tx.findOne(ShopifyIntegration, { channelAccount: account.id }, { populate: ['channelAccount'] });
    if (found) {
      found.webhooks = webhooks;
      return found;
    }
    // A custom app's shop has no integration row until now: the install writes one only for an app installed through OAuth.
    return tx.create(ShopifyIntegration, { user: userId, channelAccount: account, shop, webhooks });
  });
  if (!error) log.info({ provider: PROVIDER, channelAccountId: account.id, shop, topics: webhooks.length }, 'Shopify webhooks registered');
  return { integration, error };
}

/**
 * The install's registration: never undoes the install. A refusal is logged and leaves the topics
 * listed inactive in webhookSubscriptions (registerAccount); anything else is logged too, and the
 * seller can press Register webhooks again.
 */
export async function registerAfterInstall(deps: Deps, em: EntityManager, userId: string, account: ChannelAccount, log: Logger): Promise<void> {
  try {
    await registerAccount(deps, em, userId, account, registrar(), log);
  } catch (err) {
    log.error({ provider: PROVIDER, channelAccountId: account.id, err }, 'Shopify webhooks could not be registered after the install');
  }
}
