import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { SpendRow } from '../providers/types.js';
import { markDaysStale } from './profit/stale-days.js';
import type { PageTarget } from './sync/page-target.js';

/** What writing a page of spend did: rows seen, new and changed, and the days whose figures moved. */
export interface SpendWritten {
  processed: number;
  created: number;
  updated: number;
  changedDays: string[];
}

/**
 * Upserts one AdSpendDaily per ad account and day in one statement. A day the platform
 * restated (a new spend, impressions or clicks) is updated and its profit owed again
 * (profit_stale_days, in this transaction); a day read again unchanged is left alone, so the
 * nightly re-read of the restatement window recomputes only the days that moved.
 */
export async function writeSpendRows(tx: EntityManager, target: PageTarget, rows: readonly SpendRow[]): Promise<SpendWritten> {
  if (!rows.length) return { processed: 0, created: 0, updated: 0, changedDays: [] };
  const col = <T>(pick: (r: SpendRow) => T) => rows.map(pick);
  const { rows: written } = await sql<{ date: string; inserted: boolean }>`
    insert into ad_spend_daily (id, user_id, channel_account_id, provider_id, account_id, date, spend, currency, timezone, impressions, clicks, fetched_at)
    select gen_random_uuid(), ${target.userId}::uuid, ${target.channelAccountId}::uuid, ${target.providerId}, x.account_id, x.date, x.spend, x.currency,
      x.timezone, x.impressions, x.clicks, now()
    from unnest(${col((r) => r.accountId)}::text[], ${col((r) => r.date)}::date[], ${col((r) => r.spend)}::numeric[], ${col((r) => r.currency)}::text[],
      ${col((r) => r.timezone ?? null)}::text[], ${col((r) => r.impressions ?? null)}::bigint[], ${col((r) => r.clicks ?? null)}::bigint[])
      as x(account_id, date, spend, currency, timezone, impressions, clicks)
    on conflict (user_id, provider_id, account_id, date) do update set
      spend = excluded.spend, currency = excluded.currency, timezone = excluded.timezone, impressions = excluded.impressions,
      clicks = excluded.clicks, channel_account_id = excluded.channel_account_id, fetched_at = now(), updated_at = now()
    where (ad_spend_daily.spend, ad_spend_daily.currency, ad_spend_daily.impressions, ad_spend_daily.clicks)
      is distinct from (excluded.spend, excluded.currency, excluded.impressions, excluded.clicks)
    returning to_char(date, 'YYYY-MM-DD') as date, (xmax = 0) as inserted`.execute(tx.getKysely());
  const changedDays = [...new Set(written.map((r) => r.date))];
  await markDaysStale(tx, target.userId, changedDays);
  const created = written.filter((r) => r.inserted).length;
  return { processed: rows.length, created, updated: written.length - created, changedDays };
}
