import type { ProviderKind } from '../domain/enums.js';
import { UnknownProviderError } from '../domain/errors.js';
import { unavailableReason } from './capabilities.js';
import { amazon } from './amazon/index.js';
import { delhivery } from './delhivery/index.js';
import { flipkart } from './flipkart/index.js';
import { googleAds } from './google-ads/index.js';
import { metaAds } from './meta-ads/index.js';
import { myntra } from './myntra/index.js';
import { selloship } from './selloship/index.js';
import { shopify } from './shopify/index.js';
import { shopifyApp } from './shopify-app/index.js';
import type { OAuthSpec, ProviderActionDef, ProviderDefinition, ProviderModule } from './types.js';

/**
 * The only list of providers, in catalog order. The catalog, the validation of
 * connectProvider, the connected summary and the sync lifecycle all read it; adding a
 * provider is one line here.
 */
const modules: readonly ProviderModule[] = [shopify, amazon, flipkart, myntra, metaAds, googleAds, delhivery, selloship, shopifyApp];

export const providers: readonly ProviderDefinition[] = modules.map((m) => m.definition);

const byId = new Map(modules.map((m) => [m.definition.id, m]));

export const getProvider = (id: string): ProviderDefinition | undefined => byId.get(id)?.definition;

export const getProviderModule = (id: string): ProviderModule | undefined => byId.get(id);

export const providerIds = (): string[] => providers.map((p) => p.id);

/** The definition of a provider the registry knows, or UnknownProviderError naming `field`. */
export function requireProvider(id: string, field?: string): ProviderDefinition {
  const def = getProvider(id);
  if (!def) throw new UnknownProviderError(id, providerIds(), field);
  return def;
}

/** The providers with a catalog card, optionally of one kind. */
export const catalogProviders = (kind?: ProviderKind): ProviderDefinition[] => providers.filter((p) => !p.hidden && (!kind || p.kind === kind));

/** Whether this version serves something the catalog offers; when not, the console greys it out and shows why. */
export interface Availability {
  available: boolean;
  unavailableReason?: string;
}

const availability = (reason: string | undefined): Availability => ({ available: !reason, unavailableReason: reason });

/** The provider's catalog buttons, each saying whether this version serves it (capabilities.ts). */
export const catalogActions = (def: ProviderDefinition): Array<ProviderActionDef & Availability> =>
  def.actions.map((action) => ({ ...action, ...availability(unavailableReason(byId.get(def.id)!, action.needs)) }));

/** The provider's OAuth install, when it has one, saying whether this version serves it. */
export const catalogOAuth = (def: ProviderDefinition): (OAuthSpec & Availability) | undefined =>
  def.oauth && { ...def.oauth, ...availability(unavailableReason(byId.get(def.id)!, 'appInstall')) };
