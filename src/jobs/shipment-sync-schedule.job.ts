import type { Agenda } from 'agenda';
import type { Orm } from '../db/database.js';
import { asSystem } from '../db/system-access.js';
import type { Logger } from '../logger.js';
import { trackingHandler } from '../services/sync/handlers/tracking.js';
import type { SyncLifecycle } from '../services/sync/lifecycle.js';

export const SHIPMENT_SYNC_SCHEDULE = 'shipment-sync-schedule';

/**
 * Every SHIPMENT_SYNC_INTERVAL, each connected courier account gets a tracking sync of its open
 * shipments. Listing the accounts reads every seller's (asSystem, as the order-sync schedule
 * does); each sync is then queued, and run, as its own seller, paced by the courier's shared budget.
 */
export async function scheduleShipmentSync(agenda: Agenda, orm: Orm, lifecycle: SyncLifecycle, interval: string, log: Logger): Promise<void> {
  agenda.define(SHIPMENT_SYNC_SCHEDULE, async (job) => {
    const jobLog = log.child({ job: SHIPMENT_SYNC_SCHEDULE, agendaJobId: String(job.attrs._id) });
    const accounts = await asSystem(orm, 'the shipment-sync schedule lists every connected courier account', jobLog, (em) =>
      lifecycle.accountsToSync(em, trackingHandler.kind),
    );
    const queued = await lifecycle.enqueueScheduled(accounts, jobLog);
    jobLog.info({ queued }, 'scheduled shipment tracking queued');
  });
  // every() keeps one job per name, however many processes call it.
  await agenda.every(interval, SHIPMENT_SYNC_SCHEDULE);
}
