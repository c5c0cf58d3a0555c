import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { OrderFees, SyncSession } from '../providers/types.js';
import { markOrderDaysStale } from './profit/stale-days.js';
import type { SyncRun } from './sync/handler.js';
import type { PageTarget } from './sync/page-target.js';

/**
 * How far back each read of a marketplace's finances reaches. A connector totals each order's
 * fees over the events posted in the window, so an order's total is whole only when the window
 * holds its first event (its shipment): only orders placed inside the window are written. Returns
 * and RTOs reverse fees within about two weeks of delivery (UNVERIFIED: Amazon India's return
 * windows are 7 to 30 days by category), and events appear up to 48 hours late (docs/providers.md §2.5).
 */
const WINDOW_MS = 30 * 86_400_000;

/** How often an account's fees are read: every orders sync would read the whole window again at 0.5 calls a second. */
const READ_EVERY_MS = 6 * 3600_000;

/**
 * From when this sync reads fees, or undefined when they were read lately: `since` asked for,
 * else the first sync's window on a first read, else the last WINDOW_MS.
 */
export async function feesWindow(run: SyncRun, session: SyncSession, now = new Date()): Promise<Date | undefined> {
  const readAt = await run.transaction(async (tx) => {
    const { rows } = await sql<{ fees_read_at: Date | null }>`
      select fees_read_at from channel_accounts
      where user_id = ${run.target.userId}::uuid and id = ${run.target.channelAccountId}::uuid`.execute(tx.getKysely());
    return rows[0]?.fees_read_at ? new Date(rows[0].fees_read_at) : undefined;
  });
  if (session.since) return session.since;
  if (!readAt) return session.firstSyncFrom;
  return now.getTime() - readAt.getTime() < READ_EVERY_MS ? undefined : new Date(now.getTime() - WINDOW_MS);
}

/**
 * Writes the marketplace's fees onto the orders they were charged on, placed from `placedSince`
 * on (one statement), and owes the days of those orders their profit again: their day is marked
 * before their row is written, as every writer does, so a recompute holding the day is waited for
 * first. Fees of orders Sutra does not hold are left out. Returns how many orders changed.
 */
export async function writeOrderFees(tx: EntityManager, target: PageTarget, fees: readonly OrderFees[], placedSince: Date): Promise<number> {
  if (!fees.length) return 0;
  const ids = fees.map((f) => f.externalOrderId);
  await markOrderDaysStale(tx, target.userId, { channelAccountId: target.channelAccountId, externalIds: ids });
  const { rows } = await sql<{ id: string }>`
    update orders o set channel_fees = f.fees, updated_at = now()
    from unnest(${ids}::text[], ${fees.map((f) => f.fees)}::numeric[]) as f(external_id, fees)
    where o.user_id = ${target.userId}::uuid and o.channel_account_id = ${target.channelAccountId}::uuid and o.external_id = f.external_id
      and o.ordered_at >= ${placedSince.toISOString()}::timestamptz and o.channel_fees is distinct from f.fees
    returning o.id`.execute(tx.getKysely());
  return rows.length;
}

/** The fees were read up to now: the next read waits READ_EVERY_MS. */
export async function markFeesRead(tx: EntityManager, target: PageTarget): Promise<void> {
  await sql`update channel_accounts set fees_read_at = now() where user_id = ${target.userId}::uuid and id = ${target.channelAccountId}::uuid`.execute(
    tx.getKysely(),
  );
}
