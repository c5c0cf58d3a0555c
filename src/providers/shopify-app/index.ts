import type { ProviderModule } from '../types.js';
import { definition } from './definition.js';

/** Shopify offers no call that checks an app key and secret on their own; they are proven at the first install. */
export const shopifyApp: ProviderModule = { definition };
