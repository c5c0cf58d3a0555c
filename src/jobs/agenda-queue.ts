import type { Agenda } from 'agenda';
import type { JobQueue } from '../services/job-queue.js';

/**
 * A JobQueue on Agenda: the job runs now, on any worker, and there is one Agenda job per value
 * of `key` in its data however often it is added (Agenda's unique insert), so adding again is
 * always safe: after a crash, or when a caller cannot tell whether its first add landed.
 * Agenda checks before it inserts, so two adds at the very same moment may still make two
 * jobs: a sync is added again only ten minutes after its first add, and a push's job locks
 * its event, so neither is run twice at once.
 */
export function agendaQueue<T extends Record<K, string>, K extends string>(agenda: Agenda, name: string, key: K): JobQueue<T> {
  return {
    add: async (data) => {
      const job = agenda.create<T>(name, data).unique({ [`data.${key}`]: data[key] }, { insertOnly: true });
      job.schedule(new Date());
      await job.save();
    },
  };
}
