import pg from 'pg';

// Any constant shared by every Sutra process; it names the advisory lock below.
const STARTUP_LOCK = 7_374_201;

/**
 * Runs `fn` while holding a PostgreSQL advisory lock, so that of several API and worker
 * processes starting together one at a time migrates the schema and lets Agenda create
 * its tables (concurrent CREATE TABLE IF NOT EXISTS collide in pg_class). The lock is
 * session-level, so it lives on its own connection. With no URL (the embedded database:
 * one process, one session) `fn` just runs.
 */
export async function withStartupLock<T>(url: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!url) return fn();
  const client = new pg.Client({ connectionString: url });
  // A dropped connection rejects the statement in flight; unheard, its 'error' event would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await fn();
  } finally {
    await client.end();
  }
}
