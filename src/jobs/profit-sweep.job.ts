import type { Agenda } from 'agenda';
import { sql } from 'kysely';
import type { Orm } from '../db/database.js';
import { asSystem } from '../db/system-access.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../services/job-queue.js';

export const PROFIT_SWEEP = 'profit-sweep';

/** How often, and how long a day may stay stale before the sweep takes it. */
const EVERY = '10 minutes';
const OWED_FOR = '2 minutes';

/**
 * The safety net under the recompute's triggers: every ten minutes, each seller with a day owed
 * its profit for more than two minutes gets a recompute (jobs/profit-recompute.job.ts). A day is
 * normally done at the end of the sync that marked it, or a few seconds after a push; it stays
 * owed when that recompute failed, or when a push marked it just as a recompute was finishing.
 * Listing the sellers reads every seller's rows (asSystem, as the schedules do); each recompute runs as its seller.
 */
export async function scheduleProfitSweep(agenda: Agenda, orm: Orm, queue: JobQueue<{ userId: string }>, log: Logger): Promise<void> {
  agenda.define(PROFIT_SWEEP, async (job) => {
    const jobLog = log.child({ job: PROFIT_SWEEP, agendaJobId: String(job.attrs._id) });
    const owed = await asSystem(orm, 'the profit sweep lists the sellers owed a recompute', jobLog, async (em) => {
      const { rows } = await sql<{ user_id: string }>`
        select distinct user_id from profit_stale_days where updated_at < now() - ${OWED_FOR}::interval`.execute(em.getKysely());
      return rows.map((r) => r.user_id);
    });
    for (const userId of owed) await queue.add({ userId });
    if (owed.length) jobLog.info({ sellers: owed.length }, 'profit recomputes queued for days left owed');
  });
  // every() keeps one job per name, however many processes call it.
  await agenda.every(EVERY, PROFIT_SWEEP);
}
