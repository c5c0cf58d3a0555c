import type { SyncHandler } from '../handler.js';
import { ordersHandler } from './orders.js';

/**
 * The kinds of work this version runs, handed to the lifecycle at boot (app.ts). Shipment
 * tracking and ad spend join here, each with its provider modules' slot filled
 * (ProviderModule.logistics, .marketing); until then their syncs answer NOT_IMPLEMENTED.
 */
export const SYNC_HANDLERS: readonly SyncHandler[] = [ordersHandler];
