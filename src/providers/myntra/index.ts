import type { ProviderModule } from '../types.js';
import { definition } from './definition.js';
import { myntraOrders } from './orders.js';

/**
 * Myntra publishes no API that could check credentials (its partner API is shared during
 * onboarding; see REFERENCE.md §4), so connecting validates the fields' format only. The
 * order import works against the assumptions gathered in assumed-api.ts.
 */
export const myntra: ProviderModule = { definition, commerce: myntraOrders };
