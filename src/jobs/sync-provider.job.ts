import { exponential, type Agenda } from 'agenda';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../services/job-queue.js';
import { agendaQueue } from './agenda-queue.js';
import { RetryableSyncError } from '../services/sync/errors.js';
import type { SyncLifecycle } from '../services/sync/lifecycle.js';

/** The job that runs one queued sync: its name, its data and its handler, together. */
export const SYNC_JOB = 'sync-provider';

export interface SyncJobData {
  /** The SyncJob row to run (or resume from its saved cursor). */
  jobId: string;
  /** Its seller: row-level security shows the job to no one else. */
  userId: string;
}

const MAX_RETRIES = 5;

/** The door SyncLifecycle.enqueue uses to queue a sync: one Agenda job per SyncJob, so queueing again is safe. */
export const syncProviderQueue = (agenda: Agenda): JobQueue<SyncJobData> => agendaQueue(agenda, SYNC_JOB, 'jobId');

/**
 * Runs a queued sync (SyncLifecycle.run), of any kind. A provider that stops answering makes the job throw,
 * and Agenda tries it again with exponential backoff (from the saved cursor); a worker that
 * dies holding it loses its lock after the lock lifetime, and another worker resumes it.
 */
export function defineSyncProviderJob(agenda: Agenda, lifecycle: SyncLifecycle, log: Logger): void {
  agenda.define<SyncJobData>(
    SYNC_JOB,
    async (job) => {
      await lifecycle.run(job.attrs.data.jobId, job.attrs.data.userId, () => job.touch());
    },
    { concurrency: 4, backoff: exponential({ delay: 10_000, factor: 3, maxRetries: MAX_RETRIES, jitter: 0.2 }) },
  );
  agenda.on(`retry exhausted:${SYNC_JOB}`, (error: Error, job) => {
    const { jobId, userId } = job.attrs.data as SyncJobData;
    const retryable = error instanceof RetryableSyncError;
    if (retryable) log.warn({ jobId, reason: error.message }, `sync gave up after ${MAX_RETRIES} retries`);
    else log.error({ err: error, jobId }, 'sync failed unexpectedly');
    const message = retryable
      ? `${error.message}; gave up after ${MAX_RETRIES} retries: start it again`
      : 'The sync failed unexpectedly; it will not retry on its own: start it again';
    lifecycle.failById(jobId, userId, message).catch((err) => log.error({ err, jobId }, 'could not mark the sync failed'));
  });
}
