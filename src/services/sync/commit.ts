import { DeadlockException } from '@mikro-orm/core';
import { sql } from 'kysely';
import type { Orm } from '../../db/database.js';
import { forUser } from '../../db/tenant-filter.js';
import { WebhookEventStatus } from '../../domain/enums.js';
import type { PageJob, PageWritten, SyncHandler, SyncPage } from './handler.js';

/**
 * One page committed as a unit, as its seller: the handler's rows, what the page moves and the
 * job's counters. A pull's page moves the account's cursor (so a job killed at any moment
 * resumes exactly after the last page written); a delivery's moves no cursor, and its last page
 * marks the stored push PROCESSED. A fresh EntityManager per page, so its transaction writes
 * this page and nothing else (a fork of the job's EntityManager would also flush the job).
 *
 * `deliveryId`: the stored push the page was read from. Its row lock makes concurrent runs of
 * one push write it once: undefined when it was written already.
 */
export async function commitPage<P extends SyncPage>(
  orm: Orm,
  handler: SyncHandler<P>,
  job: PageJob,
  page: P,
  deliveryId?: string,
): Promise<PageWritten | undefined> {
  // A page waits on the rows a recompute of the seller's profit (or a push) holds; when two such
  // transactions each wait on the other, PostgreSQL rolls one back: the page is simply written again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await writePage(orm, handler, job, page, deliveryId);
    } catch (err) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(err)) throw err;
    }
  }
}

const DEADLOCK_ATTEMPTS = 3;

/** PostgreSQL's deadlock_detected (40P01), as MikroORM converts it or as the driver raised it (kysely). */
const isDeadlock = (err: unknown): boolean => err instanceof DeadlockException || (err as { code?: unknown } | null)?.code === '40P01';

async function writePage<P extends SyncPage>(orm: Orm, handler: SyncHandler<P>, job: PageJob, page: P, deliveryId?: string): Promise<PageWritten | undefined> {
  return forUser(orm.em, job.target.userId).transactional(async (tx) => {
    const db = tx.getKysely();
    if (deliveryId) {
      const locked = await sql<{ status: string }>`select status from webhook_events where id = ${deliveryId}::uuid for update`.execute(db);
      if (locked.rows[0]?.status !== WebhookEventStatus.RECEIVED) return undefined;
    }
    const written = await handler.write(tx, job, page);
    if (deliveryId) {
      if (page.done) await sql`update webhook_events set status = 'PROCESSED', error = null, processed_at = now() where id = ${deliveryId}::uuid`.execute(db);
    } else if (page.cursor !== undefined) {
      await sql`update channel_accounts set sync_cursor = ${page.cursor}, updated_at = now() where id = ${job.target.channelAccountId}::uuid`.execute(db);
    }
    await sql`
      update sync_jobs set processed = processed + ${written.processed}, created = created + ${written.created},
        updated = updated + ${written.updated}, total = coalesce(${page.total ?? null}::int, total)
      where id = ${job.jobId}::uuid`.execute(db);
    return written;
  });
}
