import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { forUser } from '../db/tenant-filter.js';
import { ChannelAccount, isUuid, newOAuthNonce, OAuthState, oauthNonceHash, ShopifyIntegration, SyncTrigger } from '../domain/index.js';
import { InputError, ProviderError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { requireCapability } from '../providers/capabilities.js';
import { requireProvider, getProviderModule } from '../providers/registry.js';
import type { AppInstaller } from '../providers/types.js';
import { installApp } from './install-apps.js';
import { keepAccount } from './connection-service.js';
import { registerAfterInstall } from './shopify-webhook-registration.js';
import type { Services } from './services.js';

/**
 * A Shopify app installed through OAuth (docs/providers.md §1.1), for the seller's own app
 * (shopify_app credentials) or else the deployment's (SHOPIFY_API_KEY / SHOPIFY_API_SECRET).
 * beginShopifyInstall writes a single-use state bound to the seller and the shop; the callback
 * checks the query's signature, then that state, exchanges the code for an expiring offline
 * token, stores it on the shop's account through the credential service, and starts the shop
 * (startInstalledShop).
 */

const PROVIDER = 'shopify';
const APP_PROVIDER = 'shopify_app';
const STATE_TTL_MS = 10 * 60_000;
const MAX_SHOWN = 80;

type Deps = Pick<Services, 'orm' | 'credentials' | 'sync' | 'config'>;

function installer(): AppInstaller {
  const module = getProviderModule(PROVIDER)!;
  requireCapability(module, 'appInstall');
  return module.appInstall!;
}

const redirectUri = (deps: Deps) => `${deps.config.publicUrl}${requireProvider(PROVIDER).oauth!.callbackPath}`;

/** Where the seller's browser goes to approve the app, and until when its state is good. */
export async function beginShopifyInstall(
  deps: Deps,
  em: EntityManager,
  userId: string,
  shopInput: string,
  log: Logger,
): Promise<{ authorizeUrl: string; expiresAt: Date }> {
  const oauth = installer();
  const shop = oauth.shopDomain(shopInput);
  if (!shop) {
    const shown = shopInput.length > MAX_SHOWN ? `${shopInput.slice(0, MAX_SHOWN)}…` : shopInput;
    throw new InputError(`"${shown}" is not a Shopify shop domain: give its .myshopify.com address (your-store.myshopify.com)`, 'shop');
  }
  const app = await installApp(deps, em, APP_PROVIDER);
  if (!app) {
    throw new InputError(
      'No Shopify app to install: save your app’s API key and secret first (connectProvider("shopify_app", { api_key, api_secret }))',
      'providerId',
    );
  }
  const nonce = newOAuthNonce();
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  await em.persist(em.create(OAuthState, { user: userId, providerId: PROVIDER, shop, nonceHash: oauthNonceHash(nonce), expiresAt })).flush();
  // The seller's id names whose state to look for (and whose app signed the callback); only the nonce proves it.
  const state = `${userId}.${nonce}`;
  return { authorizeUrl: oauth.authorizeUrl(shop, app, redirectUri(deps), state, { endpoints: deps.config.providers, log }), expiresAt };
}

/** Why a callback was refused, as the redirect's `reason` says it. */
export type InstallRefusal = 'invalid_request' | 'invalid_hmac' | 'stale_callback' | 'invalid_state' | 'token_refused' | 'shopify_unavailable';

export type InstallOutcome = { ok: true; account: ChannelAccount; shop: string } | { ok: false; reason: InstallRefusal };

const callbackQuery = z.object({ code: z.string().min(1), hmac: z.string().min(1), shop: z.string().min(1), state: z.string().min(1) });

/**
 * The callback, checked in this order: the query's HMAC (with the app's secret, or its previous
 * one during a rotation), its timestamp (within 90 s, the library's policy, docs/providers.md §1.4
 * item 5), then the state (the seller's, unused, unexpired, for this shop), claimed in one
 * statement so a replay finds it used. A refused callback changes nothing but, once its
 * signature and state passed, the state it used.
 */
export async function completeShopifyInstall(deps: Deps, rawQuery: Record<string, unknown>, log: Logger): Promise<InstallOutcome> {
  const oauth = installer();
  const entries = Object.entries(rawQuery);
  // A repeated parameter is no query Shopify signs.
  if (entries.some(([, v]) => typeof v !== 'string')) return refused(log, 'invalid_request');
  const query = Object.fromEntries(entries) as Record<string, string>;
  // The state names the seller, whose app signed the callback; it proves nothing until the signature is checked.
  const [userId, nonce] = (query.state ?? '').split('.');
  if (!userId || !nonce || !isUuid(userId)) return refused(log, 'invalid_request');

  const em = forUser(deps.orm.em, userId);
  const app = await installApp(deps, em, APP_PROVIDER);
  // During a rotation of the app's secret (CredentialField.keepPreviousHours) either secret signs.
  const signedBy = (secret?: string) => !!secret && oauth.verifyCallback(query, secret);
  if (!app || !(signedBy(app.apiSecret) || signedBy(app.previousApiSecret))) return refused(log, 'invalid_hmac');
  if (!oauth.callbackFresh(query)) return refused(log, 'stale_callback');
  const parsed = callbackQuery.safeParse(query);
  const shop = parsed.data && oauth.shopDomain(parsed.data.shop);
  if (!parsed.success || !shop) return refused(log, 'invalid_request');
  const { code } = parsed.data;

  const now = new Date();
  const claimed = await em.nativeUpdate(
    OAuthState,
    { nonceHash: oauthNonceHash(nonce), providerId: PROVIDER, shop, usedAt: null, expiresAt: { $gt: now } },
    { usedAt: now },
  );
  if (claimed !== 1) return refused(log, 'invalid_state');

  const ctx = { endpoints: deps.config.providers, log };
  let token;
  try {
    token = await oauth.exchangeCode(shop, code, app, ctx);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    log.warn({ provider: PROVIDER, shop, reason: err.message }, 'Shopify did not exchange the install code');
    return { ok: false, reason: err.kind === 'unavailable' ? 'shopify_unavailable' : 'token_refused' };
  }
  // UNVERIFIED: Shopify always answers expiring=1 with a refresh token; without one the token cannot be renewed.
  if (!token.refreshToken) log.warn({ provider: PROVIDER, shop }, 'Shopify gave no refresh token: the install will need repeating when the token expires');

  const def = requireProvider(PROVIDER);
  const fields = oauth.credentialFields(shop, token, app);
  const account = await em.transactional(async (tx) => {
    const kept = await keepAccount(tx, deps.credentials, userId, def, { externalId: shop, accountName: shop, fields });
    const integration = tx.create(
      ShopifyIntegration,
      { user: userId, channelAccount: kept.id, shop, scopes: token.scope ?? app.scopes, installedAt: now, uninstalledAt: null },
      { persist: false },
    );
    await tx.upsert(ShopifyIntegration, integration, {
      onConflictFields: ['channelAccount'],
      onConflictMergeFields: ['shop', 'scopes', 'installedAt', 'uninstalledAt'],
    });
    return kept;
  });
  log.info({ provider: PROVIDER, channelAccountId: account.id, shop }, 'Shopify app installed');
  await startInstalledShop(deps, em, userId, account, log);
  return { ok: true, account, shop };
}

/**
 * What a shop starts with once its account and tokens are stored: its webhooks (first, since the
 * first sync's bulk operation reports its end through one of them; a refusal leaves the install
 * standing, see registerAfterInstall), then its first sync.
 */
async function startInstalledShop(deps: Deps, em: EntityManager, userId: string, account: ChannelAccount, log: Logger): Promise<void> {
  await registerAfterInstall(deps, em, userId, account, log);
  await deps.sync.enqueue(em, userId, PROVIDER, { trigger: SyncTrigger.MANUAL, channelAccountId: account.id });
}

function refused(log: Logger, reason: InstallRefusal): InstallOutcome {
  log.warn({ provider: PROVIDER, reason }, 'Shopify install callback refused');
  return { ok: false, reason };
}

/** Where the browser goes after the callback: FRONTEND_URL with install=success (and the account) or install=error (and why). */
export function afterInstallUrl(frontendUrl: string, outcome: InstallOutcome): string {
  const url = new URL(frontendUrl);
  url.searchParams.set('provider', PROVIDER);
  if (outcome.ok) {
    url.searchParams.set('install', 'success');
    url.searchParams.set('shop', outcome.shop);
    url.searchParams.set('channelAccountId', outcome.account.id);
  } else {
    url.searchParams.set('install', 'error');
    url.searchParams.set('reason', outcome.reason);
  }
  return url.toString();
}
