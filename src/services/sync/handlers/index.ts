import type { SyncHandler } from '../handler.js';
import { ordersHandler } from './orders.js';
import { trackingHandler } from './tracking.js';

/**
 * The kinds of work this version runs, handed to the lifecycle at boot (app.ts): orders and
 * stock, and couriers' shipment tracking (ProviderModule.logistics). Ad spend joins here with
 * its modules' slot filled (ProviderModule.marketing); until then its syncs answer NOT_IMPLEMENTED.
 */
export const SYNC_HANDLERS: readonly SyncHandler[] = [ordersHandler, trackingHandler];
