import type { ProviderModule } from '../types.js';
import { definition } from './definition.js';

/**
 * Myntra publishes no API that could check credentials (its partner API is shared during
 * onboarding; see REFERENCE.md §4), so connecting validates the fields' format only.
 */
export const myntra: ProviderModule = { definition };
