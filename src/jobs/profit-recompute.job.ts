import type { Agenda } from 'agenda';
import type { Orm } from '../db/database.js';
import { forUser } from '../db/tenant-filter.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../services/job-queue.js';
import { recomputeStaleDays } from '../services/profit/recompute.js';

/** The job that brings a seller's stale profit days up to date: its name, its data and its handler, together. */
export const PROFIT_RECOMPUTE_JOB = 'profit-recompute';

export interface ProfitRecomputeData {
  userId: string;
}

/** How long a burst of pushes is gathered before their days are recomputed together. */
const GATHER_MS = 3_000;

/**
 * The door the sync lifecycle uses after a push: at most one pending recompute per seller (a
 * unique insert), run a few seconds on, so a burst of webhooks costs one recompute of each day
 * it touched rather than one per delivery. The job is removed once done, so the next push
 * queues a new one; days marked while one runs are taken by its loop (recompute.ts), which
 * runs until no stale day is left.
 */
export const profitRecomputeQueue = (agenda: Agenda): JobQueue<ProfitRecomputeData> => ({
  add: async (data) => {
    const job = agenda.create<ProfitRecomputeData>(PROFIT_RECOMPUTE_JOB, data).unique({ 'data.userId': data.userId }, { insertOnly: true });
    job.schedule(new Date(Date.now() + GATHER_MS));
    await job.save();
  },
});

export function defineProfitRecomputeJob(agenda: Agenda, orm: Orm, log: Logger): void {
  agenda.define<ProfitRecomputeData>(
    PROFIT_RECOMPUTE_JOB,
    async (job) => {
      const { userId } = job.attrs.data;
      const jobLog = log.child({ job: PROFIT_RECOMPUTE_JOB, agendaJobId: String(job.attrs._id), userId });
      await recomputeStaleDays(forUser(orm.em, userId), userId, jobLog);
    },
    { concurrency: 2, removeOnComplete: true },
  );
}
