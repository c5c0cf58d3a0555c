import type { Agenda } from 'agenda';
import type { Orm } from '../db/database.js';
import { asSystem } from '../db/system-access.js';
import type { Logger } from '../logger.js';
import { getProviderModule } from '../providers/registry.js';
import { AD_SPEND_TIME_ZONE, restatementDays, windowEnding, yesterday } from '../services/ad-spend-days.js';
import { adSpendHandler } from '../services/sync/handlers/ad-spend.js';
import type { SyncLifecycle } from '../services/sync/lifecycle.js';

export const AD_SPEND_SCHEDULE = 'ad-spend-schedule';

/** 00:30 every day, in India's time: the day before is over and both platforms have most of it (docs/providers.md §5.2, §6.2). */
export const AD_SPEND_CRON = '30 0 * * *';

/**
 * Every night each connected ad account gets a sync of the day before and of the days its
 * platform may still revise (Meta 28, Google 30; AD_SPEND_RESTATEMENT_DAYS). Listing the accounts
 * reads every seller's (asSystem, as the order and shipment schedules do); each sync is queued,
 * and run, as its own seller. A day whose spend moved has its profit recomputed (ad-spend-persistence.ts).
 */
export async function scheduleAdSpendSync(
  agenda: Agenda,
  orm: Orm,
  lifecycle: SyncLifecycle,
  overrides: Readonly<Record<string, number>>,
  log: Logger,
): Promise<void> {
  agenda.define(AD_SPEND_SCHEDULE, async (job) => {
    const jobLog = log.child({ job: AD_SPEND_SCHEDULE, agendaJobId: String(job.attrs._id) });
    const day = yesterday();
    const accounts = await asSystem(orm, 'the ad spend schedule lists every connected ad account', jobLog, (em) =>
      lifecycle.accountsToSync(em, adSpendHandler.kind),
    );
    const queued = await lifecycle.enqueueScheduled(accounts, jobLog, (account) =>
      windowEnding(day, restatementDays(getProviderModule(account.providerId)!, overrides)),
    );
    jobLog.info({ queued, day }, 'nightly ad spend syncs queued');
  });
  // every() keeps one job per name, however many processes call it; Agenda's lock runs each occurrence once.
  await agenda.every(AD_SPEND_CRON, AD_SPEND_SCHEDULE, undefined, { timezone: AD_SPEND_TIME_ZONE, skipImmediate: true });
}
