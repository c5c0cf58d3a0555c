import type { ProviderKind } from '../domain/enums.js';
import { definition as amazon } from './amazon/definition.js';
import { definition as delhivery } from './delhivery/definition.js';
import { definition as flipkart } from './flipkart/definition.js';
import { definition as googleAds } from './google-ads/definition.js';
import { definition as metaAds } from './meta-ads/definition.js';
import { definition as myntra } from './myntra/definition.js';
import { definition as selloship } from './selloship/definition.js';
import { definition as shopify } from './shopify/definition.js';
import { definition as shopifyApp } from './shopify-app/definition.js';
import type { ProviderDefinition } from './types.js';

/**
 * The only list of providers, in catalog order. The catalog, the validation of
 * connectProvider and the connected summary all read it; adding a provider is one line here.
 */
export const providers: readonly ProviderDefinition[] = [shopify, amazon, flipkart, myntra, metaAds, googleAds, delhivery, selloship, shopifyApp];

const byId = new Map(providers.map((p) => [p.id, p]));

export const getProvider = (id: string): ProviderDefinition | undefined => byId.get(id);

export const providerIds = (): string[] => providers.map((p) => p.id);

/** The providers with a catalog card, optionally of one kind. */
export const catalogProviders = (kind?: ProviderKind): ProviderDefinition[] => providers.filter((p) => !p.hidden && (!kind || p.kind === kind));
