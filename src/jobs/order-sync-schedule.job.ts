import type { Agenda } from 'agenda';
import type { Logger } from '../logger.js';
import type { SyncEngine } from '../services/sync-engine.js';

export const ORDER_SYNC_SCHEDULE = 'order-sync-schedule';

/** Every ORDER_SYNC_INTERVAL, each connected commerce account gets an incremental sync. */
export async function scheduleOrderSync(agenda: Agenda, engine: SyncEngine, interval: string, log: Logger): Promise<void> {
  agenda.define(ORDER_SYNC_SCHEDULE, async (job) => {
    const jobLog = log.child({ job: ORDER_SYNC_SCHEDULE, agendaJobId: String(job.attrs._id) });
    const queued = await engine.enqueueAllAccounts(jobLog);
    jobLog.info({ queued }, 'scheduled order syncs queued');
  });
  // every() keeps one job per name, however many processes call it.
  await agenda.every(interval, ORDER_SYNC_SCHEDULE);
}
