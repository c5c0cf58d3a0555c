import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { ChannelAccount } from '../domain/index.js';
import type { CredentialFields, InstallApp } from '../providers/types.js';
import type { Services } from './services.js';

/**
 * The app (key, secret, scopes) a seller installs on a shop and renews its tokens with: the
 * seller's own, saved as credentials of the app provider (shopify_app), else the deployment's
 * (SHOPIFY_API_KEY / SHOPIFY_API_SECRET). Each comes with the secret it had before its last
 * rotation while that still verifies (CredentialField.keepPreviousHours).
 */

type Deps = Pick<Services, 'credentials' | 'config'>;

/** The deployment's app of an app provider, when configured. */
function deploymentApp(config: Config, appProviderId: string): InstallApp | undefined {
  if (appProviderId !== 'shopify_app') return undefined;
  const { apiKey, apiSecret, previousApiSecret, scopes } = config.shopifyApp;
  return apiKey && apiSecret ? { apiKey, apiSecret, previousApiSecret, scopes } : undefined;
}

function appOf(fields: CredentialFields, config: Config): InstallApp | undefined {
  if (!fields.api_key || !fields.api_secret) return undefined;
  const previousLive = Date.parse(fields.previous_api_secret_expires_at ?? '') > Date.now();
  return {
    apiKey: fields.api_key,
    apiSecret: fields.api_secret,
    previousApiSecret: previousLive ? fields.previous_api_secret : undefined,
    scopes: fields.scopes || config.shopifyApp.scopes,
  };
}

/** The seller's own apps (em is the seller's), the one saved last first. */
async function sellersApps(deps: Deps, em: EntityManager, appProviderId: string): Promise<InstallApp[]> {
  const saved = await em.find(ChannelAccount, { providerId: appProviderId, connected: true }, { orderBy: { updatedAt: 'desc' } });
  const apps: InstallApp[] = [];
  for (const account of saved) {
    const fields = await deps.credentials.read(em, account.id);
    const app = fields && appOf(fields, deps.config);
    if (app) apps.push(app);
  }
  return apps;
}

/** The app an install uses: the seller's own saved last, else the deployment's, else undefined. */
export async function installApp(deps: Deps, em: EntityManager, appProviderId: string): Promise<InstallApp | undefined> {
  return (await sellersApps(deps, em, appProviderId))[0] ?? deploymentApp(deps.config, appProviderId);
}

/** The app with this key (the one a token was issued to), whichever holds it; undefined when none does any more. */
export async function appWithKey(deps: Deps, em: EntityManager, appProviderId: string, apiKey: string): Promise<InstallApp | undefined> {
  const own = (await sellersApps(deps, em, appProviderId)).find((app) => app.apiKey === apiKey);
  if (own) return own;
  const deployment = deploymentApp(deps.config, appProviderId);
  return deployment?.apiKey === apiKey ? deployment : undefined;
}
