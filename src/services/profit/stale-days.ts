import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { sellerTimezoneSql } from './seller-days.js';

/**
 * Marks days stale. Each function is one statement, run in the transaction of whatever changed.
 *
 * A day already stale is not inserted again, but its row is touched (`do update`), not passed over
 * (`do nothing`): the update takes the row's lock until the change commits. The recompute takes
 * its days `for update skip locked`, so it leaves a day whose change is not committed yet, and a
 * change made while the recompute holds the day waits for it, then marks the day again (the
 * recompute has deleted the row by then, so it is inserted afresh). With `do nothing` a change that
 * committed after the recompute read the day's orders but before it deleted the row would be lost.
 * The recompute never waits for a writer (it skips the orders a writer holds), so this wait cannot
 * deadlock. Rows go in day order, so two writers marking the same days lock them in one order.
 */
const insertDays = (userId: string, days: RawBuilder<unknown>) => sql`
  insert into profit_stale_days (id, user_id, day, created_at, updated_at)
  select gen_random_uuid(), ${userId}::uuid, d.day, now(), now()
  from (${days}) as d(day) where d.day is not null
  order by d.day
  on conflict (user_id, day) do update set updated_at = now()`;

/** The days (in the seller's time zone) of these orders: by their ids, or by one account's external ids. */
export async function markOrderDaysStale(
  tx: EntityManager,
  userId: string,
  orders: { orderIds: string[] } | { channelAccountId: string; externalIds: string[] },
): Promise<void> {
  const which =
    'orderIds' in orders
      ? sql`o.id = any(${orders.orderIds}::uuid[])`
      : sql`o.channel_account_id = ${orders.channelAccountId}::uuid and o.external_id = any(${orders.externalIds}::text[])`;
  const days = sql`
    select distinct (o.ordered_at at time zone ${sellerTimezoneSql(userId)})::date
    from orders o where o.user_id = ${userId}::uuid and ${which}`;
  await insertDays(userId, days).execute(tx.getKysely());
}

/** These days (YYYY-MM-DD, the seller's): a day's ad spend changed. */
export async function markDaysStale(tx: EntityManager, userId: string, days: string[]): Promise<void> {
  if (!days.length) return;
  await insertDays(userId, sql`select distinct unnest(${days}::date[])`).execute(tx.getKysely());
}

/** The days on or after `fromDay` with an order selling one of these SKUs: their cost or GST rate changed. */
export async function markSkuDaysStale(tx: EntityManager, userId: string, skus: string[], fromDay: string): Promise<void> {
  if (!skus.length) return;
  const tz = sellerTimezoneSql(userId);
  // The bound is a materialized CTE's column: row-level security keeps timezone() (not leakproof) out of index conditions.
  const days = sql`
    with since as materialized (select (${fromDay}::date::timestamp at time zone ${tz}) as lo)
    select distinct (o.ordered_at at time zone ${tz})::date
    from since, order_items i join orders o on o.user_id = ${userId}::uuid and o.id = i.order_id
    where i.user_id = ${userId}::uuid and i.sku = any(${skus}::text[]) and o.ordered_at >= since.lo`;
  await insertDays(userId, days).execute(tx.getKysely());
}

/**
 * The days on or after `fromDay` with an order or ad spend in one of these currencies: their
 * exchange rate changed. Ad spend is dated as its account reports it, orders in the seller's time zone.
 */
export async function markCurrencyDaysStale(tx: EntityManager, userId: string, currencies: string[], fromDay: string): Promise<void> {
  if (!currencies.length) return;
  const tz = sellerTimezoneSql(userId);
  // The bound is a materialized CTE's column: row-level security keeps timezone() (not leakproof) out of index conditions.
  const days = sql`
    with since as materialized (select (${fromDay}::date::timestamp at time zone ${tz}) as lo)
    select (o.ordered_at at time zone ${tz})::date
    from since, orders o
    where o.user_id = ${userId}::uuid and o.currency = any(${currencies}::text[]) and o.ordered_at >= since.lo
    union
    select a.date from ad_spend_daily a
    where a.user_id = ${userId}::uuid and a.currency = any(${currencies}::text[]) and a.date >= ${fromDay}::date`;
  await insertDays(userId, days).execute(tx.getKysely());
}

/** Every day with an order or ad spend: the seller's settings changed. */
export async function markEveryDayStale(tx: EntityManager, userId: string): Promise<void> {
  const days = sql`
    select (o.ordered_at at time zone ${sellerTimezoneSql(userId)})::date from orders o where o.user_id = ${userId}::uuid
    union
    select a.date from ad_spend_daily a where a.user_id = ${userId}::uuid`;
  await insertDays(userId, days).execute(tx.getKysely());
}
