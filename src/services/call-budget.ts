import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Orm } from '../db/database.js';

/** Calls counted against a budget: when they were made (the database's clock) and how many. */
interface Spent {
  at: Date;
  calls: number;
}

/**
 * Waits until a deployment-wide budget allows `calls` more calls, then counts them: at most
 * `limit` calls in any `windowMs`, shared by every seller and every Sutra process, since a
 * provider's limit per IP address (Delhivery's 750 tracking calls per 5 minutes,
 * docs/providers.md §7.2) counts every seller behind the one address. The calls are kept in
 * PostgreSQL (call_budget_calls), read and counted under an advisory lock on the budget's name,
 * timed by the database's clock so that processes whose clocks differ still agree.
 */
export async function spendBudget(orm: Orm, name: string, limit: number, windowMs: number, calls = 1): Promise<void> {
  if (!Number.isInteger(calls) || calls < 1 || calls > limit) throw new RangeError(`${calls} calls cannot fit a budget of ${limit}`);
  for (;;) {
    const waitMs = await orm.em.fork().transactional(async (tx) => {
      const db = tx.getKysely();
      await sql`select pg_advisory_xact_lock(hashtextextended(${`call-budget:${name}`}, 0))`.execute(db);
      const { rows: clock } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
      const now = new Date(clock[0]!.now);
      const windowStart = new Date(now.getTime() - windowMs);
      // What fell out of the window is of no more use to anyone.
      await sql`delete from call_budget_calls where name = ${name} and at <= ${windowStart}`.execute(db);
      const { rows: spent } = await sql<Spent>`select at, calls from call_budget_calls where name = ${name} order by at`.execute(db);
      const used = spent.reduce((sum, s) => sum + s.calls, 0);
      if (used + calls <= limit) {
        await sql`insert into call_budget_calls (name, at, calls) values (${name}, ${now}, ${calls})`.execute(db);
        return 0;
      }
      return untilFreed(spent, used + calls - limit, windowMs, now);
    });
    if (waitMs === 0) return;
    await sleep(waitMs);
  }
}

/** How long until the oldest calls leave the window and free `needed` of them. */
function untilFreed(spent: Spent[], needed: number, windowMs: number, now: Date): number {
  let freed = 0;
  for (const s of spent) {
    freed += s.calls;
    if (freed >= needed) return Math.max(1, new Date(s.at).getTime() + windowMs - now.getTime() + 1);
  }
  return windowMs;
}
