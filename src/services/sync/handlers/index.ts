import type { SyncHandler } from '../handler.js';
import { adSpendHandler } from './ad-spend.js';
import { ordersHandler } from './orders.js';
import { trackingHandler } from './tracking.js';

/**
 * The kinds of work this version runs, handed to the lifecycle at boot (app.ts): orders and
 * stock, couriers' shipment tracking (ProviderModule.logistics) and ad platforms' daily spend
 * (ProviderModule.marketing).
 */
export const SYNC_HANDLERS: readonly SyncHandler[] = [ordersHandler, trackingHandler, adSpendHandler];
