import type { Agenda } from 'agenda';
import type { Orm } from '../db/database.js';
import { asSystem } from '../db/system-access.js';
import type { Logger } from '../logger.js';
import { ordersHandler } from '../services/sync/handlers/orders.js';
import type { SyncLifecycle } from '../services/sync/lifecycle.js';

export const ORDER_SYNC_SCHEDULE = 'order-sync-schedule';

/**
 * Every ORDER_SYNC_INTERVAL, each connected account the orders handler pulls gets an incremental sync. Listing
 * them reads every seller's accounts: the one use of the row-level security bypass (asSystem)
 * while the application runs. Each sync is then queued, and run, as its own seller.
 */
export async function scheduleOrderSync(agenda: Agenda, orm: Orm, lifecycle: SyncLifecycle, interval: string, log: Logger): Promise<void> {
  agenda.define(ORDER_SYNC_SCHEDULE, async (job) => {
    const jobLog = log.child({ job: ORDER_SYNC_SCHEDULE, agendaJobId: String(job.attrs._id) });
    const accounts = await asSystem(orm, 'the order-sync schedule lists every connected account', jobLog, (em) =>
      lifecycle.accountsToSync(em, ordersHandler.kind),
    );
    const queued = await lifecycle.enqueueScheduled(accounts, jobLog);
    jobLog.info({ queued }, 'scheduled order syncs queued');
  });
  // every() keeps one job per name, however many processes call it.
  await agenda.every(interval, ORDER_SYNC_SCHEDULE);
}
