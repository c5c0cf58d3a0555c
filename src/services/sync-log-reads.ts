import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { inTransaction } from '../db/tenant-filter.js';

export interface SyncLogLine {
  jobId: string;
  at: Date;
  level: string;
  message: string;
}

/**
 * The first `first` log lines of each of these jobs, oldest first, in one statement however
 * many jobs (syncHistory { logs } used to run one query per job). Plain SQL does not pass
 * through the tenant filter, so the user's id is named and filtered on here; row-level
 * security needs it named to the transaction too (inTransaction: `em` is the user's).
 */
export async function readSyncLogs(em: EntityManager, userId: string, jobIds: readonly string[], first: number): Promise<Map<string, SyncLogLine[]>> {
  const query = sql<SyncLogLine>`
    select job_id as "jobId", at, level, message from (
      select job_id, at, level, message, row_number() over (partition by job_id order by at, id) as n
      from sync_logs where user_id = ${userId}::uuid and job_id = any(${jobIds}::uuid[])
    ) l where n <= ${first} order by job_id, n`;
  const rows = await inTransaction(em, (db) => query.execute(db));
  const byJob = new Map<string, SyncLogLine[]>(jobIds.map((id) => [id, []]));
  for (const row of rows.rows) byJob.get(row.jobId)?.push({ ...row, at: new Date(row.at) });
  return byJob;
}
