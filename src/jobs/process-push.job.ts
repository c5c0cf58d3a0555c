import { exponential, type Agenda } from 'agenda';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../services/job-queue.js';
import { agendaQueue } from './agenda-queue.js';
import type { PushIntake } from '../services/push-intake.js';

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
 * Writes one stored push (a WebhookEvent) through the order persistence. A body its
 * provider's rules refuse is marked FAILED at once; a failure of ours (the database away)
 * is retried with backoff, and marked FAILED when the retries run out, never forever.
 */
export function defineProcessPushJob(agenda: Agenda, intake: PushIntake, log: Logger): void {
  agenda.define<PushJobData>(
    PUSH_JOB,
    async (job) => {
      await intake.process(job.attrs.data.eventId, job.attrs.data.userId);
    },
    { concurrency: 4, backoff: exponential({ delay: 5_000, factor: 3, maxRetries: MAX_RETRIES, jitter: 0.2 }) },
  );
  agenda.on(`retry exhausted:${PUSH_JOB}`, (error: Error, job) => {
    const { eventId, userId } = job.attrs.data as PushJobData;
    log.error({ err: error, eventId }, 'push could not be processed');
    intake
      .fail(eventId, userId, `could not be processed: ${error.message}; gave up after ${MAX_RETRIES} retries`)
      .catch((err) => log.error({ err, eventId }, 'could not mark the push failed'));
  });
}
