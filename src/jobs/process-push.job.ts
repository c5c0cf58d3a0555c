import { exponential, type Agenda } from 'agenda';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../services/job-queue.js';
import type { SyncLifecycle } from '../services/sync/lifecycle.js';
import { agendaQueue } from './agenda-queue.js';

/** The job that writes one stored push: its name, its data and its handler, together. */
export const PUSH_JOB = 'process-push';

export interface PushJobData {
  /** The stored WebhookEvent to process. */
  eventId: string;
  /** Its seller: row-level security shows the event to no one else. */
  userId: string;
}

const MAX_RETRIES = 5;

/** The door PushIntake uses to queue a stored push: one Agenda job per push. */
export const pushQueue = (agenda: Agenda): JobQueue<PushJobData> => agendaQueue(agenda, PUSH_JOB, 'eventId');

/**
 * Writes one stored push (a WebhookEvent) as a sync job of its kind (SyncLifecycle.runDelivery):
 * its own Agenda job, so a burst of pushes never waits behind long pulls. A body its provider's
 * rules refuse fails at once; an interruption (the database away) is retried with backoff, and
 * marked FAILED when the retries run out, never forever.
 */
export function defineProcessPushJob(agenda: Agenda, lifecycle: SyncLifecycle, log: Logger): void {
  agenda.define<PushJobData>(
    PUSH_JOB,
    async (job) => {
      await lifecycle.runDelivery(job.attrs.data.eventId, job.attrs.data.userId, () => job.touch());
    },
    { concurrency: 4, backoff: exponential({ delay: 5_000, factor: 3, maxRetries: MAX_RETRIES, jitter: 0.2 }) },
  );
  agenda.on(`retry exhausted:${PUSH_JOB}`, (error: Error, job) => {
    const { eventId, userId } = job.attrs.data as PushJobData;
    log.error({ err: error, eventId }, 'push could not be processed');
    lifecycle
      .failDelivery(eventId, userId, `could not be processed: ${error.message}; gave up after ${MAX_RETRIES} retries`)
      .catch((err) => log.error({ err, eventId }, 'could not mark the push failed'));
  });
}
